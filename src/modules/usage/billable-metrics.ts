/**
 * Billable metrics: what usage is counted and how (count, sum, max, unique_count of a
 * property). The code is what events and subscriptions' metered items name, so it never
 * changes; the field (the property aggregated) only while no event of the metric exists, and
 * a metric is deleted only when no event and no live subscription uses it. Each change runs
 * in one transaction with its (audited, internal) event.
 */
import type { BillableMetricsTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { inTransaction } from '../../db/transaction.ts';
import { nowIso, type RequestContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { MetricsRepo } from './usage.repo.ts';
import type { BillableMetricListQueryInput, BillableMetricOut, CreateBillableMetricInput, UpdateBillableMetricInput } from './usage.schemas.ts';
import { metricOut } from './usage-view.ts';

function duplicateCode(code: string): AppError {
  const message = `is already the code of another billable metric ("${code}")`;
  return new AppError('conflict', `code: ${message}`, [{ path: 'code', message }]);
}

export async function createMetric(ctx: RequestContext, input: CreateBillableMetricInput): Promise<BillableMetricOut> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new MetricsRepo(trx, ctx.orgId);
      if (await repo.findByCode(input.code)) throw duplicateCode(input.code);
      const now = nowIso(ctx.clock);
      const row: BillableMetricsTable = {
        id: newId('bmt'),
        organization_id: ctx.orgId,
        code: input.code,
        name: input.name,
        aggregation: input.aggregation,
        field: input.field ?? null,
        created_at: now,
        updated_at: now,
      };
      await repo.insert(row);
      const out = metricOut(row);
      await emit(trx, ctx, { type: 'billable_metric.created', resource: { type: 'billable_metric', id: row.id }, after: out });
      return out;
    });
  } catch (error) {
    // Two requests creating the same code at once: the unique index decides.
    if (isUniqueViolation(error)) throw duplicateCode(input.code);
    throw error;
  }
}

export async function getMetric(ctx: RequestContext, id: string): Promise<BillableMetricOut> {
  const row = await new MetricsRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Billable metric');
  return metricOut(row);
}

export async function listMetrics(ctx: RequestContext, query: BillableMetricListQueryInput): Promise<Page<BillableMetricOut>> {
  const rows = await new MetricsRepo(ctx.db.kysely, ctx.orgId).list(query);
  return toPage(rows, query.limit, (row) => [row.code], metricOut);
}

export async function updateMetric(ctx: RequestContext, id: string, input: UpdateBillableMetricInput): Promise<BillableMetricOut> {
  return inTransaction(ctx.db, async (trx) => {
    const repo = new MetricsRepo(trx, ctx.orgId);
    const before = await repo.lock(ctx.db.dialect, id);
    if (!before) throw AppError.notFound('Billable metric');
    const changes: Partial<Pick<BillableMetricsTable, 'name' | 'field' | 'updated_at'>> = {};
    if (input.name !== undefined) changes.name = input.name;
    const field = input.field === undefined ? before.field : input.field;
    if (field !== before.field) {
      if (before.aggregation === 'count') throw AppError.validation('field', 'must not be given for a count metric (it counts events)');
      if (field === null) throw AppError.validation('field', `is required for a ${before.aggregation} metric`);
      if (await repo.hasEvents(before.code)) {
        const message = 'cannot change once usage events of the metric were recorded (their values were read with the old field); create a new metric';
        throw new AppError('conflict', `field: ${message}`, [{ path: 'field', message }]);
      }
      changes.field = field;
    }
    if (Object.keys(changes).length === 0) return metricOut(before);
    changes.updated_at = nowIso(ctx.clock);
    await repo.update(id, changes);
    const after = metricOut({ ...before, ...changes });
    await emit(trx, ctx, { type: 'billable_metric.updated', resource: { type: 'billable_metric', id }, before: metricOut(before), after });
    return after;
  });
}

export async function deleteMetric(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new MetricsRepo(trx, ctx.orgId);
    const before = await repo.lock(ctx.db.dialect, id);
    if (!before) throw AppError.notFound('Billable metric');
    const subscriptionId = await repo.usedBySubscription(before.code);
    if (subscriptionId !== undefined) {
      throw AppError.conflict(`The metric is billed by subscription ${subscriptionId}; remove its metered item (or cancel the subscription) first`);
    }
    if (await repo.hasEvents(before.code)) throw AppError.conflict('Usage events of this metric were recorded; a metric with usage is kept');
    await repo.delete(id);
    await emit(trx, ctx, { type: 'billable_metric.deleted', resource: { type: 'billable_metric', id }, before: metricOut(before) });
  });
}
