import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateCustomer, Customer, CustomerList, CustomerListQuery, UpdateCustomer } from './customers.schemas.ts';
import { anonymizeCustomer, createCustomer, deleteCustomer, getCustomer, listCustomers, sendCustomersCsv, updateCustomer } from './customers.service.ts';

const tags = ['Customers'];

export function registerCustomerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/customers',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List customers (search with q; newest first, or ?sort=name|email|created_at, - for descending); ?format=csv exports every match',
        querystring: CustomerListQuery,
        response: { 200: CustomerList, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (request.query.format === 'csv') return sendCustomersCsv(ctx, request, reply, request.query);
      return listCustomers(ctx, request.query);
    },
  );

  api.post(
    '/customers',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'Create a customer', body: CreateCustomer, response: { 201: Customer, ...problemResponses(401, 403, 422) } },
    },
    async (request, reply) => reply.code(201).send(await createCustomer(contextOf(request, deps), request.body)),
  );

  api.get(
    '/customers/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a customer', params: IdParams, response: { 200: Customer, ...problemResponses(401, 404) } },
    },
    async (request) => getCustomer(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/customers/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Change a customer (archive with {"archived": true})',
        params: IdParams,
        body: UpdateCustomer,
        response: { 200: Customer, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateCustomer(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/customers/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Delete a customer that has no finalized invoices',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCustomer(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/customers/:id/anonymize',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'GDPR erasure: scrub personal fields, keep invoices',
        params: IdParams,
        response: { 200: Customer, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => anonymizeCustomer(contextOf(request, deps), request.params.id),
  );
}
