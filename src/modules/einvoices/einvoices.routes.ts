/**
 * Exports and checks of issued documents:
 *   GET /invoices/{id}/einvoice?format=…             the e-invoice file (XML, or the Factur-X PDF)
 *   GET /invoices/{id}/einvoice/validation?format=…  what the official rules say of it
 * and the same under /credit-notes/{id}. A draft answers 409, an unknown format 422.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EINVOICE_FORMATS } from '../../domain/einvoice/model.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { EInvoiceValidationOut } from './einvoices.schemas.ts';
import { creditNoteEInvoice, creditNoteEInvoiceValidation, invoiceEInvoice, invoiceEInvoiceValidation, type EInvoiceFile } from './einvoice-export.ts';

const FormatQuery = z
  .object({
    format: z.enum(EINVOICE_FORMATS).meta({
      description:
        'ubl: UBL 2.1, Peppol BIS Billing 3.0; cii: UN/CEFACT CII D16B (EN 16931); xrechnung-ubl / xrechnung-cii: XRechnung 3.0; facturx: the invoice PDF as PDF/A-3b with factur-x.xml embedded (Factur-X 1.x / ZUGFeRD 2.x, profile EN 16931)',
    }),
    download: z.enum(['1', 'true']).optional().meta({ description: 'Send as an attachment (Content-Disposition: attachment)' }),
  })
  .strict();

const fileResponse = {
  description: 'The e-invoice: XML (application/xml), or for facturx the PDF (application/pdf)',
  content: { 'application/xml': { schema: z.string() }, 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
};

export function registerEInvoiceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const send = (reply: FastifyReply, file: EInvoiceFile, download: boolean) =>
    // File names hold only [A-Za-z0-9_.-] (document-view's safe file name): nothing to quote.
    reply.type(file.contentType).header('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${file.filename}"`).send(file.content);

  for (const [base, kind, exporter, validator] of [
    ['/invoices', 'invoice', invoiceEInvoice, invoiceEInvoiceValidation],
    ['/credit-notes', 'credit note', creditNoteEInvoice, creditNoteEInvoiceValidation],
  ] as const) {
    const tags = [kind === 'invoice' ? 'Invoices' : 'Credit notes', 'E-invoices'];
    api.get(
      `${base}/:id/einvoice`,
      {
        config: { requires: 'viewer' },
        schema: {
          tags,
          summary: `The ${kind}'s e-invoice (EN 16931) in the chosen format; 409 for a draft`,
          params: IdParams,
          querystring: FormatQuery,
          response: { 200: fileResponse, ...problemResponses(401, 404, 409, 422) },
        },
      },
      async (request, reply) => send(reply, await exporter(contextOf(request, deps), request.params.id, request.query.format), request.query.download !== undefined),
    );
    api.get(
      `${base}/:id/einvoice/validation`,
      {
        config: { requires: 'viewer' },
        schema: {
          tags,
          summary: `What the official EN 16931 rules (and the format's profile rules) say of the ${kind}'s e-invoice`,
          params: IdParams,
          querystring: FormatQuery.omit({ download: true }),
          response: { 200: EInvoiceValidationOut, ...problemResponses(401, 404, 409, 422) },
        },
      },
      async (request) => validator(contextOf(request, deps), request.params.id, request.query.format),
    );
  }
}
