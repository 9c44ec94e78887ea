/**
 * Customer analytics, per currency (never summed across currencies):
 *
 * - days_to_pay: for invoices fully paid (status paid) with paid_at in the period, the days
 *   from issue_date to the UTC date of paid_at; the average per customer and over the
 *   currency, rounded half up to a whole day (exact integer arithmetic).
 * - dso (days sales outstanding) = receivables at the end of `to` × days in the period
 *   / sales in the period, one decimal, rounded half up. Receivables at `to` (today without
 *   `to`) are rebuilt from dated documents (see AnalyticsRepo.receivablesAt); sales are the
 *   totals of finalized, non-void invoices issued in the period (as `invoiced` in the
 *   summary); days = to − from + 1. dso and days are null without both from and to, and
 *   dso is null when there were no sales.
 * - customers_by_month: per month (YYYY-MM) with invoices in the period, the customers
 *   invoiced in that month: new when their first finalized, non-void invoice (in any
 *   currency) was issued in that month, returning otherwise.
 */
import { formatAmount, formatScaled, roundHalfAwayFromZero } from '../../domain/money/index.ts';
import type { RequestContext } from '../../server/context.ts';
import { isoDate } from '../../shared/clock.ts';
import { addDays, daysBetween } from '../../domain/dates.ts';
import { AnalyticsRepo, type CurrencySum } from './analytics.repo.ts';
import type { AnalyticsQueryInput, CustomerAnalyticsOut } from './rankings.schemas.ts';
import { ReportsRepo } from './reports.repo.ts';

const nextDay = (date: string): string => addDays(date, 1);
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Section = CustomerAnalyticsOut['currencies'][number];

interface Working {
  days: Map<string, { name: string; sum: bigint; count: number }>;
  receivables: bigint;
  sales: bigint;
  months: Map<string, Map<string, boolean>>;
}

export async function customerAnalytics(ctx: RequestContext, query: AnalyticsQueryInput): Promise<CustomerAnalyticsOut> {
  const repo = new AnalyticsRepo(ctx.db.kysely, ctx.orgId);
  const period = { from: query.from, to: query.to };
  const asOf = query.to ?? isoDate(ctx.clock.now());
  const [paid, receivables, sales, firsts, invoiceDays] = await Promise.all([
    repo.paidInvoices(period, query.to === undefined ? undefined : nextDay(query.to)),
    repo.receivablesAt(asOf, nextDay(asOf)),
    new ReportsRepo(ctx.db.kysely, ctx.orgId).invoiced(period),
    repo.firstInvoiceDates(),
    repo.invoiceDays(period),
  ]);

  const sections = new Map<string, Working>();
  const section = (currency: string): Working => {
    let s = sections.get(currency);
    if (!s) sections.set(currency, (s = { days: new Map(), receivables: 0n, sales: 0n, months: new Map() }));
    return s;
  };

  for (const row of paid) {
    if (row.issue_date === null) continue;
    const perCustomer = section(row.currency).days;
    let entry = perCustomer.get(row.customer_id);
    if (!entry) perCustomer.set(row.customer_id, (entry = { name: row.customer_name, sum: 0n, count: 0 }));
    entry.sum += BigInt(daysBetween(row.issue_date, row.paid_at));
    entry.count += 1;
  }

  const addSums = (rows: CurrencySum[], sign: bigint) => {
    for (const row of rows) section(row.currency).receivables += sign * BigInt(row.total ?? '0');
  };
  addSums(receivables.invoiced, 1n);
  addSums(receivables.paid, -1n);
  addSums(receivables.refunded, 1n);
  addSums(receivables.refundedFromCredit, 1n); // negative entries: the credit part is not owed again
  addSums(receivables.credited, -1n);
  for (const row of sales) section(row.currency).sales += BigInt(row.total ?? '0');

  const firstMonth = new Map(firsts.map((f) => [f.customer_id, f.first?.slice(0, 7) ?? null]));
  for (const row of invoiceDays) {
    const month = row.issue_date.slice(0, 7);
    const months = section(row.currency).months;
    let customers = months.get(month);
    if (!customers) months.set(month, (customers = new Map<string, boolean>()));
    customers.set(row.customer_id, firstMonth.get(row.customer_id) === month);
  }

  const days = query.from !== undefined && query.to !== undefined ? daysBetween(query.from, query.to) + 1 : null;
  const currencies = [...sections.entries()]
    .sort(([a], [b]) => byCode(a, b))
    .map(([currency, s]): Section => {
      let sum = 0n;
      let count = 0;
      const customers = [...s.days.entries()]
        .map(([id, d]) => {
          sum += d.sum;
          count += d.count;
          return { customer_id: id, customer_name: d.name, average_days: Number(roundHalfAwayFromZero(d.sum, BigInt(d.count))), invoice_count: d.count };
        })
        .sort((a, b) => byCode(a.customer_name, b.customer_name) || byCode(a.customer_id, b.customer_id));
      return {
        currency,
        days_to_pay: { average_days: count === 0 ? null : Number(roundHalfAwayFromZero(sum, BigInt(count))), invoice_count: count, customers },
        dso: {
          receivables: formatAmount(s.receivables, currency),
          sales: formatAmount(s.sales, currency),
          days,
          dso: days === null || s.sales <= 0n ? null : formatScaled(roundHalfAwayFromZero(s.receivables * BigInt(days) * 10n, s.sales), 1),
        },
        customers_by_month: [...s.months.entries()]
          .sort(([a], [b]) => byCode(a, b))
          .map(([month, customers]) => {
            const fresh = [...customers.values()].filter(Boolean).length;
            return { month, new_customers: fresh, returning_customers: customers.size - fresh };
          }),
      };
    });
  return { from: query.from ?? null, to: query.to ?? null, currencies };
}
