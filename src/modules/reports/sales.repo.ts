/**
 * Per-day sums for the sales and revenue reports, and the stored tax breakdowns for the
 * tax report, scoped to one organization. Sums are read as text (PostgreSQL's sum(bigint)
 * is numeric) and grouped into weeks, months… by the service, identically on both databases.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';

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

export interface StoredBreakdown {
  currency: string;
  taxes: string;
}

export class SalesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  invoicesByDay(range: DateRange): Promise<DaySums[]> {
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

  /** Tax breakdowns of the invoices that count as sales, oldest first (so later names win). */
  invoiceBreakdowns(range: DateRange): Promise<StoredBreakdown[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(['currency', 'taxes'])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', SALES_STATUSES)
      .where('issue_date', 'is not', null);
    if (range.from !== undefined) q = q.where('issue_date', '>=', range.from);
    if (range.to !== undefined) q = q.where('issue_date', '<=', range.to);
    return q.orderBy('issue_date').orderBy('id').execute();
  }

  creditNoteBreakdowns(range: DateRange): Promise<StoredBreakdown[]> {
    let q = this.db.selectFrom('credit_notes').select(['currency', 'taxes']).where('organization_id', '=', this.orgId);
    if (range.from !== undefined) q = q.where('issue_date', '>=', range.from);
    if (range.to !== undefined) q = q.where('issue_date', '<=', range.to);
    return q.orderBy('issue_date').orderBy('id').execute();
  }

  async taxRateNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('tax_rates').select(['id', 'name']).where('organization_id', '=', this.orgId).where('id', 'in', ids).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
