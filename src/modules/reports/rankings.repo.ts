/**
 * Queries of the ranking reports, scoped to one organization. Sums are read as text and
 * turned into bigint by the service (PostgreSQL's sum(bigint) is numeric). Quantities are
 * decimal text: they are grouped by their exact text here and summed exactly in TypeScript.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import type { Period } from './reports.repo.ts';

export const INVOICED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
export const OPEN_STATUSES = ['open', 'partially_paid'] as const;
export const CUSTOMER_CREDIT_METHOD = 'customer_credit';

export interface KeyedTotal {
  currency: string;
  key: string | null;
  total: string | null;
  count: number | string;
}

export interface QuantityGroup {
  currency: string;
  key: string | null;
  quantity: string;
  count: number | string;
}

const sumText = (column: string) => sql<string | null>`cast(sum(${sql.ref(column)}) as text)`;

const NAME_CHUNK = 500;

export class RankingsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Per currency and customer: totals and count of finalized, non-void invoices issued in the period. */
  invoicedByCustomer(period: Period): Promise<KeyedTotal[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(['currency', 'customer_id as key', sumText('total').as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', INVOICED_STATUSES);
    if (period.from !== undefined) q = q.where('issue_date', '>=', period.from);
    if (period.to !== undefined) q = q.where('issue_date', '<=', period.to);
    return q.groupBy(['currency', 'customer_id']).execute();
  }

  /** Per currency and customer: payments received in the period (customer credit is not new money). */
  receivedByCustomer(period: Period): Promise<KeyedTotal[]> {
    let q = this.db
      .selectFrom('payments')
      .select(['currency', 'customer_id as key', sumText('amount').as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('method', '!=', CUSTOMER_CREDIT_METHOD);
    if (period.from !== undefined) q = q.where('date', '>=', period.from);
    if (period.to !== undefined) q = q.where('date', '<=', period.to);
    return q.groupBy(['currency', 'customer_id']).execute();
  }

  /** Per currency and customer: refunds made in the period. */
  refundedByCustomer(period: Period): Promise<KeyedTotal[]> {
    let q = this.db
      .selectFrom('refunds as r')
      .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'r.payment_id').onRef('p.organization_id', '=', 'r.organization_id'))
      .select(['p.currency as currency', 'p.customer_id as key', sumText('r.amount').as('total'), sql<number | string>`count(*)`.as('count')])
      .where('r.organization_id', '=', this.orgId)
      .where('p.method', '!=', CUSTOMER_CREDIT_METHOD);
    if (period.from !== undefined) q = q.where('r.date', '>=', period.from);
    if (period.to !== undefined) q = q.where('r.date', '<=', period.to);
    return q.groupBy(['p.currency', 'p.customer_id']).execute();
  }

  /** Per currency and customer: amount due now on open and partially paid invoices. */
  outstandingByCustomer(): Promise<KeyedTotal[]> {
    return this.db
      .selectFrom('invoices')
      .select(['currency', 'customer_id as key', sumText('amount_due').as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', OPEN_STATUSES)
      .where('amount_due', '>', 0)
      .groupBy(['currency', 'customer_id'])
      .execute();
  }

  customerNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.namesOf('customers', ids);
  }

  productNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    return this.namesOf('products', ids);
  }

  /** Names by id, asked in chunks: SQLite takes at most 32,766 bound parameters a statement. */
  private async namesOf(table: 'customers' | 'products', ids: string[]): Promise<{ id: string; name: string }[]> {
    const names: { id: string; name: string }[] = [];
    for (let start = 0; start < ids.length; start += NAME_CHUNK) {
      const chunk = ids.slice(start, start + NAME_CHUNK);
      names.push(...(await this.db.selectFrom(table).select(['id', 'name']).where('organization_id', '=', this.orgId).where('id', 'in', chunk).execute()));
    }
    return names;
  }

  private invoicedLines(period: Period) {
    let q = this.db
      .selectFrom('invoice_lines as l')
      .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'l.invoice_id').onRef('i.organization_id', '=', 'l.organization_id'))
      .where('l.organization_id', '=', this.orgId)
      .where('i.status', 'in', INVOICED_STATUSES);
    if (period.from !== undefined) q = q.where('i.issue_date', '>=', period.from);
    if (period.to !== undefined) q = q.where('i.issue_date', '<=', period.to);
    return q;
  }

  /** Per currency and product (null: lines without a product): net amount and number of invoices. */
  salesByProduct(period: Period): Promise<KeyedTotal[]> {
    return this.invoicedLines(period)
      .select(['i.currency as currency', 'l.product_id as key', sumText('l.net_amount').as('total'), sql<number | string>`count(distinct l.invoice_id)`.as('count')])
      .groupBy(['i.currency', 'l.product_id'])
      .execute();
  }

  /** Per currency, product and exact quantity text: how many lines, so quantities can be summed exactly. */
  quantitiesByProduct(period: Period): Promise<QuantityGroup[]> {
    return this.invoicedLines(period)
      .select(['i.currency as currency', 'l.product_id as key', 'l.quantity as quantity', sql<number | string>`count(*)`.as('count')])
      .groupBy(['i.currency', 'l.product_id', 'l.quantity'])
      .execute();
  }
}
