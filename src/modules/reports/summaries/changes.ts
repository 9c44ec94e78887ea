/**
 * A batch of changes to the report summary tables, collected by one business event and
 * written at its end, in its transaction: amounts are added to the rows (created when
 * missing) with one multi-row upsert per table.
 *
 * Rows are written in one fixed order — table by table in SUMMARY_TABLES order, keys sorted
 * — by every event. On PostgreSQL an upsert locks its row until commit; with one order for
 * all, two transactions never wait for each other in a circle (no deadlock), they queue.
 * The summaries are the last step of the global lock order (db/dialect.ts): a use case
 * writes its documents first. A use case whose events apply twice (applyMoneyChange, then
 * the payment's own event) only ever reaches a later table in the second one; work that must
 * run on a table's rows while they are locked goes through `afterTable`, never after apply.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../kernel/context.ts';

/** Key columns (after organization_id) and summed columns of each table, in writing order. */
export const SUMMARY_TABLES = {
  report_customers: {
    keys: ['currency', 'customer_id'],
    sums: ['invoiced', 'invoice_count', 'received', 'payment_count', 'refunded', 'refund_count', 'outstanding', 'open_count', 'paid_days', 'paid_count'],
  },
  report_due: { keys: ['currency', 'due_date'], sums: ['amount_due', 'invoice_count'] },
  report_daily: {
    keys: ['day', 'currency'],
    sums: [
      'invoiced_net', 'invoiced_tax', 'invoiced_total', 'invoice_count',
      'credited_net', 'credited_tax', 'credited_total', 'credit_note_count',
      'received', 'payment_count', 'refunded', 'refund_count',
      'receivable_change', 'receivable_count_change',
    ],
  },
  report_daily_taxes: { keys: ['day', 'currency', 'category', 'percentage', 'tax_rate_key'], sums: ['taxable', 'tax', 'row_count'] },
  report_daily_products: { keys: ['day', 'currency', 'product_key'], sums: ['net', 'quantity', 'line_count', 'invoice_count'] },
  report_paid: { keys: ['paid_on', 'currency', 'customer_id'], sums: ['days', 'invoice_count'] },
  report_customer_months: {
    keys: ['month', 'currency', 'customer_id'],
    sums: ['invoiced', 'invoice_count', 'received', 'payment_count', 'refunded', 'refund_count'],
  },
  report_monthly_customers: { keys: ['month', 'currency'], sums: ['customers', 'new_customers'] },
} as const;

export type SummaryTable = keyof typeof SUMMARY_TABLES;
type Keys<T extends SummaryTable> = Record<(typeof SUMMARY_TABLES)[T]['keys'][number], string>;
type Sums<T extends SummaryTable> = Partial<Record<(typeof SUMMARY_TABLES)[T]['sums'][number], bigint | number>>;

interface PendingRow {
  key: string[];
  sums: Map<string, bigint>;
  /** report_daily_taxes: the rate's name as written on an invoice, kept when that invoice is the day's latest. */
  name?: { name: string; invoiceId: string };
}

export class SummaryChanges {
  private readonly tables = new Map<SummaryTable, Map<string, PendingRow>>();
  private readonly after = new Map<SummaryTable, ((db: Executor) => Promise<void>)[]>();

  constructor(private readonly orgId: string) {}

  /** Adds `sums` to the row of `table` with `keys` (zero additions are dropped). */
  add<T extends SummaryTable>(table: T, keys: Keys<T>, sums: Sums<T>): void {
    const row = this.row(table, keys);
    for (const [column, value] of Object.entries<bigint | number | undefined>(sums)) {
      if (value === undefined) continue;
      row.sums.set(column, (row.sums.get(column) ?? 0n) + BigInt(value));
    }
  }

  /** The name a tax rate had on invoice `invoiceId`; the row keeps the one of the day's latest invoice. */
  nameTaxRate(keys: Keys<'report_daily_taxes'>, name: string, invoiceId: string): void {
    const row = this.row('report_daily_taxes', keys);
    if (row.name === undefined || invoiceId > row.name.invoiceId) row.name = { name, invoiceId };
  }

  /** Runs `work` right after `table`'s rows are written (and locked), before the next table's. */
  afterTable(table: SummaryTable, work: (db: Executor) => Promise<void>): void {
    const list = this.after.get(table) ?? [];
    list.push(work);
    this.after.set(table, list);
  }

  async apply(db: Executor): Promise<void> {
    for (const table of Object.keys(SUMMARY_TABLES) as SummaryTable[]) {
      const rows = [...(this.tables.get(table)?.entries() ?? [])]
        .filter(([, row]) => row.name !== undefined || [...row.sums.values()].some((v) => v !== 0n))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, row]) => row);
      if (rows.length > 0) await upsert(db, this.orgId, table, rows);
      for (const work of this.after.get(table) ?? []) await work(db);
    }
    this.tables.clear();
    this.after.clear();
  }

  private row<T extends SummaryTable>(table: T, keys: Keys<T>): PendingRow {
    const key = SUMMARY_TABLES[table].keys.map((column) => (keys as Record<string, string>)[column] as string);
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map<string, PendingRow>()));
    const id = JSON.stringify(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, sums: new Map() }));
    return row;
  }
}

async function upsert(db: Executor, orgId: string, table: SummaryTable, rows: PendingRow[]): Promise<void> {
  const { keys, sums } = SUMMARY_TABLES[table];
  const named = table === 'report_daily_taxes';
  const columns = ['organization_id', ...keys, ...sums, ...(named ? ['name', 'name_invoice_id'] : [])];
  const values = rows.map(
    (row) =>
      sql`(${sql.join([
        sql`${orgId}`,
        ...row.key.map((k) => sql`${k}`),
        ...sums.map((s) => sql`${Number(row.sums.get(s) ?? 0n)}`),
        ...(named ? [sql`${row.name?.name ?? null}`, sql`${row.name?.invoiceId ?? null}`] : []),
      ])})`,
  );
  const current = (column: string) => sql.ref(`${table}.${column}`);
  const incoming = (column: string) => sql.ref(`excluded.${column}`);
  const sets: RawBuilder<unknown>[] = sums.map((s) => sql`${sql.ref(s)} = ${current(s)} + ${incoming(s)}`);
  if (named) {
    // Ids are ULIDs of one length: their text order is their creation order.
    const newer = sql`${incoming('name_invoice_id')} is not null and (${current('name_invoice_id')} is null or ${incoming('name_invoice_id')} > ${current('name_invoice_id')})`;
    sets.push(
      sql`name = case when ${newer} then ${incoming('name')} else ${current('name')} end`,
      sql`name_invoice_id = case when ${newer} then ${incoming('name_invoice_id')} else ${current('name_invoice_id')} end`,
    );
  }
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}
    on conflict (${sql.join(['organization_id', ...keys].map((c) => sql.ref(c)))}) do update set ${sql.join(sets)}`.execute(db);
}
