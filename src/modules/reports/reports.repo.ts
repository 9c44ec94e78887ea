/**
 * Report queries, scoped to one organization. Sums are read as text (PostgreSQL's
 * sum(bigint) is numeric; SQLite's is an integer) and turned into bigint by the service:
 * no float ever touches money.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';

export interface CurrencyTotal {
  currency: string;
  total: string | null;
  count: number | string;
}

/** Finalized invoices that count as invoiced (not drafts, not voided). */
const INVOICED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
const OPEN_STATUSES = ['open', 'partially_paid'] as const;
const CUSTOMER_CREDIT_METHOD = 'customer_credit';

export interface Period {
  from?: string;
  to?: string;
}

export class ReportsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  invoiced(period: Period): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(['currency', sql<string | null>`cast(sum(total) as text)`.as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', INVOICED_STATUSES);
    if (period.from !== undefined) q = q.where('issue_date', '>=', period.from);
    if (period.to !== undefined) q = q.where('issue_date', '<=', period.to);
    return q.groupBy('currency').execute();
  }

  received(period: Period): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('payments')
      .select(['currency', sql<string | null>`cast(sum(amount) as text)`.as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('method', '!=', CUSTOMER_CREDIT_METHOD);
    if (period.from !== undefined) q = q.where('date', '>=', period.from);
    if (period.to !== undefined) q = q.where('date', '<=', period.to);
    return q.groupBy('currency').execute();
  }

  refunded(period: Period): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('refunds as r')
      .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'r.payment_id').onRef('p.organization_id', '=', 'r.organization_id'))
      .select(['p.currency as currency', sql<string | null>`cast(sum(r.amount) as text)`.as('total'), sql<number | string>`count(*)`.as('count')])
      .where('r.organization_id', '=', this.orgId)
      .where('p.method', '!=', CUSTOMER_CREDIT_METHOD);
    if (period.from !== undefined) q = q.where('r.date', '>=', period.from);
    if (period.to !== undefined) q = q.where('r.date', '<=', period.to);
    return q.groupBy('p.currency').execute();
  }

  /** Amount due on open and partially paid invoices; with `dueBefore`, only those due before that date. */
  outstanding(dueBefore?: string): Promise<CurrencyTotal[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(['currency', sql<string | null>`cast(sum(amount_due) as text)`.as('total'), sql<number | string>`count(*)`.as('count')])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', OPEN_STATUSES)
      .where('amount_due', '>', 0);
    if (dueBefore !== undefined) q = q.where('due_date', '<', dueBefore);
    return q.groupBy('currency').execute();
  }
}
