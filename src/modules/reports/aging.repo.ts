/**
 * Queries of the aging report and the customer statement, scoped to one organization
 * (every query filters on organization_id, joins included). Amounts are read as text and
 * turned into bigint by the services: no float ever touches money.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import type { StatementEntryType } from './statement.schemas.ts';

/** Finalized and not void: what a customer was billed. */
const BILLED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
const CUSTOMER_CREDIT_METHOD = 'customer_credit';

/** Per currency and customer: the amount due in each aging bucket (minor units, as text). */
export interface AgingGroup {
  currency: string;
  customer_id: string;
  customer_name: string;
  current: string;
  days_1_30: string;
  days_31_60: string;
  days_61_90: string;
  days_over_90: string;
}

/** The first due date of each bucket but the last: due on or after `current` is current, … */
export interface AgingBoundaries {
  current: string;
  days_1_30: string;
  days_31_60: string;
  days_61_90: string;
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

  /**
   * Open and partially paid invoices with something due, issued on or before `asOf`, summed
   * per currency and customer into the buckets of their due date (an invoice without one is
   * due on its issue date). Read from the partial index invoices_open_aging_idx only: its
   * condition is repeated here with literals, as SQLite needs to use it.
   */
  async agingByCustomer(asOf: string, bounds: AgingBoundaries, customerId?: string, customerIds?: string[]): Promise<AgingGroup[]> {
    if (customerIds !== undefined && customerIds.length === 0) return [];
    const due = sql`coalesce(i.due_date, i.issue_date)`;
    const bucket = (from: string | null, to: string | null) =>
      sql<string>`cast(sum(case when ${from === null ? sql`1 = 1` : sql`${due} >= ${from}`} and ${to === null ? sql`1 = 1` : sql`${due} < ${to}`} then i.amount_due else 0 end) as text)`;
    const result = await sql<AgingGroup>`
      select g.currency, g.customer_id, c.name as customer_name, g.current, g.days_1_30, g.days_31_60, g.days_61_90, g.days_over_90
        from (select i.currency, i.customer_id,
                     ${bucket(bounds.current, null)} as current,
                     ${bucket(bounds.days_1_30, bounds.current)} as days_1_30,
                     ${bucket(bounds.days_31_60, bounds.days_1_30)} as days_31_60,
                     ${bucket(bounds.days_61_90, bounds.days_31_60)} as days_61_90,
                     ${bucket(null, bounds.days_61_90)} as days_over_90
                from invoices i
               where i.organization_id = ${this.orgId}
                 and ${sql.raw(`i.status in ('open', 'partially_paid') and i.amount_due > 0`)}
                 and i.issue_date <= ${asOf}
                 ${customerId === undefined ? sql`` : sql`and i.customer_id = ${customerId}`}
                 ${customerIds === undefined ? sql`` : sql`and i.customer_id in (${sql.join(customerIds)})`}
               group by i.customer_id, i.currency) as g
        join customers c on c.id = g.customer_id and c.organization_id = ${this.orgId}`.execute(this.db);
    return result.rows;
  }

  /** Whether an invoice with something due was issued after `asOf` (then the summaries, which hold all of them, do not apply). */
  async dueIssuedAfter(asOf: string): Promise<boolean> {
    const found = await sql`select 1 from invoices where organization_id = ${this.orgId} and issue_date > ${asOf}
      and status in ('open', 'partially_paid') and amount_due > 0 limit 1`.execute(this.db);
    return found.rows.length > 0;
  }

  /** Per currency, the amount due on open invoices in each bucket (report_due: per due date), and how many customers owe. */
  async dueTotals(bounds: AgingBoundaries): Promise<(Omit<AgingGroup, 'customer_id' | 'customer_name'> & { customers: number | string })[]> {
    const bucket = (from: string | null, to: string | null) =>
      sql<string>`cast(sum(case when ${from === null ? sql`1 = 1` : sql`d.due_date >= ${from}`} and ${to === null ? sql`1 = 1` : sql`d.due_date < ${to}`} then d.amount_due else 0 end) as text)`;
    const result = await sql<Omit<AgingGroup, 'customer_id' | 'customer_name'> & { customers: number | string }>`
      select d.currency, ${bucket(bounds.current, null)} as current, ${bucket(bounds.days_1_30, bounds.current)} as days_1_30,
             ${bucket(bounds.days_31_60, bounds.days_1_30)} as days_31_60, ${bucket(bounds.days_61_90, bounds.days_31_60)} as days_61_90,
             ${bucket(null, bounds.days_61_90)} as days_over_90,
             (select count(*) from report_customers c where c.organization_id = d.organization_id and c.currency = d.currency and c.open_count > 0) as customers
        from report_due d where d.organization_id = ${this.orgId}
       group by d.organization_id, d.currency having sum(d.invoice_count) > 0`.execute(this.db);
    return result.rows;
  }

  /** Per currency, the customers whose amount due reaches the `limit`-th largest (ties included). */
  async largestDue(limit: number): Promise<string[]> {
    const ids: string[] = [];
    const currencies = await this.db.selectFrom('report_due').select('currency').distinct().where('organization_id', '=', this.orgId).execute();
    for (const { currency } of currencies) {
      const last = await sql<{ threshold: string }>`
        select cast(outstanding as text) as threshold from report_customers
         where organization_id = ${this.orgId} and currency = ${currency} and open_count > 0
         order by outstanding desc limit 1 offset ${limit - 1}`.execute(this.db);
      const threshold = last.rows[0]?.threshold;
      const rows = await sql<{ customer_id: string }>`
        select customer_id from report_customers
         where organization_id = ${this.orgId} and currency = ${currency} and open_count > 0
           ${threshold === undefined ? sql`` : sql`and outstanding >= ${Number(threshold)}`}`.execute(this.db);
      ids.push(...rows.rows.map((r) => r.customer_id));
    }
    return [...new Set(ids)];
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
