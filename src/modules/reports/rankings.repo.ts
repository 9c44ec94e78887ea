/**
 * Queries of the ranking reports, scoped to one organization, on the report summaries
 * (migration 0006). Sums are read as text and turned into bigint by the service
 * (PostgreSQL's sum(bigint) is numeric).
 *
 * Top customers rank in the database and return only the customers that can make the list:
 * the `limit` largest by invoiced per currency and any tied with the last of them (rank()).
 * All time reads report_customers (through its index on invoiced); a date range sums the
 * whole months of report_customer_months and the days of its partial first and last month
 * from the documents.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import { splitRange } from './date-ranges.ts';
import type { Period } from './reports.repo.ts';

export const INVOICED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;
export const OPEN_STATUSES = ['open', 'partially_paid'] as const;
export const CUSTOMER_CREDIT_METHOD = 'customer_credit';

/** A customer's figures in one currency: invoiced (net of credit notes in a period; before them all time), received and refunded in the period, outstanding now. */
export interface CustomerFiguresRow {
  currency: string;
  customer_id: string;
  invoiced: string;
  invoice_count: number | string;
  received: string;
  refunded: string;
  outstanding: string;
}

export interface ProductTotal {
  currency: string;
  key: string;
  net: string;
  /** Exact sum of the line quantities, scaled by 10^6. */
  quantity: string;
  count: number | string;
}

const NAME_CHUNK = 500;
/** Any activity in the period, or something outstanding now: the customer takes part in the ranking. */
const TAKES_PART = sql.raw('(invoice_count > 0 or payment_count > 0 or refund_count > 0 or open_count > 0)');
const INVOICED = sql.raw(`('open', 'partially_paid', 'paid', 'uncollectible')`);

