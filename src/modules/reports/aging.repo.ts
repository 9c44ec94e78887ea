/**
 * Queries of the aging report and the customer statement, scoped to one organization
 * (every query filters on organization_id, joins included). Amounts are read as text and
 * turned into bigint by the services: no float ever touches money.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import type { StatementEntryType } from './statement.schemas.ts';

const OPEN_STATUSES = ['open', 'partially_paid'] as const;
/** Finalized and not void: what a customer was billed. */
const BILLED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
const CUSTOMER_CREDIT_METHOD = 'customer_credit';

export interface AgingInvoice {
  id: string;
  customer_id: string;
  customer_name: string;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  amount_due: string;
}

export interface StatementRow {
  id: string;
  type: StatementEntryType;
  date: string;
  number: string | null;
  amount: string;
}

export class AgingRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Open and partially paid invoices with something due, issued on or before `asOf`. */
  openInvoices(asOf: string, customerId?: string): Promise<AgingInvoice[]> {
    let q = this.db
      .selectFrom('invoices as i')
      .innerJoin('customers as c', (join) => join.onRef('c.id', '=', 'i.customer_id').onRef('c.organization_id', '=', 'i.organization_id'))
      .select([
        'i.id as id',
        'i.customer_id as customer_id',
        'c.name as customer_name',
        'i.currency as currency',
        'i.issue_date as issue_date',
        'i.due_date as due_date',
        sql<string>`cast(i.amount_due as text)`.as('amount_due'),
      ])
      .where('i.organization_id', '=', this.orgId)
      .where('i.status', 'in', OPEN_STATUSES)
      .where('i.amount_due', '>', 0)
      .where('i.issue_date', '<=', asOf);
    if (customerId !== undefined) q = q.where('i.customer_id', '=', customerId);
    return q.orderBy('i.id').execute();
  }

  customer(customerId: string) {
    return this.db
      .selectFrom('customers')
      .select(['id', 'currency'])
      .where('organization_id', '=', this.orgId)
      .where('id', '=', customerId)
      .executeTakeFirst();
  }

  async organizationCurrency(): Promise<string> {
    const org = await this.db.selectFrom('organizations').select('currency').where('id', '=', this.orgId).executeTakeFirstOrThrow();
    return org.currency;
  }

  /** Every statement movement of the customer in `currency` up to `to` (inclusive), unsorted. */
  async statementRows(customerId: string, currency: string, to?: string): Promise<StatementRow[]> {
    let invoices = this.db
      .selectFrom('invoices')
      .select(['id', 'number', sql<string>`issue_date`.as('date'), sql<string>`cast(total as text)`.as('amount')])
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .where('status', 'in', BILLED_STATUSES)
      .where('issue_date', 'is not', null);
    let creditNotes = this.db
      .selectFrom('credit_notes')
      .select(['id', 'number', sql<string>`issue_date`.as('date'), sql<string>`cast(total as text)`.as('amount')])
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency);
    let payments = this.db
      .selectFrom('payments as p')
      .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'p.invoice_id').onRef('i.organization_id', '=', 'p.organization_id'))
      .select(['p.id as id', 'i.number as number', 'p.date as date', sql<string>`cast(p.amount as text)`.as('amount')])
      .where('p.organization_id', '=', this.orgId)
      .where('p.customer_id', '=', customerId)
      .where('p.currency', '=', currency)
      .where('p.method', '!=', CUSTOMER_CREDIT_METHOD);
    let refunds = this.db
      .selectFrom('refunds as r')
      .innerJoin('payments as p', (join) => join.onRef('p.id', '=', 'r.payment_id').onRef('p.organization_id', '=', 'r.organization_id'))
      .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'p.invoice_id').onRef('i.organization_id', '=', 'p.organization_id'))
      .select(['r.id as id', 'i.number as number', 'r.date as date', sql<string>`cast(r.amount as text)`.as('amount')])
      .where('r.organization_id', '=', this.orgId)
      .where('p.customer_id', '=', customerId)
      .where('p.currency', '=', currency)
      .where('p.method', '!=', CUSTOMER_CREDIT_METHOD);
    if (to !== undefined) {
      invoices = invoices.where('issue_date', '<=', to);
      creditNotes = creditNotes.where('issue_date', '<=', to);
      payments = payments.where('p.date', '<=', to);
      refunds = refunds.where('r.date', '<=', to);
    }
    const [i, c, p, r] = await Promise.all([invoices.execute(), creditNotes.execute(), payments.execute(), refunds.execute()]);
    const tag = (type: StatementEntryType) => (row: { id: string; number: string | null; date: string; amount: string }) => ({ ...row, type });
    return [...i.map(tag('invoice')), ...c.map(tag('credit_note')), ...p.map(tag('payment')), ...r.map(tag('refund'))];
  }
}
