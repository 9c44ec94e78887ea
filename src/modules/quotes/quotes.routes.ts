import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { openedSecretBox } from '../../kernel/secret-box.ts';
import { publicBaseUrl } from '../../config.ts';
import { createQuote, deleteQuote, duplicateQuote, updateQuote } from './draft-quotes.ts';
import { acceptQuote, convertQuote, declineQuote, finalizeQuote } from './quote-lifecycle.ts';
import { readQuote, type QuoteLinks } from './quote-view.ts';
import { listQuotes } from './read-quotes.ts';
import { quotePdf } from './quote-pdf.ts';
import { attachment } from '../../kernel/http/public-pages.ts';
import { AcceptQuote, CreateQuote, DeclineQuote, Quote, QuoteList, QuoteListQuery, UpdateQuote } from './quotes.schemas.ts';

const tags = ['Quotes'];

/** Where quote pages are and how their tokens open (for `public_url`). */
export function quoteLinks(deps: AppDeps): QuoteLinks {
  return { secrets: openedSecretBox(deps), baseUrl: publicBaseUrl(deps.config) };
}

export function registerQuoteRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const links = quoteLinks(deps);

  api.get(
    '/quotes',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List quotes, newest first (filter by status — an open quote past its expiry date is expired —, customer_id, q)',
        querystring: QuoteListQuery,
        response: { 200: QuoteList, ...problemResponses(401, 422) },
      },
    },
    async (request) => listQuotes(contextOf(request, deps), request.query),
  );

  api.post(
    '/quotes',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'Create a draft quote (the invoice body plus expiry_date)', body: CreateQuote, response: { 201: Quote, ...problemResponses(401, 403, 409, 422) } },
    },
    async (request, reply) => reply.code(201).send(await createQuote(contextOf(request, deps), request.body, links)),
  );

  api.get(
    '/quotes/:id',
    { config: { requires: 'viewer' }, schema: { tags, summary: 'Get a quote with its lines', params: IdParams, response: { 200: Quote, ...problemResponses(401, 404) } } },
    async (request) => readQuote(contextOf(request, deps), request.params.id, links),
  );

  api.get(
    '/quotes/:id/pdf',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: "The quote as PDF in the customer's language (Quote / Angebot / Devis / Presupuesto, with the expiry date)",
        params: IdParams,
        response: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.unknown() } } }, ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const pdf = await quotePdf(contextOf(request, deps), request.params.id, links);
      return reply.type('application/pdf').header('Content-Disposition', attachment(pdf.filename)).send(pdf.content);
    },
  );

  api.patch(
    '/quotes/:id',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Change a draft quote (lines, allowances or charges given replace the old ones)',
        params: IdParams,
        body: UpdateQuote,
        response: { 200: Quote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateQuote(contextOf(request, deps), request.params.id, request.body, links),
  );

  api.delete(
    '/quotes/:id',
    { config: { requires: 'sales' }, schema: { tags, summary: 'Delete a draft quote', params: IdParams, response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) } } },
    async (request, reply) => {
      await deleteQuote(contextOf(request, deps), request.params.id, links);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/quotes/:id/finalize',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary:
          'Finalize a draft: number from the quote series (QUO-{YYYY}-{SEQ:5}), issue date today unless set, expiry 30 days later unless set; opens the customer page (public_url)',
        params: IdParams,
        response: { 200: Quote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => finalizeQuote(contextOf(request, deps), request.params.id, links),
  );

  api.post(
    '/quotes/:id/accept',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: "Record the customer's acceptance (on their behalf): name, time and the request's address. Only an open quote; an expired one is a 409",
        params: IdParams,
        body: AcceptQuote,
        response: { 200: Quote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => acceptQuote(contextOf(request, deps), request.params.id, request.body.name, { ip: request.ip }, links),
  );

  api.post(
    '/quotes/:id/decline',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'Record that the customer declined (optional reason). Only an open quote', params: IdParams, body: DeclineQuote, response: { 200: Quote, ...problemResponses(401, 403, 404, 409, 422) } },
    },
    async (request) => declineQuote(contextOf(request, deps), request.params.id, request.body.reason ?? null, links),
  );

  api.post(
    '/quotes/:id/convert',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary:
          'Convert an open or accepted quote into a draft invoice with exactly its lines, discounts, allowances, charges and taxes (same transaction). Once: a second call is a 409 whose errors[0] (path invoice_id) names the invoice',
        params: IdParams,
        response: { 201: Quote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send((await convertQuote(contextOf(request, deps), request.params.id, links)).quote),
  );

  api.post(
    '/quotes/:id/duplicate',
    {
      config: { requires: 'sales' },
      schema: { tags, summary: 'Duplicate a quote of any status as a new draft (no number, no dates, no answer)', params: IdParams, response: { 201: Quote, ...problemResponses(401, 403, 404, 409, 422) } },
    },
    async (request, reply) => reply.code(201).send(await duplicateQuote(contextOf(request, deps), request.params.id, links)),
  );
}
