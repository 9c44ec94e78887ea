/**
 * Queries of the customer analytics report, scoped to one organization. Sums are read as
 * text and turned into bigint by the service.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../server/context.ts';
import type { Period } from './reports.repo.ts';
import { INVOICED_STATUSES } from './rankings.repo.ts';

export interface PaidInvoice {
  currency: string;
  customer_id: string;
  customer_name: string;
  issue_date: string | null;
  paid_at: string;
}

export interface CurrencySum {
  currency: string;
  total: string | null;
}

export interface InvoiceDay {
  currency: string;
  customer_id: string;
  issue_date: string;
}

export class AnalyticsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Invoices fully paid (status paid) whose paid_at falls in the period (bounds are dates, paid_at a UTC timestamp). */
  paidInvoices(period: Period, dayAfterTo: string | undefined): Promise<PaidInvoice[]> {
    let q = this.db
      .selectFrom('invoices as i')
      .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'i.customer_id').onRef('c.organization_id', '=', 'i.organization_id'))
      .select(['i.currency as currency', 'i.customer_id as customer_id', 'c.name as customer_name', 'i.issue_date as issue_date', 'i.paid_at as paid_at'])
      .where('i.organization_id', '=', this.orgId)
      .where('i.status', '=', 'paid')
      .where('i.paid_at', 'is not', null)
      .$narrowType<{ paid_at: string }>();
    if (period.from !== undefined) q = q.where('i.paid_at', '>=', period.from);
    if (dayAfterTo !== undefined) q = q.where('i.paid_at', '<', dayAfterTo);
    return q.execute();
  }

  /**
   * Receivables at the end of `asOf`, per currency, rebuilt from dated documents: totals of
   * non-void invoices issued by then and not written off by then, less what payments dated by
   * then applied to them, plus what refunds dated by then took back off them (the part not
   * taken from customer credit), less what credit notes issued by then applied to them.
   */
  async receivablesAt(asOf: string, dayAfter: string): Promise<{ invoiced: CurrencySum[]; paid: CurrencySum[]; refunded: CurrencySum[]; refundedFromCredit: CurrencySum[]; credited: CurrencySum[] }> {
    const receivable = (eb: ExpressionBuilder<Database & { i: Database['invoices'] }, 'i'>) =>
      eb.and([
        eb('i.organization_id', '=', this.orgId),
        eb('i.status', 'in', INVOICED_STATUSES),
        eb('i.issue_date', '<=', asOf),
        eb.or([eb('i.uncollectible_at', 'is', null), eb('i.uncollectible_at', '>=', dayAfter)]),
      ]);
    const sum = (ref: string) => sql<string | null>`cast(sum(${sql.ref(ref)}) as text)`;
    const [invoiced, paid, refunded, refundedFromCredit, credited] = await Promise.all([
      this.db.selectFrom('invoices as i').select(['i.currency as currency', sum('i.total').as('total')]).where(receivable).groupBy('i.currency').execute(),
      this.db
        .selectFrom('payments as p')
        .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'p.invoice_id').onRef('i.organization_id', '=', 'p.organization_id'))
        .select(['i.currency as currency', sum('p.applied_amount').as('total')])
        .where(receivable)
        .where('p.date', '<=', asOf)
        .groupBy('i.currency')
        .execute(),
      this.db
        .selectFrom('refunds as r')
        .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'r.invoice_id').onRef('i.organization_id', '=', 'r.organization_id'))
        .select(['i.currency as currency', sum('r.amount').as('total')])
        .where(receivable)
        .where('r.date', '<=', asOf)
        .groupBy('i.currency')
        .execute(),
      // Negative entries: the part of each refund given back out of customer credit.
      this.db
        .selectFrom('customer_credit_entries as e')
        .innerJoin('refunds as r', (join) => join.onRef('r.id', '=', 'e.source_id').onRef('r.organization_id', '=', 'e.organization_id'))
        .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'r.invoice_id').onRef('i.organization_id', '=', 'r.organization_id'))
        .select(['i.currency as currency', sum('e.amount').as('total')])
        .where(receivable)
        .where('e.source_type', '=', 'refund')
        .where('r.date', '<=', asOf)
        .groupBy('i.currency')
        .execute(),
      this.db
        .selectFrom('credit_notes as n')
        .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'n.invoice_id').onRef('i.organization_id', '=', 'n.organization_id'))
        .select(['i.currency as currency', sum('n.applied_amount').as('total')])
        .where(receivable)
        .where('n.issue_date', '<=', asOf)
        .groupBy('i.currency')
        .execute(),
    ]);
    return { invoiced, paid, refunded, refundedFromCredit, credited };
  }

  /** Each customer's first finalized, non-void invoice date (any currency). */
  firstInvoiceDates(): Promise<{ customer_id: string; first: string | null }[]> {
    return this.db
      .selectFrom('invoices')
      .select(['customer_id', sql<string | null>`min(issue_date)`.as('first')])
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', INVOICED_STATUSES)
      .groupBy('customer_id')
      .execute();
  }

  /** Distinct (currency, customer, issue date) of finalized, non-void invoices issued in the period. */
  invoiceDays(period: Period): Promise<InvoiceDay[]> {
    let q = this.db
      .selectFrom('invoices')
      .select(['currency', 'customer_id', 'issue_date'])
      .distinct()
      .where('organization_id', '=', this.orgId)
      .where('status', 'in', INVOICED_STATUSES)
      .where('issue_date', 'is not', null)
      .$narrowType<{ issue_date: string }>();
    if (period.from !== undefined) q = q.where('issue_date', '>=', period.from);
    if (period.to !== undefined) q = q.where('issue_date', '<=', period.to);
    return q.execute();
  }
}
