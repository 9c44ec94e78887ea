import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { decodeCursor, toPage } from '../../shared/pagination.ts';
import { CreditNotesRepo, creditNoteOut } from './credit-notes.repo.ts';
import { CreateCreditNote, CreditNote, CreditNoteList, CreditNoteListQuery, CreditNotePreview, PreviewCreditNote } from './credit-notes.schemas.ts';
import { getCreditNote, issueCreditNote, previewCreditNote } from './credit-notes.service.ts';

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
      schema: { tags, summary: 'List credit notes, newest first', querystring: CreditNoteListQuery, response: { 200: CreditNoteList, ...problemResponses(401, 422) } },
    },
    async (request) => {
      const ctx = contextOf(request, deps);
      const q = request.query;
      const rows = await new CreditNotesRepo(ctx.db.kysely, ctx.orgId).list({
        limit: q.limit,
        cursor: q.cursor === undefined ? undefined : String(decodeCursor(q.cursor, 1)[0]),
        invoiceId: q.invoice_id,
        customerId: q.customer_id,
        from: q.from,
        to: q.to,
      });
      return toPage(rows, q.limit, (row) => [row.id], (row) => creditNoteOut(row, row.invoice_number));
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
