/**
 * Printed documents over the API: invoices and credit notes as HTML previews and as PDF,
 * all through the one entry point (invoice-files.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { creditNoteHtml, creditNotePdf, invoiceHtml, invoicePdf, type DocumentPdf } from './invoice-files.ts';

const PdfQuery = z
  .object({
    download: z.enum(['0', '1', 'true', 'false']).optional().meta({ description: '1 or true: as an attachment (save) instead of inline (view)' }),
  });

const pdfResponse = {
  description: 'The document as PDF (A4, fonts embedded)',
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
};

function sendPdf(reply: FastifyReply, pdf: DocumentPdf, download: string | undefined) {
  // The filename holds only [A-Za-z0-9_-] and .pdf (document-view safeFilename): nothing to quote or escape.
  const disposition = download === '1' || download === 'true' ? 'attachment' : 'inline';
  return reply
    .type('application/pdf')
    .header('Content-Disposition', `${disposition}; filename="${pdf.filename}"`)
    .send(pdf.content);
}

export function registerDocumentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/invoices/:id/preview',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Invoices'],
        summary: 'The invoice document as HTML in the customer’s language, exactly as issued (drafts are marked DRAFT)',
        params: IdParams,
        response: {
          200: { description: 'The document', content: { 'text/html': { schema: z.string() } } },
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const { html, csp } = await invoiceHtml(contextOf(request, deps), request.params.id);
      return reply.type('text/html; charset=utf-8').header('Content-Security-Policy', csp).send(html);
    },
  );

  api.get(
    '/credit-notes/:id/preview',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Credit notes'],
        summary: 'The credit note as an HTML document, in the customer’s language',
        params: IdParams,
        response: {
          200: { description: 'The document', content: { 'text/html': { schema: z.string() } } },
          ...problemResponses(401, 404),
        },
      },
    },
    async (request, reply) => {
      const { html, csp } = await creditNoteHtml(contextOf(request, deps), request.params.id);
      return reply.header('Content-Security-Policy', csp).type('text/html; charset=utf-8').send(html);
    },
  );

  api.get(
    '/invoices/:id/pdf',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Invoices'],
        summary: 'The invoice document as PDF, in the customer’s language (drafts are marked DRAFT, void invoices VOID)',
        params: IdParams,
        querystring: PdfQuery,
        response: { 200: pdfResponse, ...problemResponses(401, 404, 422) },
      },
    },
    async (request, reply) => sendPdf(reply, await invoicePdf(contextOf(request, deps), request.params.id), request.query.download),
  );

  api.get(
    '/credit-notes/:id/pdf',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Credit notes'],
        summary: 'The credit note as PDF, in the customer’s language',
        params: IdParams,
        querystring: PdfQuery,
        response: { 200: pdfResponse, ...problemResponses(401, 404, 422) },
      },
    },
    async (request, reply) => sendPdf(reply, await creditNotePdf(contextOf(request, deps), request.params.id), request.query.download),
  );
}
