/**
 * The report summaries computed from scratch from the documents, set-based in SQL: the last
 * step of `settle seed`, and the reference the tests compare the event-by-event maintenance
 * (events.ts) with. One organization, or all. (Migration 0006 backfills with a frozen copy
 * of this file, src/db/migrations/0006_report_summaries.backfill.ts: migrations import no
 * application code, so a change here changes no old migration.)
 *
 * The same definitions as events.ts, written as aggregates:
 * - sales count finalized, non-void invoices by issue date; credit notes by theirs;
 * - cash counts payments other than applied customer credit by payment date, refunds by theirs;
 * - receivable changes follow domain/receivables.ts: +total on the issue day, each money
 *   move on max(its date, issue day), and on the write-off day (max(uncollectible day, issue
 *   day)) everything counted so far taken off again; moves dated on or after it never count;
 * - an invoice paid in full was settled on the latest date of the payments and credit notes
 *   that paid part of it, never before its issue date.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../../../db/connection.ts';
import type { Executor } from '../../../kernel/context.ts';
import { SUMMARY_TABLES } from './changes.ts';

type Sql = RawBuilder<unknown>;

const INVOICED = sql.raw(`('open', 'partially_paid', 'paid', 'uncollectible')`);
const OPEN = sql.raw(`('open', 'partially_paid')`);

/** The later of two dates (`b` may be null). */
const later = (a: Sql, b: Sql): Sql => sql`case when ${b} > ${a} then ${b} else ${a} end`;

interface Dialect {
  days(from: Sql, to: Sql): Sql;
  /** A decimal text quantity as an exact integer scaled by 10^6. */
  scaledQuantity(column: Sql): Sql;
  /** FROM part: `alias`'s `taxes` JSON array as rows `j`. */
  taxRows(table: 'invoices' | 'credit_notes', alias: string): Sql;
  text(field: string): Sql;
  integer(field: string): Sql;
  before(text: Sql, separator: string): Sql;
  after(text: Sql, separator: string): Sql;
}

const SQLITE: Dialect = {
  days: (from, to) => sql`cast(round(julianday(${to}) - julianday(${from})) as integer)`,
  scaledQuantity: (q) => {
    const unsigned = sql`ltrim(${q}, '-')`;
    const dot = sql`instr(${unsigned}, '.')`;
    const whole = sql`case when ${dot} > 0 then substr(${unsigned}, 1, ${dot} - 1) else ${unsigned} end`;
    const fraction = sql`case when ${dot} > 0 then substr(substr(${unsigned}, ${dot} + 1) || '000000', 1, 6) else '0' end`;
    return sql`(case when substr(${q}, 1, 1) = '-' then -1 else 1 end) * (cast(${whole} as integer) * 1000000 + cast(${fraction} as integer))`;
  },
  taxRows: (table, alias) => sql`${sql.table(table)} as ${sql.raw(alias)}, json_each(${sql.raw(alias)}.taxes) as j`,
  text: (field) => sql`json_extract(j.value, ${`$.${field}`})`,
  integer: (field) => sql`cast(json_extract(j.value, ${`$.${field}`}) as integer)`,
  before: (text, separator) => sql`substr(${text}, 1, instr(${text}, ${separator}) - 1)`,
  after: (text, separator) => sql`substr(${text}, instr(${text}, ${separator}) + 1)`,
};

const POSTGRES: Dialect = {
  days: (from, to) => sql`(cast(${to} as date) - cast(${from} as date))`,
  scaledQuantity: (q) => sql`cast(cast(${q} as numeric) * 1000000 as bigint)`,
  taxRows: (table, alias) => sql`${sql.table(table)} as ${sql.raw(alias)} cross join lateral jsonb_array_elements(cast(${sql.raw(alias)}.taxes as jsonb)) as j(value)`,
  text: (field) => sql`(j.value ->> ${sql.lit(field)})`,
  integer: (field) => sql`cast(j.value ->> ${sql.lit(field)} as bigint)`,
  before: (text, separator) => sql`split_part(${text}, ${separator}, 1)`,
  after: (text, separator) => sql`substr(${text}, strpos(${text}, ${separator}) + 1)`,
};

