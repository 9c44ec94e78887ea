import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { createInvoice, deleteInvoice, updateInvoice } from './draft-invoices.ts';
import { finalizeInvoice } from './finalize-invoice.ts';
import { createFinalizedInvoice } from './create-finalized-invoice.ts';
import { roleAtLeast } from '../../domain/roles.ts';
import { AppError } from '../../shared/errors.ts';
import { markInvoiceUncollectible, voidInvoice } from './invoice-transitions.ts';
import { CreateInvoice, Invoice, InvoiceList, InvoiceListQuery, UpdateInvoice } from './invoices.schemas.ts';
import { getInvoice, listInvoices, sendInvoicesCsv } from './read-invoices.ts';
import { duplicateInvoice } from './duplicate-invoice.ts';

const tags = ['Invoices'];

export function registerInvoiceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/invoices',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List invoices, newest first or by ?sort= (filter by status, customer_id, currency, overdue, q, from/to issue date, ids); ?format=csv exports every match',
        querystring: InvoiceListQuery,
        response: { 200: InvoiceList, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (request.query.format === 'csv') return sendInvoicesCsv(ctx, request, reply, request.query);
      return listInvoices(ctx, request.query);
    },
  );

  api.post(
    '/invoices',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Create a draft invoice, or with `finalize: true` an issued one (create + finalize in one transaction)',
        body: CreateInvoice,
        response: { 201: Invoice, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (!request.body.finalize) return reply.code(201).send(await createInvoice(ctx, request.body));
      // The route is open to sales; issuing is the accountant's, as on POST /invoices/{id}/finalize.
      if (!roleAtLeast(ctx.role, 'accountant')) {
        throw new AppError('forbidden', `Creating a finalized invoice requires the accountant role or higher; you are ${ctx.role}`);
      }
      return reply.code(201).send(await createFinalizedInvoice(ctx, request.body, { einvoicing: deps.einvoicing }));
    },
  );

  api.get(
    '/invoices/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get an invoice with its lines', params: IdParams, response: { 200: Invoice, ...problemResponses(401, 404) } },
    },
    async (request) => getInvoice(contextOf(request, deps), request.params.id),
  );

  api.patch(
    '/invoices/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Change a draft (lines, allowances or charges given replace the old ones)',
        params: IdParams,
        body: UpdateInvoice,
        response: { 200: Invoice, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateInvoice(contextOf(request, deps), request.params.id, request.body),
  );

  api.delete(
    '/invoices/:id',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'Delete a draft', params: IdParams, response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await deleteInvoice(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/invoices/:id/duplicate',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary:
          'Duplicate an invoice of any status as a new draft: the same customer, currency, lines, allowances and charges, notes, terms and e-invoice references; no number and no dates',
        params: IdParams,
        response: { 201: Invoice, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await duplicateInvoice(contextOf(request, deps), request.params.id)),
  );

  api.post(
    '/invoices/:id/finalize',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary:
          'Finalize a draft: assign the next number of the series, freeze it, open it. For a customer with an e-invoice format, the would-be e-invoice is checked first: 422 listing the broken rules and the fields to fix',
        params: IdParams,
        response: { 200: Invoice, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => finalizeInvoice(contextOf(request, deps), request.params.id, { einvoicing: deps.einvoicing }),
  );

  api.post(
    '/invoices/:id/void',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Void an open invoice without payments (it keeps its number)',
        params: IdParams,
        response: { 200: Invoice, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => voidInvoice(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/invoices/:id/mark-uncollectible',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Mark an open or partially paid invoice uncollectible',
        params: IdParams,
        response: { 200: Invoice, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => markInvoiceUncollectible(contextOf(request, deps), request.params.id),
  );
}
