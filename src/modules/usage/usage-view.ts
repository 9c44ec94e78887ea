/** Stored metrics and usage events as the API returns them. */
import type { BillableMetricsTable, UsageEventsTable } from '../../db/schema.ts';
import type { MetricAggregation } from './usage-aggregate.ts';
import type { BillableMetricOut, UsageEventOut } from './usage.schemas.ts';

export function metricOut(row: BillableMetricsTable): BillableMetricOut {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    aggregation: row.aggregation as MetricAggregation,
    field: row.field,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** `properties` is handed over when the caller has it parsed already (a row it just wrote). */
export function usageEventOut(row: UsageEventsTable, properties?: Record<string, unknown> | null): UsageEventOut {
  return {
    id: row.id,
    transaction_id: row.transaction_id,
    customer_id: row.customer_id,
    metric_code: row.metric_code,
    timestamp: row.timestamp,
    properties: properties !== undefined ? properties : row.properties === null ? null : (JSON.parse(row.properties) as Record<string, unknown>),
    value: row.value,
    created_at: row.created_at,
  };
}
