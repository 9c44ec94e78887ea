/**
 * Customer analytics, per currency (never summed across currencies):
 *
 * - days_to_pay: for invoices paid in full (status paid) settled in the period, the days from
 *   issue_date to the day they were settled — the own date of the latest payment or credit
 *   note that paid part of them (not when it was recorded), never before the issue date;
 *   the average per customer and over the currency, rounded half up to a whole day (exact
 *   integer arithmetic).
 * - dso (days sales outstanding) = receivables at the end of `to` × days in the period
 *   / sales in the period, one decimal, rounded half up. Receivables at `to` (today without
 *   `to`) are rebuilt from dated documents (domain/receivables.ts: invoices issued by then and
 *   not written off by then, less payments and credit notes applied by then, plus refunds
 *   put back on them by then); sales are what was invoiced in the period net of credit notes
 *   (finalized, non-void invoices issued in it less credit notes issued in it: `invoiced` in
 *   the summary and the sales report); days = to − from + 1. dso and days are null
 *   without both from and to, and dso is null when there were no sales.
 * - customers_by_month: per month (YYYY-MM) with invoices in the period, the customers
 *   invoiced in that month: new when their first finalized, non-void invoice (in any
 *   currency) was issued in that month, returning otherwise.
 *
 * All of it reads the report summaries (migration 0006), not the invoices.
 */
import { formatAmount, formatScaled, roundHalfAwayFromZero } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { daysBetween } from '../../domain/dates.ts';
import { AnalyticsRepo, type PaidGroup, type SlowPayer } from './analytics.repo.ts';
import type { AnalyticsQueryInput, CustomerAnalyticsOut } from './rankings.schemas.ts';
import type { ReportTable } from './report-response.ts';
import { ReportsRepo } from './reports.repo.ts';
import { withReportSettings } from './report-queries.ts';

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const isSlowPayer = (row: PaidGroup): row is SlowPayer => 'all_days' in row;

type Section = CustomerAnalyticsOut['currencies'][number];

interface Working {
  days: { customer_id: string; customer_name: string; sum: bigint; count: number }[];
  /** With ?limit: the days and invoices of every customer, and how many customers. */
  all?: { sum: bigint; count: number; customers: number };
  receivables: bigint;
  sales: bigint;
  months: Map<string, { customers: number; fresh: number }>;
}

