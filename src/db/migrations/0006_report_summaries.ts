/**
 * Report summaries: small tables the reports read instead of scanning a million invoices,
 * kept up to date in the same transaction as the documents that change them (see
 * src/modules/reports/summaries/), and filled here from the existing documents (by a frozen
 * copy of the rebuild: 0006_report_summaries.backfill.ts).
 *
 * - report_daily: per organization, day and currency — invoiced (net, tax, total, count) by
 *   issue date, credit notes by theirs, cash received by payment date, refunds by refund
 *   date, and the day's change of the receivables (the DSO analytics; domain/receivables.ts).
 * - report_daily_taxes, report_daily_products: the tax breakdowns and product lines per day.
 * - report_due: amount due now on open and partially paid invoices, per due date.
 * - report_customers: per customer and currency, all time — invoiced, cash in and out,
 *   outstanding now, days to pay.
 * - report_customer_months, report_monthly_customers: per customer and month, and the count
 *   of customers (and new ones) invoiced per month.
 * - report_paid: invoices paid in full, per day of settlement and customer.
 *
 * Daily rows keep every date range exact. Money is integer minor units; a row never mixes
 * currencies. On SQLite the tables are WITHOUT ROWID (clustered on their key, which is how
 * the reports read them). Also a few indexes on the documents for the queries that still
 * read them (aging, edges of month ranges, one invoice's refunds).
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { backfillReportSummaries } from './0006_report_summaries.backfill.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = CreateTableBuilder<any, any>;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  const table = async (name: string, keys: string[], columns: (t: Builder) => Builder, sums: string[]) => {
    let t: Builder = db.schema.createTable(name);
    for (const key of keys) t = t.addColumn(key, 'text', (c) => c.notNull());
    for (const sum of sums) t = t.addColumn(sum, 'bigint', (c) => c.notNull().defaultTo(0));
    t = columns(t).addPrimaryKeyConstraint(`${name}_pk`, keys as never);
    if (!postgres) t = t.modifyEnd(sql`without rowid`);
    await t.execute();
  };
  const none = (t: Builder) => t;

  await table(
    'report_daily',
    ['organization_id', 'day', 'currency'],
    none,
    [
      'invoiced_net', 'invoiced_tax', 'invoiced_total', 'invoice_count',
      'credited_net', 'credited_tax', 'credited_total', 'credit_note_count',
      'received', 'payment_count', 'refunded', 'refund_count',
      'receivable_change', 'receivable_count_change',
    ],
  );
  await table(
    'report_daily_taxes',
    ['organization_id', 'day', 'currency', 'category', 'percentage', 'tax_rate_key'],
    (t) => t.addColumn('name', 'text').addColumn('name_invoice_id', 'text'),
    ['taxable', 'tax', 'row_count'],
  );
  await table('report_daily_products', ['organization_id', 'day', 'currency', 'product_key'], none, ['net', 'quantity', 'line_count', 'invoice_count']);
  await table('report_due', ['organization_id', 'currency', 'due_date'], none, ['amount_due', 'invoice_count']);
  await table(
    'report_customers',
    ['organization_id', 'currency', 'customer_id'],
    none,
    ['invoiced', 'invoice_count', 'received', 'payment_count', 'refunded', 'refund_count', 'outstanding', 'open_count', 'paid_days', 'paid_count'],
  );
  await table(
    'report_customer_months',
    ['organization_id', 'month', 'currency', 'customer_id'],
    none,
    ['invoiced', 'invoice_count', 'received', 'payment_count', 'refunded', 'refund_count'],
  );
  await table('report_monthly_customers', ['organization_id', 'month', 'currency'], none, ['customers', 'new_customers']);
  await table('report_paid', ['organization_id', 'paid_on', 'currency', 'customer_id'], none, ['days', 'invoice_count']);

  // Top customers of all time: the largest invoiced first, straight from the index.
  await db.schema.createIndex('report_customers_rank_idx').on('report_customers').columns(['organization_id', 'currency', 'invoiced']).execute();
  // A customer's months (first month invoiced: new or returning).
  await db.schema.createIndex('report_customer_months_customer_idx').on('report_customer_months').columns(['organization_id', 'customer_id', 'month']).execute();

  // Aging: every open invoice with something due, in customer order, without reading the table.
  // The condition is written with literals: SQLite uses a partial index only for a query that
  // repeats it, and a bound parameter is not a repetition.
  await db.schema
    .createIndex('invoices_open_aging_idx')
    .on('invoices')
    .columns(['organization_id', 'customer_id', 'currency', 'due_date', 'issue_date', 'amount_due'])
    .where(sql.raw<boolean>(`status in ('open', 'partially_paid') and amount_due > 0`))
    .execute();
  // Month ranges read their partial first and last month from the documents.
  await db.schema.createIndex('invoices_org_issue_sales_idx').on('invoices').columns(['organization_id', 'issue_date', 'status', 'currency', 'customer_id', 'total']).execute();
  await db.schema.createIndex('refunds_org_date_idx').on('refunds').columns(['organization_id', 'date']).execute();
  // One invoice's refunds and the customer credit they took back (summaries of a void or write-off).
  await db.schema.createIndex('refunds_org_invoice_idx').on('refunds').columns(['organization_id', 'invoice_id']).execute();
  await db.schema.createIndex('customer_credit_org_invoice_idx').on('customer_credit_entries').columns(['organization_id', 'invoice_id']).execute();
  // Sales and statements of one customer.
  await db.schema.createIndex('credit_notes_org_customer_idx').on('credit_notes').columns(['organization_id', 'customer_id']).execute();

  // Fresh statistics first: the backfill joins every document table, and PostgreSQL plans a
  // join of freshly loaded tables without them very badly (minutes instead of seconds).
  if (postgres) await sql`analyze invoices, invoice_lines, payments, refunds, credit_notes, customer_credit_entries`.execute(db);
  await backfillReportSummaries(db, postgres ? 'postgres' : 'sqlite');
}
