/**
 * What a customer used over calendar days of the organization's zone (default: this month
 * so far), per metric, aggregated the metric's way — the very figures an invoice would bill
 * (usage-aggregate.ts).
 */
import type { BillableMetricsTable } from '../../db/schema.ts';
import { addDays } from '../../domain/dates.ts';
import { startOfLocalDay } from '../../domain/time-zone.ts';
import { todayIn, type RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { aggregateUsage, type MetricAggregation } from './usage-aggregate.ts';
import { MetricsRepo, UsageEventsRepo } from './usage.repo.ts';
import type { CustomerUsageOut, CustomerUsageQueryInput } from './usage.schemas.ts';

export async function customerUsage(ctx: RequestContext, customerId: string, query: CustomerUsageQueryInput): Promise<CustomerUsageOut> {
  const db = ctx.db.kysely;
  const today = todayIn(ctx);
  const from = query.from ?? `${today.slice(0, 8)}01`;
  const to = query.to ?? today;
  if (to < from) throw AppError.validation('to', `must not be before from (${from})`);
  if ((await new UsageEventsRepo(db, ctx.orgId).existingCustomers([customerId])).size === 0) throw AppError.notFound('Customer');
  const metrics = new MetricsRepo(db, ctx.orgId);
  const chosen = query.metric_code === undefined ? await metrics.all() : [await oneMetric(metrics, query.metric_code)];
  const window = {
    customerId,
    from: startOfLocalDay(from, ctx.timeZone).toISOString(),
    to: startOfLocalDay(addDays(to, 1), ctx.timeZone).toISOString(),
  };
  const data = [];
  for (const metric of chosen) {
    const aggregation = metric.aggregation as MetricAggregation;
    const value = await aggregateUsage(db, ctx.orgId, aggregation, { ...window, metricCode: metric.code });
    data.push({ metric_code: metric.code, name: metric.name, aggregation, value });
  }
  return { customer_id: customerId, from, to, data };
}

async function oneMetric(metrics: MetricsRepo, code: string): Promise<BillableMetricsTable> {
  const metric = await metrics.findByCode(code);
  if (!metric) throw AppError.validation('metric_code', 'is not a billable metric of this organization');
  return metric;
}
