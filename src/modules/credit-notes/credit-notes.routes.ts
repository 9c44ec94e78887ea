import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateCreditNote, CreditNote, CreditNotePreview, PreviewCreditNote } from './credit-notes.schemas.ts';
import { getCreditNote, issueCreditNote, previewCreditNote } from './credit-notes.service.ts';
import { CreditNoteList, CreditNoteListQuery, listCreditNotes, sendCreditNotesCsv } from './credit-notes.list.ts';

const tags = ['Credit notes'];

export function registerCreditNoteRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/invoices/:id/credit-notes',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Issue a credit note against a finalized invoice, by amount or by lines',
        params: IdParams,
        body: CreateCreditNote,
        response: { 201: CreditNote, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await issueCreditNote(contextOf(request, deps), request.params.id, request.body)),
  );

  api.post(
    '/invoices/:id/credit-notes/preview',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'What a credit note with this body would credit (lines, tax breakdown, totals), without issuing it',
        params: IdParams,
        body: PreviewCreditNote,
        response: { 200: CreditNotePreview, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => previewCreditNote(contextOf(request, deps), request.params.id, request.body),
  );

  api.get(
    '/credit-notes',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'List credit notes, newest first or by ?sort= (filter by invoice_id, customer_id, currency, q, from/to, ids); ?format=csv exports every match',
        querystring: CreditNoteListQuery,
        response: { 200: CreditNoteList, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (request.query.format === 'csv') return sendCreditNotesCsv(ctx, request, reply, request.query);
      return listCreditNotes(ctx, request.query);
    },
  );

  api.get(
    '/credit-notes/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a credit note', params: IdParams, response: { 200: CreditNote, ...problemResponses(401, 404) } },
    },
    async (request) => getCreditNote(contextOf(request, deps), request.params.id),
  );
}
