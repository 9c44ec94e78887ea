/**
 * Per-day sums for the sales and revenue reports, and per-day tax rows for the tax report,
 * scoped to one organization. For the whole organization they come from the daily
 * summaries (report_daily, report_daily_taxes; migration 0006); for one customer from the
 * documents (a customer's documents are few, found by index). Sums are read as text
 * (PostgreSQL's sum(bigint) is numeric) and grouped into weeks, months… by the service,
 * identically on both databases.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';

/** Finalized invoices that count as sales (not drafts, not voided). */
const SALES_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
/** Payments from customer credit move credit between invoices; they are not cash received. */
const CUSTOMER_CREDIT_METHOD = 'customer_credit';

export interface DaySums {
  currency: string;
  date: string;
  net: string | null;
  tax: string | null;
  total: string | null;
  count: number | string;
}

export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
  customerId?: string | undefined;
}

/** One day's figures of one tax rate (amounts in minor units, as text). */
export interface DayTaxRow {
  currency: string;
  day: string;
  category: string;
  percentage: string;
  tax_rate_key: string;
  taxable: string;
  tax: string;
  name: string | null;
  name_invoice_id: string | null;
}

const text = (column: string) => sql<string>`cast(${sql.ref(column)} as text)`;

export class SalesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** The days of report_daily with `count` > 0 in the range, as DaySums. */
  private daily(range: DateRange, net: string | null, tax: string | null, total: string, count: string): Promise<DaySums[]> {
    let q = this.db
      .selectFrom('report_daily')
      .select([
        'currency',
        'day as date',
        net === null ? sql<string | null>`null`.as('net') : text(net).as('net'),
        tax === null ? sql<string | null>`null`.as('tax') : text(tax).as('tax'),
        text(total).as('total'),
        sql<number>`${sql.ref(count)}`.as('count'),
      ])
      .where('organization_id', '=', this.orgId)
      .where(sql.ref(count), '>', 0);
    if (range.from !== undefined) q = q.where('day', '>=', range.from);
    if (range.to !== undefined) q = q.where('day', '<=', range.to);
    return q.execute();
  }

  invoicesByDay(range: DateRange): Promise<DaySums[]> {
    if (range.customerId === undefined) return this.daily(range, 'invoiced_net', 'invoiced_tax', 'invoiced_total', 'invoice_count');
    let q = this.db
      .selectFrom('invoices')
      .select([
        'currency',
        sql<string>`issue_date`.as('date'),
        sql<string | null>`cast(sum(subtotal - allowance_total + charge_total) as text)`.as('net'),
        sql<string | null>`cast(sum(tax_total) as text)`.as('tax'),
        sql<string | null>`cast(sum(total) as text)`.as('total'),
        sql<number | string>`count(*)`.as('count'),
      ])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', SALES_STATUSES)
      .where('issue_date', 'is not', null);
    if (range.from !== undefined) q = q.where('issue_date', '>=', range.from);
    if (range.to !== undefined) q = q.where('issue_date', '<=', range.to);
    if (range.customerId !== undefined) q = q.where('customer_id', '=', range.customerId);
    return q.groupBy(['currency', 'issue_date']).execute();
  }

  creditNotesByDay(range: DateRange): Promise<DaySums[]> {
    if (range.customerId === undefined) return this.daily(range, 'credited_net', 'credited_tax', 'credited_total', 'credit_note_count');
    let q = this.db
      .selectFrom('credit_notes')
      .select([
        'currency',
        sql<string>`issue_date`.as('date'),
        sql<string | null>`cast(sum(subtotal) as text)`.as('net'),
        sql<string | null>`cast(sum(tax_total) as text)`.as('tax'),
        sql<string | null>`cast(sum(total) as text)`.as('total'),
        sql<number | string>`count(*)`.as('count'),
      ])
      .where('organization_id', '=', this.orgId);
    if (range.from !== undefined) q = q.where('issue_date', '>=', range.from);
    if (range.to !== undefined) q = q.where('issue_date', '<=', range.to);
    if (range.customerId !== undefined) q = q.where('customer_id', '=', range.customerId);
    return q.groupBy(['currency', 'issue_date']).execute();
  }

  paymentsByDay(range: DateRange): Promise<DaySums[]> {
    if (range.customerId === undefined) return this.daily(range, null, null, 'received', 'payment_count');
    let q = this.db
      .selectFrom('payments')
      .select([
        'currency',
        'date',
        sql<string | null>`null`.as('net'),
        sql<string | null>`null`.as('tax'),
        sql<string | null>`cast(sum(amount) as text)`.as('total'),
        sql<number | string>`count(*)`.as('count'),
      ])
      .where('organization_id', '=', this.orgId)
      .where('method', '!=', CUSTOMER_CREDIT_METHOD);
    if (range.from !== undefined) q = q.where('date', '>=', range.from);
    if (range.to !== undefined) q = q.where('date', '<=', range.to);
    if (range.customerId !== undefined) q = q.where('customer_id', '=', range.customerId);
    return q.groupBy(['currency', 'date']).execute();
  }

  refundsByDay(range: DateRange): Promise<DaySums[]> {
    if (range.customerId === undefined) return this.daily(range, null, null, 'refunded', 'refund_count');
    let q = this.db
      .selectFrom('refunds as r')
      .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'r.payment_id').onRef('p.organization_id', '=', 'r.organization_id'))
      .select([
        'p.currency as currency',
        'r.date as date',
        sql<string | null>`null`.as('net'),
        sql<string | null>`null`.as('tax'),
        sql<string | null>`cast(sum(r.amount) as text)`.as('total'),
        sql<number | string>`count(*)`.as('count'),
      ])
      .where('r.organization_id', '=', this.orgId)
      .where('p.method', '!=', CUSTOMER_CREDIT_METHOD);
    if (range.from !== undefined) q = q.where('r.date', '>=', range.from);
    if (range.to !== undefined) q = q.where('r.date', '<=', range.to);
    if (range.customerId !== undefined) q = q.where('p.customer_id', '=', range.customerId);
    return q.groupBy(['p.currency', 'r.date']).execute();
  }

  /** Per day and rate: invoices' tax breakdowns less credit notes', with the name the day's latest invoice gave the rate. */
  taxRowsByDay(range: DateRange): Promise<DayTaxRow[]> {
    let q = this.db
      .selectFrom('report_daily_taxes')
      .select(['currency', 'day', 'category', 'percentage', 'tax_rate_key', text('taxable').as('taxable'), text('tax').as('tax'), 'name', 'name_invoice_id'])
      .where('organization_id', '=', this.orgId)
      .where('row_count', '>', 0);
    if (range.from !== undefined) q = q.where('day', '>=', range.from);
    if (range.to !== undefined) q = q.where('day', '<=', range.to);
    return q.execute();
  }

  async taxRateNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('tax_rates').select(['id', 'name']).where('organization_id', '=', this.orgId).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
