/**
 * Bulk writers of `settle seed`: rows straight into the tables on a raw connection, one
 * transaction per batch of invoices (their customers, lines, payments, refunds and credit
 * notes). SQLite: multi-row INSERTs of prepared statements (500 rows each). PostgreSQL: one
 * INSERT … SELECT FROM unnest($1::text[], $2::int8[], …) per table and batch — each column
 * sent as one array, so a batch of any size is one statement (no 65,535-parameter limit, one
 * parse), several times faster than multi-row VALUES.
 *
 * The guard triggers that refuse lines on finalized invoices are satisfied by inserting the
 * lines first (SQLite, on a connection without foreign key checks) or by switching that
 * trigger off inside the batch's transaction (PostgreSQL): run the seed on a quiet database.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { sqlitePathFromUrl } from '../../db/connection.ts';

const SQLITE_ROWS_PER_STATEMENT = 500;


type Value = string | number | null;
export type Row = Value[];

export const COLUMNS = {
  invoices: [
    'id', 'organization_id', 'customer_id', 'number', 'status', 'currency', 'issue_date', 'due_date', 'prices_include_tax', 'notes', 'terms',
    'subtotal', 'allowance_total', 'charge_total', 'tax_total', 'total', 'amount_paid', 'amount_credited', 'amount_due', 'taxes',
    'customer_snapshot', 'seller_snapshot', 'finalized_at', 'paid_at', 'voided_at', 'uncollectible_at', 'sent_at', 'created_at', 'updated_at',
    'overdue_at',
  ],
  invoice_lines: [
    'id', 'organization_id', 'invoice_id', 'position', 'product_id', 'description', 'quantity', 'unit', 'unit_price', 'discount',
    'tax_rate_id', 'tax_name', 'tax_category', 'tax_percentage', 'tax_exemption_reason', 'net_amount',
  ],
  payments: [
    'id', 'organization_id', 'invoice_id', 'customer_id', 'currency', 'amount', 'applied_amount', 'excess_amount', 'refunded_amount',
    'date', 'method', 'reference', 'notes', 'created_at',
  ],
  refunds: ['id', 'organization_id', 'payment_id', 'invoice_id', 'amount', 'reason', 'date', 'created_at'],
  credit_notes: [
    'id', 'organization_id', 'invoice_id', 'customer_id', 'number', 'currency', 'reason', 'issue_date', 'subtotal', 'tax_total', 'total',
    'applied_amount', 'credit_amount', 'taxes', 'lines', 'customer_snapshot', 'seller_snapshot', 'created_at',
  ],
  customers: [
    'id', 'organization_id', 'name', 'email', 'phone', 'address', 'tax_id', 'currency', 'language', 'payment_terms_days', 'notes',
    'archived', 'anonymized_at', 'created_at', 'updated_at',
  ],
} as const;
export type Table = keyof typeof COLUMNS;
export type Batch = Record<Table, Row[]>;

export const emptyBatch = (): Batch => ({ invoices: [], invoice_lines: [], payments: [], refunds: [], credit_notes: [], customers: [] });

/** Integer columns (sent to PostgreSQL as int8 arrays); every other column is text. */
const INTEGER_COLUMNS = new Set([
  'invoices.prices_include_tax', 'invoices.subtotal', 'invoices.allowance_total', 'invoices.charge_total', 'invoices.tax_total', 'invoices.total',
  'invoices.amount_paid', 'invoices.amount_credited', 'invoices.amount_due',
  'invoice_lines.position', 'invoice_lines.net_amount',
  'payments.amount', 'payments.applied_amount', 'payments.excess_amount', 'payments.refunded_amount',
  'refunds.amount',
  'credit_notes.subtotal', 'credit_notes.tax_total', 'credit_notes.total', 'credit_notes.applied_amount', 'credit_notes.credit_amount',
  'customers.payment_terms_days', 'customers.archived',
]);

/** Inserts a batch of rows in one transaction. */
export interface BulkWriter {
  write(batch: Batch): Promise<void>;
  close(): Promise<void>;
}

function placeholders(rows: number, columns: number): string {
  const group = `(${Array.from({ length: columns }, () => '?').join(',')})`;
  return Array.from({ length: rows }, () => group).join(',');
}

export function sqliteWriter(url: string): BulkWriter {
  const sqlite = new BetterSqlite3(sqlitePathFromUrl(url));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // The rows reference each other correctly by construction. With deferred foreign keys,
  // SQLite would scan every child table without an index on invoice_id for each invoice.
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -262144');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (table: Table, rows: number) => {
    const key = `${table}:${rows}`;
    let found = statements.get(key);
    if (!found) {
      const columns = COLUMNS[table];
      found = sqlite.prepare(`insert into ${table} (${columns.join(',')}) values ${placeholders(rows, columns.length)}`);
      statements.set(key, found);
    }
    return found;
  };
  const insert = (table: Table, rows: Row[]) => {
    for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
      statement(table, chunk.length).run(chunk.flat());
    }
  };
  // Lines go in before their invoices: the guard trigger only refuses lines of an invoice
  // that is already finalized.
  const transaction = sqlite.transaction((batch: Batch) => {
    insert('customers', batch.customers);
    insert('invoice_lines', batch.invoice_lines);
    insert('invoices', batch.invoices);
    insert('payments', batch.payments);
    insert('refunds', batch.refunds);
    insert('credit_notes', batch.credit_notes);
  });
  return {
    write: (batch) => Promise.resolve(transaction.immediate(batch)),
    close: () => Promise.resolve(void sqlite.close()),
  };
}

export async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const insert = async (table: Table, rows: Row[]) => {
    if (rows.length === 0) return;
    const columns = COLUMNS[table];
    const arrays = columns.map((_, c) => rows.map((row) => row[c] ?? null));
    const casts = columns.map((column, c) => `$${c + 1}::${INTEGER_COLUMNS.has(`${table}.${column}`) ? 'int8' : 'text'}[]`);
    await client.query({
      name: `seed_${table}`,
      text: `insert into ${table} (${columns.join(',')}) select * from unnest(${casts.join(',')})`,
      values: arrays,
    });
  };
  return {
    async write(batch) {
      await client.query('begin');
      try {
        // Transactional: the trigger is back on at commit, or on rollback.
        await client.query('alter table invoice_lines disable trigger invoice_lines_frozen');
        await insert('customers', batch.customers);
        await insert('invoices', batch.invoices);
        await insert('invoice_lines', batch.invoice_lines);
        await insert('payments', batch.payments);
        await insert('refunds', batch.refunds);
        await insert('credit_notes', batch.credit_notes);
        await client.query('alter table invoice_lines enable trigger invoice_lines_frozen');
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    },
    close: () => client.end(),
  };
}
