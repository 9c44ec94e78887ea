/**
 * Queries of the customer analytics report, scoped to one organization, on the report
 * summaries (migration 0006): report_paid / report_customers for days to pay, report_daily
 * for the receivables, report_monthly_customers for new and returning customers (with the
 * partial first and last month of a range read from the documents). Sums are read as text
 * and turned into bigint by the service.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import { splitRange } from './date-ranges.ts';
import type { Period } from './reports.repo.ts';

export interface PaidGroup {
  currency: string;
  customer_id: string;
  customer_name: string;
  /** Days from issue to settlement, summed over the customer's invoices. */
  days: string;
  count: number | string;
}

/** The slowest payers (rank ≤ limit by rounded average days), with their currency's totals over every customer. */
export interface SlowPayer extends PaidGroup {
  all_days: string;
  all_count: number | string;
  customers: number | string;
}

export interface CurrencySum {
  currency: string;
  total: string | null;
}

export interface MonthCustomers {
  currency: string;
  month: string;
  customers: number | string;
  new_customers: number | string;
}

const INVOICED = sql.raw(`('open', 'partially_paid', 'paid', 'uncollectible')`);

export class AnalyticsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Per currency and customer: invoices paid in full whose settlement day falls in the period. */
  async paidByCustomer(period: Period): Promise<PaidGroup[]> {
    const result = await sql<PaidGroup>`
      select g.currency, g.customer_id, c.name as customer_name, cast(g.days as text) as days, g.count
        from (${this.paidGroups(period)}) as g join customers c on c.id = g.customer_id and c.organization_id = ${this.orgId}`.execute(this.db);
    return result.rows;
  }

  /**
   * The customers whose average days to pay (rounded half up, as the report shows it) reaches
   * the `limit`-th largest per currency — ties included, names break them — and per currency
   * the days, invoices and customers of everyone. Ranked in the database: only these come back.
   */
  async slowestPayers(period: Period, limit: number): Promise<SlowPayer[]> {
    // round half up of days / count for whole numbers ≥ 0: ((2·days + count) − (2·days + count) mod 2·count) / 2·count
    const twice = sql`(2 * g.days + g.count)`;
    const average = sql`(${twice} - ${twice} % (2 * g.count)) / (2 * g.count)`;
    const result = await sql<Omit<SlowPayer, 'customer_name'>>`
      select r.currency, r.customer_id, cast(r.days as text) as days, r.count, cast(r.all_days as text) as all_days, r.all_count, r.customers
        from (select g.*, rank() over (partition by g.currency order by ${average} desc) as slowness,
                     sum(g.days) over (partition by g.currency) as all_days, sum(g.count) over (partition by g.currency) as all_count,
                     count(*) over (partition by g.currency) as customers
                from (${this.paidGroups(period)}) as g) as r
       where r.slowness <= ${limit}`.execute(this.db);
    // Names afterwards, of these few only (joined in, PostgreSQL would read every customer).
    const names = new Map<string, string>();
    const ids = [...new Set(result.rows.map((r) => r.customer_id))];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      for (const c of await this.db.selectFrom('customers').select(['id', 'name']).where('organization_id', '=', this.orgId).where('id', 'in', chunk).execute()) names.set(c.id, c.name);
    }
    return result.rows.map((row) => ({ ...row, customer_name: names.get(row.customer_id) ?? '' }));
  }

  /** Per currency and customer: days to pay summed and invoices counted, of invoices settled in the period. */
  private paidGroups(period: Period) {
    return period.from === undefined && period.to === undefined
      ? sql`select currency, customer_id, paid_days as days, paid_count as count from report_customers
             where organization_id = ${this.orgId} and paid_count > 0`
      : sql`select currency, customer_id, sum(days) as days, sum(invoice_count) as count from report_paid
             where organization_id = ${this.orgId}
               ${period.from === undefined ? sql`` : sql`and paid_on >= ${period.from}`}
               ${period.to === undefined ? sql`` : sql`and paid_on <= ${period.to}`}
             group by currency, customer_id having sum(invoice_count) > 0`;
  }

  /**
   * Receivables at the end of `asOf`, per currency: the sum of the daily receivable changes
   * up to that day (domain/receivables.ts) — for the currencies with an invoice counted then.
   */
  receivablesAt(asOf: string): Promise<CurrencySum[]> {
    return this.db
      .selectFrom('report_daily')
      .select(['currency', sql<string | null>`cast(sum(receivable_change) as text)`.as('total')])
      .where('organization_id', '=', this.orgId)
      .where('day', '<=', asOf)
      .groupBy('currency')
      .having(sql`sum(receivable_count_change)`, '>', 0)
      .execute();
  }

  /** Per currency and month with invoices in the period: customers invoiced, and how many for the first time. */
  async customersByMonth(period: Period): Promise<MonthCustomers[]> {
    const { months, days } = splitRange(period.from, period.to);
    const rows: MonthCustomers[] = [];
    if (months !== null) {
      let q = this.db
        .selectFrom('report_monthly_customers')
        .select(['currency', 'month', 'customers', 'new_customers'])
        .where('organization_id', '=', this.orgId)
        .where('customers', '>', 0);
      if (months.from !== undefined) q = q.where('month', '>=', months.from);
      if (months.to !== undefined) q = q.where('month', '<=', months.to);
      rows.push(...(await q.execute()));
    }
    for (const [from, to] of days) {
      const month = from.slice(0, 7);
      // A customer is new in the month of their first invoice (any currency): their first month in report_customer_months.
      const firstMonth = sql`(select min(m.month) from report_customer_months m
        where m.organization_id = ${this.orgId} and m.customer_id = e.customer_id and m.invoice_count > 0)`;
      const edge = await sql<MonthCustomers>`
        select e.currency, cast(${month} as text) as month, count(*) as customers, sum(case when ${firstMonth} = ${month} then 1 else 0 end) as new_customers
          from (select distinct currency, customer_id from invoices
                 where organization_id = ${this.orgId} and issue_date >= ${from} and issue_date <= ${to} and status in ${INVOICED}) as e
         group by e.currency`.execute(this.db);
      rows.push(...edge.rows);
    }
    return rows;
  }
}
