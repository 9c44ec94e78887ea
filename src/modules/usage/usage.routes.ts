import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { createMetric, deleteMetric, getMetric, listMetrics, updateMetric } from './billable-metrics.ts';
import { customerUsage } from './customer-usage.ts';
import { recordUsage, recordUsageEvent } from './record-usage.ts';
import {
  BillableMetric,
  BillableMetricList,
  BillableMetricListQuery,
  CreateBillableMetric,
  CustomerUsage,
  CustomerUsageQuery,
  UpdateBillableMetric,
  UsageEvent,
  UsageEventBatch,
  UsageEventBatchResult,
  UsageEventInput,
} from './usage.schemas.ts';

const tags = ['Usage'];

/**
 * Metrics are settings of what is billed (accountant); usage events come from other systems
 * with API tokens (sales, like the invoices they lead to); reading usage is for everyone.
 */
export function registerUsageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/billable-metrics',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'List billable metrics, by code', querystring: BillableMetricListQuery, response: { 200: BillableMetricList, ...problemResponses(401, 422) } },
    },
    async (request) => listMetrics(contextOf(request, deps), request.query),
  );

  api.post(
    '/billable-metrics',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Create a billable metric: what usage events count (count, sum, max or unique_count of a property)',
        body: CreateBillableMetric,
        response: { 201: BillableMetric, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createMetric(contextOf(request, deps), request.body)),
  );

  api.get(
    '/billable-metrics/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a billable metric', params: IdParams, response: { 200: BillableMetric, ...problemResponses(401, 404) } },
    },
    async (request) => getMetric(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/billable-metrics/:id',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Rename a billable metric, or change its field while it has no usage events',
        params: IdParams,
        body: UpdateBillableMetric,
        response: { 200: BillableMetric, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateMetric(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/billable-metrics/:id',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Delete a billable metric that no usage event and no active or paused subscription uses',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteMetric(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/usage-events',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Record a usage event (201); a transaction_id sent before is answered 200 with the first event, counted once',
        body: UsageEventInput,
        response: { 200: UsageEvent, 201: UsageEvent, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const recorded = await recordUsageEvent(contextOf(request, deps), request.body);
      return reply.code(recorded.created ? 201 : 200).send(recorded.event);
    },
  );

  api.post(
    '/usage-events/batch',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Record up to 1,000 usage events at once: all or none (an invalid event refuses the batch, naming events.N.field)',
        body: UsageEventBatch,
        response: { 200: UsageEventBatchResult, ...problemResponses(401, 403, 409, 413, 422) },
      },
    },
    async (request) => {
      const recorded = await recordUsage(contextOf(request, deps), request.body.events, (i, field) => `events.${i}.${field}`);
      const created = recorded.created.filter(Boolean).length;
      return { data: recorded.data, created, duplicates: recorded.data.length - created };
    },
  );

  api.get(
    '/customers/:id/usage',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: "A customer's usage per metric over calendar days (default: this month so far)",
        params: IdParams,
        querystring: CustomerUsageQuery,
        response: { 200: CustomerUsage, ...problemResponses(401, 404, 422) },
      },
    },
    async (request) => customerUsage(contextOf(request, deps), request.params.id, request.query),
  );
}
