/**
 * Webhook endpoints and their delivery logs. Admins only: an endpoint receives every event
 * it subscribes to (customers, invoices, payments), and its URL makes this server send
 * requests.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpoints.service.ts';
import { listDeliveries, retryDelivery, sendTestPing } from './deliveries.service.ts';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpoint,
  DeliveryParams,
  UpdateWebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookListQuery,
} from './webhooks.schemas.ts';

const tags = ['Webhooks'];

export function registerWebhookRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const settings = deps.config;

  api.get(
    '/webhook-endpoints',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: "The organization's webhook endpoints, newest first (never the secret)",
        querystring: WebhookListQuery,
        response: { 200: WebhookEndpointList, ...problemResponses(401, 403, 422) },
      },
    },
    async (request) => listEndpoints(contextOf(request, deps), request.query),
  );

  api.post(
    '/webhook-endpoints',
    {
      // The signing secret is shown once: an idempotent retry must not replay it from storage.
      config: { requires: 'admin', idempotency: 'no-replay' },
      schema: {
        tags,
        summary: 'Add a webhook endpoint; its signing secret is shown only in this response',
        description: 'Events are POSTed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.',
        body: CreateWebhookEndpoint,
        response: { 201: CreatedWebhookEndpoint, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createEndpoint(contextOf(request, deps), request.body, settings)),
  );

  api.get(
    '/webhook-endpoints/:id',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: 'One webhook endpoint', params: IdParams, response: { 200: WebhookEndpoint, ...problemResponses(401, 403, 404) } },
    },
    async (request) => getEndpoint(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/webhook-endpoints/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Change an endpoint: URL, events, description, or enable/disable it (enabling clears the reason it was disabled)',
        params: IdParams,
        body: UpdateWebhookEndpoint,
        response: { 200: WebhookEndpoint, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => updateEndpoint(contextOf(request, deps), request.params.id, request.body, settings),
  );

  api.delete(
    '/webhook-endpoints/:id',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Delete an endpoint with its delivery log; deliveries still waiting are not sent',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/webhook-endpoints/:id/test',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Send a `ping` event to the endpoint now (through the same queue and signing as every event)',
        params: IdParams,
        response: { 202: WebhookDelivery, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(202).send(await sendTestPing(contextOf(request, deps), request.params.id)),
  );

  api.get(
    '/webhook-endpoints/:id/deliveries',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: "The endpoint's deliveries, newest first, each with its attempts",
        params: IdParams,
        querystring: WebhookListQuery,
        response: { 200: WebhookDeliveryList, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => listDeliveries(contextOf(request, deps), request.params.id, request.query),
  );

  api.post(
    '/webhook-endpoints/:id/deliveries/:delivery_id/retry',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Attempt a delivery again now (also a delivered or failed one: it is sent with the same webhook-id)',
        params: DeliveryParams,
        response: { 202: WebhookDelivery, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await retryDelivery(contextOf(request, deps), request.params.id, request.params.delivery_id)),
  );
}