export class RankingsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  async currencies(): Promise<string[]> {
    const rows = await this.db.selectFrom('report_daily').select('currency').distinct().where('organization_id', '=', this.orgId).execute();
    return rows.map((r) => r.currency);
  }

  /** The customers that can rank in the top `limit` by invoiced, per currency, with their figures. */
  rankableCustomers(period: Period, limit: number): Promise<CustomerFiguresRow[]> {
    return period.from === undefined && period.to === undefined ? this.rankableAllTime(limit) : this.rankableInPeriod(period, limit);
  }

  /** Per currency and customer: the totals of the credit notes issued in the period (few rows: by index). */
  async creditedByCustomer(period: Period): Promise<{ currency: string; customer_id: string; credited: string }[]> {
    let q = this.db
      .selectFrom('credit_notes')
      .select(['currency', 'customer_id', sql<string>`cast(sum(total) as text)`.as('credited')])
      .where('organization_id', '=', this.orgId);
    if (period.from !== undefined) q = q.where('issue_date', '>=', period.from);
    if (period.to !== undefined) q = q.where('issue_date', '<=', period.to);
    return q.groupBy(['currency', 'customer_id']).execute();
  }

  /**
   * All time: report_customers.invoiced is before credit notes. Credit notes only lower a
   * customer's figure, so the `limit` largest net are among the `limit + n` largest before
   * them (n: the customers with credit notes in that currency, whose rows come too), ties
   * included; the service ranks them net.
   */
  private async rankableAllTime(limit: number): Promise<CustomerFiguresRow[]> {
    const rows: CustomerFiguresRow[] = [];
    const credited = await this.creditedByCustomer({});
    const columns = sql`currency, customer_id, cast(invoiced as text) as invoiced, invoice_count, cast(received as text) as received,
               cast(refunded as text) as refunded, cast(outstanding as text) as outstanding`;
    for (const currency of await this.currencies()) {
      const creditedIds = credited.filter((c) => c.currency === currency).map((c) => c.customer_id);
      // (Ordered by the column itself: an output column named like it would sort as text.)
      const last = await sql<{ threshold: string }>`
        select cast(invoiced as text) as threshold from report_customers
         where organization_id = ${this.orgId} and currency = ${currency} and ${TAKES_PART}
         order by invoiced desc limit 1 offset ${limit + creditedIds.length - 1}`.execute(this.db);
      const threshold = last.rows[0]?.threshold;
      const found = await sql<CustomerFiguresRow>`
        select ${columns}
          from report_customers
         where organization_id = ${this.orgId} and currency = ${currency} and ${TAKES_PART}
           ${threshold === undefined ? sql`` : sql`and invoiced >= ${Number(threshold)}`}`.execute(this.db);
      const seen = new Set(found.rows.map((r) => r.customer_id));
      rows.push(...found.rows);
      const missing = creditedIds.filter((id) => !seen.has(id));
      for (let start = 0; start < missing.length; start += NAME_CHUNK) {
        const chunk = missing.slice(start, start + NAME_CHUNK);
        const more = await sql<CustomerFiguresRow>`
          select ${columns} from report_customers
           where organization_id = ${this.orgId} and currency = ${currency} and customer_id in (${sql.join(chunk)})`.execute(this.db);
        rows.push(...more.rows);
      }
    }
    return rows;
  }

  private async rankableInPeriod(period: Period, limit: number): Promise<CustomerFiguresRow[]> {
    const { months, days } = splitRange(period.from, period.to);
    const parts: RawBuilder<unknown>[] = [];
    if (months !== null) {
      parts.push(sql`select currency, customer_id, invoiced, invoice_count, received, refunded, 0 as outstanding from report_customer_months
        where organization_id = ${this.orgId}
          ${months.from === undefined ? sql`` : sql`and month >= ${months.from}`}
          ${months.to === undefined ? sql`` : sql`and month <= ${months.to}`}
          and (invoice_count > 0 or payment_count > 0 or refund_count > 0)`);
    }
    for (const [from, to] of days) {
      parts.push(
        sql`select currency, customer_id, total as invoiced, 1 as invoice_count, 0 as received, 0 as refunded, 0 as outstanding from invoices
          where organization_id = ${this.orgId} and issue_date >= ${from} and issue_date <= ${to} and status in ${INVOICED}`,
        sql`select currency, customer_id, 0 as invoiced, 0 as invoice_count, amount as received, 0 as refunded, 0 as outstanding from payments
          where organization_id = ${this.orgId} and date >= ${from} and date <= ${to} and method <> ${CUSTOMER_CREDIT_METHOD}`,
        // Refunds first (by date), then their payment by key; a cross join keeps that order on SQLite.
        sql`select p.currency, p.customer_id, 0 as invoiced, 0 as invoice_count, 0 as received, r.amount as refunded, 0 as outstanding
          from refunds r cross join payments p
          where p.id = r.payment_id and p.organization_id = r.organization_id
            and r.organization_id = ${this.orgId} and r.date >= ${from} and r.date <= ${to} and p.method <> ${CUSTOMER_CREDIT_METHOD}`,
      );
    }
    // Credit notes issued in the period lower the customer's invoiced (few: read from the documents, by index).
    parts.push(sql`select currency, customer_id, -total as invoiced, 0 as invoice_count, 0 as received, 0 as refunded, 0 as outstanding from credit_notes
      where organization_id = ${this.orgId}
        ${period.from === undefined ? sql`` : sql`and issue_date >= ${period.from}`}
        ${period.to === undefined ? sql`` : sql`and issue_date <= ${period.to}`}`);
    parts.push(sql`select currency, customer_id, 0 as invoiced, 0 as invoice_count, 0 as received, 0 as refunded, outstanding from report_customers where organization_id = ${this.orgId} and open_count > 0`);
    const result = await sql<CustomerFiguresRow>`
      select currency, customer_id, cast(invoiced as text) as invoiced, invoice_count, cast(received as text) as received,
             cast(refunded as text) as refunded, cast(outstanding as text) as outstanding
        from (select g.*, rank() over (partition by g.currency order by g.invoiced desc) as rank_position
                from (select x.currency, x.customer_id, sum(x.invoiced) as invoiced, sum(x.invoice_count) as invoice_count,
                             sum(x.received) as received, sum(x.refunded) as refunded, sum(x.outstanding) as outstanding
                        from (${sql.join(parts, sql` union all `)}) as x
                       group by x.currency, x.customer_id) as g) as ranked
       where rank_position <= ${limit}`.execute(this.db);
    return result.rows;
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

  /** Per currency and product ('' for lines without a product): net amount, exact quantity, number of invoices. */
  productTotals(period: Period): Promise<ProductTotal[]> {
    let q = this.db
      .selectFrom('report_daily_products')
      .select([
        'currency',
        'product_key as key',
        sql<string>`cast(sum(net) as text)`.as('net'),
        sql<string>`cast(sum(quantity) as text)`.as('quantity'),
        sql<number | string>`sum(invoice_count)`.as('count'),
      ])
      .where('organization_id', '=', this.orgId);
    if (period.from !== undefined) q = q.where('day', '>=', period.from);
    if (period.to !== undefined) q = q.where('day', '<=', period.to);
    return q.groupBy(['currency', 'product_key']).having(sql`sum(line_count)`, '>', 0).execute();
  }
}