/** Replaces the summaries of one organization (or of all) with figures computed from the documents. */
export async function rebuildReportSummaries(db: Executor, dialect: DialectName, orgId?: string, log?: (line: string) => void): Promise<void> {
  const d = dialect === 'postgres' ? POSTGRES : SQLITE;
  const scope = (alias: string): Sql => (orgId === undefined ? sql`1 = 1` : sql`${sql.ref(`${alias}.organization_id`)} = ${orgId}`);
  const run = async (query: Sql) => {
    const started = performance.now();
    const result = await query.execute(db);
    log?.(`${(performance.now() - started).toFixed(0).padStart(7)} ms  ${query.compile(db).sql.replace(/\s+/g, ' ').slice(0, 90)}`);
    return result;
  };

  for (const table of Object.keys(SUMMARY_TABLES) as (keyof typeof SUMMARY_TABLES)[]) {
    await run(sql`delete from ${sql.table(table)} where ${scope(table)}`);
  }

  /** An insert of grouped sums: `branches` each select the keys then every summed column. */
  const insertSums = (table: keyof typeof SUMMARY_TABLES, branches: Sql[], extra?: { columns: string[]; select: Sql[] }) => {
    const { keys, sums } = SUMMARY_TABLES[table];
    const group = ['organization_id', ...keys].map((k) => sql.ref(`x.${k}`));
    return run(sql`insert into ${sql.table(table)} (${sql.join(['organization_id', ...keys, ...sums, ...(extra?.columns ?? [])].map((c) => sql.ref(c)))})
      select ${sql.join([...group, ...sums.map((s) => sql`sum(${sql.ref(`x.${s}`)})`), ...(extra?.select ?? [])])}
      from (${sql.join(branches, sql` union all `)}) as x
      group by ${sql.join(group)}`);
  };
  /** A select of keys and sums, zeros for the sums not given. */
  const branch = (table: keyof typeof SUMMARY_TABLES, keys: Sql[], sums: Record<string, Sql>, from: Sql, extra: Sql[] = []) => {
    const names = [...SUMMARY_TABLES[table].keys];
    const cols = [
      sql`${keys[0]} as organization_id`,
      ...names.map((name, i) => sql`${keys[i + 1]} as ${sql.ref(name)}`),
      ...SUMMARY_TABLES[table].sums.map((s) => sql`${sums[s] ?? sql`0`} as ${sql.ref(s)}`),
      ...extra,
    ];
    return sql`select ${sql.join(cols)} from ${from}`;
  };

  // Money moves that change what is owed on an invoice (see SummariesRepo.receivableMoves).
  const moves = sql`(
    select p.organization_id, p.invoice_id, p.date as d, -p.applied_amount as a from payments p where ${scope('p')} and p.applied_amount <> 0
    union all
    select r.organization_id, r.invoice_id, r.date, r.amount + coalesce((
      select sum(e.amount) from customer_credit_entries e
       where e.organization_id = r.organization_id and e.invoice_id = r.invoice_id and e.source_type = 'refund' and e.source_id = r.id), 0)
      from refunds r where ${scope('r')}
    union all
    select n.organization_id, n.invoice_id, n.issue_date, -n.applied_amount from credit_notes n where ${scope('n')} and n.applied_amount <> 0
  ) as m join invoices i on i.id = m.invoice_id and i.organization_id = m.organization_id`;
  const writtenOff = later(sql`substr(i.uncollectible_at, 1, 10)`, sql`i.issue_date`);
  const effective = later(sql`m.d`, sql`i.issue_date`);
  // Refunds (few) first, then their payment by key: SQLite without statistics would otherwise
  // walk every payment looking for refunds (a cross join keeps SQLite's order; PostgreSQL plans it freely).
  const refundsOfCash = sql`refunds r cross join payments p
    where p.id = r.payment_id and p.organization_id = r.organization_id and ${scope('r')} and p.method <> 'customer_credit'`;

  await insertSums('report_daily', [
    branch('report_daily', [sql`i.organization_id`, sql`i.issue_date`, sql`i.currency`], {
      invoiced_net: sql`i.subtotal - i.allowance_total + i.charge_total`, invoiced_tax: sql`i.tax_total`, invoiced_total: sql`i.total`, invoice_count: sql`1`,
      receivable_change: sql`i.total`, receivable_count_change: sql`1`,
    }, sql`invoices i where ${scope('i')} and i.status in ${INVOICED}`),
    branch('report_daily', [sql`n.organization_id`, sql`n.issue_date`, sql`n.currency`], {
      credited_net: sql`n.subtotal`, credited_tax: sql`n.tax_total`, credited_total: sql`n.total`, credit_note_count: sql`1`,
    }, sql`credit_notes n where ${scope('n')}`),
    branch('report_daily', [sql`p.organization_id`, sql`p.date`, sql`p.currency`], { received: sql`p.amount`, payment_count: sql`1` },
      sql`payments p where ${scope('p')} and p.method <> 'customer_credit'`),
    branch('report_daily', [sql`r.organization_id`, sql`r.date`, sql`p.currency`], { refunded: sql`r.amount`, refund_count: sql`1` },
      refundsOfCash),
    branch('report_daily', [sql`i.organization_id`, writtenOff, sql`i.currency`], { receivable_change: sql`-i.total`, receivable_count_change: sql`-1` },
      sql`invoices i where ${scope('i')} and i.status in ${INVOICED} and i.uncollectible_at is not null`),
    // Each move once: on its effective day (k = 1) and, before a write-off, taken off again on that day (k = 2).
    branch('report_daily', [sql`i.organization_id`, sql`case when two.k = 1 then ${effective} else ${writtenOff} end`, sql`i.currency`],
      { receivable_change: sql`case when two.k = 1 then m.a else -m.a end` },
      sql`${moves} cross join (select 1 as k union all select 2 as k) as two
        where i.status in ${INVOICED} and (i.uncollectible_at is null or ${effective} < ${writtenOff}) and (two.k = 1 or i.uncollectible_at is not null)`),
  ]);

  // Names: the day's latest invoice (by id) that named the rate. "id|name" texts compare by id
  // first (ULIDs of one length), so max() picks it.
  const taxKeys = (alias: string) => [sql`${sql.raw(alias)}.organization_id`, sql`${sql.raw(alias)}.issue_date`, sql`${sql.raw(alias)}.currency`, d.text('category'), d.text('percentage'), sql`coalesce(${d.text('tax_rate_id')}, '')`];
  const named = sql`max(x.named)`;
  await insertSums('report_daily_taxes', [
    branch('report_daily_taxes', taxKeys('i'), { taxable: d.integer('taxable_amount'), tax: d.integer('tax_amount'), row_count: sql`1` },
      sql`${d.taxRows('invoices', 'i')} where ${scope('i')} and i.status in ${INVOICED}`,
      [sql`case when ${d.text('name')} is not null then i.id || '|' || ${d.text('name')} end as named`]),
    branch('report_daily_taxes', taxKeys('n'), { taxable: sql`-${d.integer('taxable_amount')}`, tax: sql`-${d.integer('tax_amount')}`, row_count: sql`1` },
      sql`${d.taxRows('credit_notes', 'n')} where ${scope('n')}`, [sql`cast(null as text) as named`]),
  ], { columns: ['name', 'name_invoice_id'], select: [d.after(named, '|'), d.before(named, '|')] });

  await run(sql`insert into report_daily_products (organization_id, day, currency, product_key, net, quantity, line_count, invoice_count)
    select i.organization_id, i.issue_date, i.currency, coalesce(l.product_id, ''), sum(l.net_amount), sum(${d.scaledQuantity(sql`l.quantity`)}), count(*), count(distinct l.invoice_id)
      from invoice_lines l join invoices i on i.id = l.invoice_id and i.organization_id = l.organization_id
     where ${scope('i')} and i.status in ${INVOICED}
     group by i.organization_id, i.issue_date, i.currency, coalesce(l.product_id, '')`);

  await run(sql`insert into report_due (organization_id, currency, due_date, amount_due, invoice_count)
    select organization_id, currency, coalesce(due_date, '9999-12-31'), sum(amount_due), count(*) from invoices i
     where ${scope('i')} and status in ${OPEN} and amount_due > 0
     group by organization_id, currency, coalesce(due_date, '9999-12-31')`);

  // Invoices paid in full and the day they were settled: one pass over their payments and
  // credit notes by index (a correlated max(date) would let SQLite walk the date index instead).
  const paid = sql`(select s.organization_id, s.currency, s.customer_id, s.issue_date, ${later(later(sql`s.issue_date`, sql`s.paid_date`), sql`s.credit_date`)} as paid_on
    from (select i.organization_id, i.currency, i.customer_id, i.issue_date, max(p.date) as paid_date, max(n.issue_date) as credit_date
            from invoices i
            left join payments p on p.organization_id = i.organization_id and p.invoice_id = i.id and p.applied_amount > 0
            left join credit_notes n on n.organization_id = i.organization_id and n.invoice_id = i.id and n.applied_amount > 0
           where ${scope('i')} and i.status = 'paid'
           group by i.id) as s) as pi`;
  await insertSums('report_paid', [
    branch('report_paid', [sql`pi.organization_id`, sql`pi.paid_on`, sql`pi.currency`, sql`pi.customer_id`], { days: d.days(sql`pi.issue_date`, sql`pi.paid_on`), invoice_count: sql`1` }, paid),
  ]);

  await insertSums('report_customers', [
    branch('report_customers', [sql`i.organization_id`, sql`i.currency`, sql`i.customer_id`], { invoiced: sql`i.total`, invoice_count: sql`1` },
      sql`invoices i where ${scope('i')} and i.status in ${INVOICED}`),
    branch('report_customers', [sql`p.organization_id`, sql`p.currency`, sql`p.customer_id`], { received: sql`p.amount`, payment_count: sql`1` },
      sql`payments p where ${scope('p')} and p.method <> 'customer_credit'`),
    branch('report_customers', [sql`r.organization_id`, sql`p.currency`, sql`p.customer_id`], { refunded: sql`r.amount`, refund_count: sql`1` },
      refundsOfCash),
    branch('report_customers', [sql`i.organization_id`, sql`i.currency`, sql`i.customer_id`], { outstanding: sql`i.amount_due`, open_count: sql`1` },
      sql`invoices i where ${scope('i')} and i.status in ${OPEN} and i.amount_due > 0`),
    branch('report_customers', [sql`rp.organization_id`, sql`rp.currency`, sql`rp.customer_id`], { paid_days: sql`rp.days`, paid_count: sql`rp.invoice_count` },
      sql`report_paid rp where ${scope('rp')}`),
  ]);

  await insertSums('report_customer_months', [
    branch('report_customer_months', [sql`i.organization_id`, sql`substr(i.issue_date, 1, 7)`, sql`i.currency`, sql`i.customer_id`], { invoiced: sql`i.total`, invoice_count: sql`1` },
      sql`invoices i where ${scope('i')} and i.status in ${INVOICED}`),
    branch('report_customer_months', [sql`p.organization_id`, sql`substr(p.date, 1, 7)`, sql`p.currency`, sql`p.customer_id`], { received: sql`p.amount`, payment_count: sql`1` },
      sql`payments p where ${scope('p')} and p.method <> 'customer_credit'`),
    branch('report_customer_months', [sql`r.organization_id`, sql`substr(r.date, 1, 7)`, sql`p.currency`, sql`p.customer_id`], { refunded: sql`r.amount`, refund_count: sql`1` },
      refundsOfCash),
  ]);

  // A customer is new in the month of their first invoice: the least of their invoiced months.
  await run(sql`insert into report_monthly_customers (organization_id, month, currency, customers, new_customers)
    select m.organization_id, m.month, m.currency, count(*), sum(case when m.month = m.first_month then 1 else 0 end)
      from (select organization_id, month, currency, customer_id, min(month) over (partition by organization_id, customer_id) as first_month
              from report_customer_months where ${scope('report_customer_months')} and invoice_count > 0) as m
     group by m.organization_id, m.month, m.currency`);
}
