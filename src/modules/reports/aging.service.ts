/**
 * Receivables aging: per currency and customer, the amount due on open and partially paid
 * invoices, bucketed by how many days past its due date each invoice is at `as_of`
 * (default: today by the injected clock).
 *
 * The amounts are the invoices' current amount due: payments, refunds and credit notes
 * recorded after as_of are already reflected (the report does not replay history), while
 * invoices issued after as_of are left out. With as_of today, each currency's total equals
 * "outstanding" in the summary report.
 *
 * Summed per customer in the database from an index of the open invoices only. At 100,000
 * customers the full list is tens of thousands of rows; with ?limit only the largest are
 * listed, and the totals and customer count then come from the report summaries.
 */
import { agingBoundaries, AGING_BUCKETS, type AgingBucket } from '../../domain/aging.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { AgingRepo } from './aging.repo.ts';
import { withReportSettings } from './report-queries.ts';
import type { AgingQueryInput, AgingReportOut } from './aging.schemas.ts';
import type { ReportTable } from './report-response.ts';

type Buckets = Record<AgingBucket | 'total', bigint>;

const emptyBuckets = (): Buckets => ({ current: 0n, days_1_30: 0n, days_31_60: 0n, days_61_90: 0n, days_over_90: 0n, total: 0n });

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Largest first. Compared as numbers while exact (tens of thousands of rows sort several times faster than as bigints). */
const byTotalDesc = (a: bigint, b: bigint): number => {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return y - x;
  return a > b ? -1 : a < b ? 1 : 0;
};

export async function reportAging(ctx: RequestContext, query: AgingQueryInput): Promise<AgingReportOut> {
  const asOf = query.as_of ?? todayIn(ctx);
  const repo = new AgingRepo(ctx.db.kysely, ctx.orgId);
  const bounds = agingBoundaries(asOf);
  const { limit } = query;

  // With a limit, and when every invoice with something due was issued by as_of: the totals
  // come from the per-due-date summary, the rows only for the customers that can make the list.
  const summarized = limit !== undefined && query.customer_id === undefined && !(await repo.dueIssuedAfter(asOf));
  const [groups, dueTotals] = summarized
    ? await Promise.all([repo.largestDue(limit).then((ids) => repo.agingByCustomer(asOf, bounds, undefined, ids)), repo.dueTotals(bounds)])
    : [await withReportSettings(ctx.db, (db) => new AgingRepo(db, ctx.orgId).agingByCustomer(asOf, bounds, query.customer_id)), null];

  const currencies = new Map<string, Map<string, { name: string; buckets: Buckets }>>();
  for (const group of groups) {
    const customers = currencies.get(group.currency) ?? new Map<string, { name: string; buckets: Buckets }>();
    currencies.set(group.currency, customers);
    customers.set(group.customer_id, { name: group.customer_name, buckets: bucketsOf(group) });
  }
  for (const total of dueTotals ?? []) if (!currencies.has(total.currency)) currencies.set(total.currency, new Map());

  const format = (buckets: Buckets, currency: string) => ({
    current: formatAmount(buckets.current, currency),
    days_1_30: formatAmount(buckets.days_1_30, currency),
    days_31_60: formatAmount(buckets.days_31_60, currency),
    days_61_90: formatAmount(buckets.days_61_90, currency),
    days_over_90: formatAmount(buckets.days_over_90, currency),
    total: formatAmount(buckets.total, currency),
  });

  return {
    as_of: asOf,
    currencies: [...currencies.entries()]
      .sort(([a], [b]) => byCode(a, b))
      .map(([currency, customers]) => {
        const rows = [...customers.entries()].sort(([idA, a], [idB, b]) => byTotalDesc(a.buckets.total, b.buckets.total) || byCode(a.name, b.name) || byCode(idA, idB));
        const summary = dueTotals?.find((t) => t.currency === currency);
        let totals = emptyBuckets();
        if (summary !== undefined) totals = bucketsOf(summary);
        else for (const [, row] of rows) for (const key of [...AGING_BUCKETS, 'total'] as const) totals[key] += row.buckets[key];
        return {
          currency,
          rows: rows.slice(0, limit).map(([customerId, row]) => ({ customer_id: customerId, customer_name: row.name, ...format(row.buckets, currency) })),
          totals: format(totals, currency),
          ...(limit === undefined ? {} : { customer_count: summary === undefined ? rows.length : Number(summary.customers) }),
        };
      }),
  };
}

function bucketsOf(amounts: Record<AgingBucket, string>): Buckets {
  const buckets = emptyBuckets();
  for (const key of AGING_BUCKETS) {
    buckets[key] = BigInt(amounts[key]);
    buckets.total += buckets[key];
  }
  return buckets;
}

export const AGING_CSV_HEADER = ['as_of', 'currency', 'customer_id', 'customer_name', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total'];

/** One line per customer and currency, then a totals line per currency (customer_id empty, name "TOTAL"). */
export function agingTable(report: AgingReportOut): ReportTable {
  const rows = report.currencies.flatMap((c) => [
    ...c.rows.map((r) => [report.as_of, c.currency, r.customer_id, r.customer_name, r.current, r.days_1_30, r.days_31_60, r.days_61_90, r.days_over_90, r.total]),
    [report.as_of, c.currency, '', 'TOTAL', c.totals.current, c.totals.days_1_30, c.totals.days_31_60, c.totals.days_61_90, c.totals.days_over_90, c.totals.total],
  ]);
  return { header: AGING_CSV_HEADER, rows };
}
