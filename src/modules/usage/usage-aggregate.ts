/**
 * What a customer used of a metric over a span of time, aggregated the metric's way: count of
 * events, sum or max of a numeric property, or count of distinct values of a property.
 * Sums and maxima are exact: integers scaled by 10^6 added in SQL and read back as text.
 */
import { sql } from 'kysely';
import { DECIMAL_SCALE, formatScaledTrimmed } from '../../domain/money/index.ts';
import type { Executor } from '../../kernel/context.ts';

const SCALE = sql.lit(10 ** DECIMAL_SCALE);

export const METRIC_AGGREGATIONS = ['count', 'sum', 'max', 'unique_count'] as const;
export type MetricAggregation = (typeof METRIC_AGGREGATIONS)[number];

export interface UsageWindow {
  customerId: string;
  metricCode: string;
  /** RFC 3339 UTC instants: from inclusive, to exclusive. */
  from: string;
  to: string;
}

/** The usage as a normalised decimal text ("0", "12", "3.5"); "0" without events. */
export async function aggregateUsage(db: Executor, orgId: string, aggregation: MetricAggregation, window: UsageWindow): Promise<string> {
  const base = db
    .selectFrom('usage_events')
    .where('organization_id', '=', orgId)
    .where('customer_id', '=', window.customerId)
    .where('metric_code', '=', window.metricCode)
    .where('timestamp', '>=', window.from)
    .where('timestamp', '<', window.to);
  if (aggregation === 'count') {
    const row = await base.select(sql<string>`cast(count(*) as text)`.as('n')).executeTakeFirst();
    return row?.n ?? '0';
  }
  if (aggregation === 'unique_count') {
    const row = await base.where('value', 'is not', null).select(sql<string>`cast(count(distinct value) as text)`.as('n')).executeTakeFirst();
    return row?.n ?? '0';
  }
  if (aggregation === 'max') {
    const row = await base.where('value_scaled', 'is not', null).select(sql<string | null>`cast(max(value_scaled) as text)`.as('n')).executeTakeFirst();
    return formatScaledTrimmed(BigInt(row?.n ?? '0'), DECIMAL_SCALE);
  }
  // Summed as whole units and millionths apart: SQLite's sum() of integers fails past 2^63
  // (ten events of 10^12 scaled by 10^6 would), and each part stays far below that.
  const row = await base
    .where('value_scaled', 'is not', null)
    .select([sql<string | null>`cast(sum(value_scaled / ${SCALE}) as text)`.as('whole'), sql<string | null>`cast(sum(value_scaled % ${SCALE}) as text)`.as('fraction')])
    .executeTakeFirst();
  return formatScaledTrimmed(BigInt(row?.whole ?? '0') * 10n ** BigInt(DECIMAL_SCALE) + BigInt(row?.fraction ?? '0'), DECIMAL_SCALE);
}
