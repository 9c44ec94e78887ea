import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import {
  CancelSubscription,
  CreateSubscription,
  Subscription,
  SubscriptionList,
  SubscriptionListQuery,
  UpcomingInvoice,
  UpdateSubscription,
} from './subscriptions.schemas.ts';
import {
  cancelSubscription,
  createSubscription,
  getSubscription,
  listSubscriptions,
  pauseSubscription,
  resumeSubscription,
  updateSubscription,
} from './subscriptions.service.ts';
import { upcomingInvoice } from './upcoming-invoice.ts';

const tags = ['Subscriptions'];

/** Subscriptions issue invoices on their own: changing them takes the role that finalizes invoices. */
export function registerSubscriptionRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/subscriptions',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'List subscriptions (recurring billing), newest first', querystring: SubscriptionListQuery, response: { 200: SubscriptionList, ...problemResponses(401, 422) } },
    },
    async (request) => listSubscriptions(contextOf(request, deps), request.query),
  );

  api.post(
    '/subscriptions',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Create a subscription: invoices generated on a cycle (from an invoice with invoice_id: "Make recurring")',
        body: CreateSubscription,
        response: { 201: Subscription, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createSubscription(contextOf(request, deps), request.body)),
  );

  api.get(
    '/subscriptions/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a subscription', params: IdParams, response: { 200: Subscription, ...problemResponses(401, 404) } },
    },
    async (request) => getSubscription(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/subscriptions/:id',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Change a subscription (applies to invoices not generated yet)',
        params: IdParams,
        body: UpdateSubscription,
        response: { 200: Subscription, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateSubscription(contextOf(request, deps), request.params.id, request.body),
  );

  api.post(
    '/subscriptions/:id/pause',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'Pause: no invoice for a period that starts while paused', params: IdParams, response: { 200: Subscription, ...problemResponses(401, 403, 404, 409) } },
    },
    async (request) => pauseSubscription(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/subscriptions/:id/resume',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Resume: billing goes on with the next period start (nothing is back-billed)',
        params: IdParams,
        response: { 200: Subscription, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => resumeSubscription(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/subscriptions/:id/cancel',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Cancel now, or at the end of the current period ({"at_period_end": true})',
        params: IdParams,
        body: CancelSubscription,
        response: { 200: Subscription, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => cancelSubscription(contextOf(request, deps), request.params.id, request.body),
  );

  api.get(
    '/subscriptions/:id/upcoming-invoice',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'The next invoice as it would be generated now (usage so far); nothing is stored',
        params: IdParams,
        response: { 200: UpcomingInvoice, ...problemResponses(401, 404, 409) },
      },
    },
    async (request) => upcomingInvoice(deps, contextOf(request, deps), request.params.id),
  );
}