export async function customerAnalytics(ctx: RequestContext, query: AnalyticsQueryInput): Promise<CustomerAnalyticsOut> {
  const repo = new AnalyticsRepo(ctx.db.kysely, ctx.orgId);
  const period = { from: query.from, to: query.to };
  const asOf = query.to ?? todayIn(ctx);
  const { limit } = query;
  const [paid, receivables, sales, months] = await Promise.all([
    withReportSettings(ctx.db, (db) => (limit === undefined ? new AnalyticsRepo(db, ctx.orgId).paidByCustomer(period) : new AnalyticsRepo(db, ctx.orgId).slowestPayers(period, limit))),
    repo.receivablesAt(asOf),
    new ReportsRepo(ctx.db.kysely, ctx.orgId).invoiced(period),
    withReportSettings(ctx.db, (db) => new AnalyticsRepo(db, ctx.orgId).customersByMonth(period)),
  ]);

  const sections = new Map<string, Working>();
  const section = (currency: string): Working => {
    let s = sections.get(currency);
    if (!s) sections.set(currency, (s = { days: [], receivables: 0n, sales: 0n, months: new Map() }));
    return s;
  };

  for (const row of paid) {
    const s = section(row.currency);
    s.days.push({ customer_id: row.customer_id, customer_name: row.customer_name, sum: BigInt(row.days), count: Number(row.count) });
    if (isSlowPayer(row)) s.all = { sum: BigInt(row.all_days), count: Number(row.all_count), customers: Number(row.customers) };
  }
  for (const row of receivables) section(row.currency).receivables += BigInt(row.total ?? '0');
  for (const row of sales) section(row.currency).sales += BigInt(row.total ?? '0');
  for (const row of months) {
    const perMonth = section(row.currency).months;
    const entry = perMonth.get(row.month) ?? { customers: 0, fresh: 0 };
    entry.customers += Number(row.customers);
    entry.fresh += Number(row.new_customers);
    perMonth.set(row.month, entry);
  }

  const days = query.from !== undefined && query.to !== undefined ? daysBetween(query.from, query.to) + 1 : null;
  const currencies = [...sections.entries()]
    .sort(([a], [b]) => byCode(a, b))
    .map(([currency, s]): Section => {
      let sum = 0n;
      let count = 0;
      const customers = s.days
        .map((d) => {
          sum += d.sum;
          count += d.count;
          return { customer_id: d.customer_id, customer_name: d.customer_name, average_days: Number(roundHalfAwayFromZero(d.sum, BigInt(d.count))), invoice_count: d.count };
        })
        .sort(
          (a, b) =>
            (limit === undefined ? 0 : b.average_days - a.average_days) || byCode(a.customer_name, b.customer_name) || byCode(a.customer_id, b.customer_id),
        )
        .slice(0, limit);
      if (s.all !== undefined) ({ sum, count } = s.all);
      return {
        currency,
        days_to_pay: {
          average_days: count === 0 ? null : Number(roundHalfAwayFromZero(sum, BigInt(count))),
          invoice_count: count,
          customers,
          ...(limit === undefined ? {} : { customer_count: s.all?.customers ?? 0 }),
        },
        dso: {
          receivables: formatAmount(s.receivables, currency),
          sales: formatAmount(s.sales, currency),
          days,
          dso: days === null || s.sales <= 0n ? null : formatScaled(roundHalfAwayFromZero(s.receivables * BigInt(days) * 10n, s.sales), 1),
        },
        customers_by_month: [...s.months.entries()]
          .sort(([a], [b]) => byCode(a, b))
          .map(([month, m]) => ({ month, new_customers: m.fresh, returning_customers: m.customers - m.fresh })),
      };
    });
  return { from: query.from ?? null, to: query.to ?? null, currencies };
}

export const ANALYTICS_CSV_HEADER = [
  'currency', 'section', 'customer_id', 'customer_name', 'month',
  'average_days', 'invoice_count', 'receivables', 'sales', 'days', 'dso', 'new_customers', 'returning_customers',
];

/**
 * One table for the three sections, a `section` column telling them apart (filter on it in a
 * spreadsheet), the columns a section does not use left empty. Per currency: the DSO line,
 * the days-to-pay line of all customers (customer_name "TOTAL"), one per customer, then one
 * per month of new and returning customers.
 */
export function analyticsTable(report: CustomerAnalyticsOut): ReportTable {
  const row = (currency: string, section: string, cells: Partial<Record<(typeof ANALYTICS_CSV_HEADER)[number], string | number | null>>) =>
    ANALYTICS_CSV_HEADER.map((column) => (column === 'currency' ? currency : column === 'section' ? section : (cells[column] ?? null)));
  return {
    header: ANALYTICS_CSV_HEADER,
    rows: report.currencies.flatMap((c) => [
      row(c.currency, 'dso', { receivables: c.dso.receivables, sales: c.dso.sales, days: c.dso.days, dso: c.dso.dso }),
      row(c.currency, 'days_to_pay', { customer_name: 'TOTAL', average_days: c.days_to_pay.average_days, invoice_count: c.days_to_pay.invoice_count }),
      ...c.days_to_pay.customers.map((d) =>
        row(c.currency, 'days_to_pay', { customer_id: d.customer_id, customer_name: d.customer_name, average_days: d.average_days, invoice_count: d.invoice_count }),
      ),
      ...c.customers_by_month.map((m) => row(c.currency, 'customers_by_month', { month: m.month, new_customers: m.new_customers, returning_customers: m.returning_customers })),
    ]),
  };
}
