/**
 * GET /invoices/pdfs.zip?ids=…: the PDFs of up to 100 finalized invoices in one ZIP file, one
 * PDF per invoice named by its number, rendered by the same function as GET /invoices/{id}/pdf.
 * Every id is checked before anything is sent (422 naming `ids`: unknown to this organization,
 * or a draft, which has no number yet); then the archive is streamed, one PDF rendered at a time.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { invoicePdf } from './invoice-files.ts';

export const MAX_ZIP_INVOICES = 100;

const ZipQuery = z.object({
  ids: z
    .string()
    .max(10_000)
    .transform((value, ctx) => {
      const ids = [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
      if (ids.length === 0 || ids.length > MAX_ZIP_INVOICES || ids.some((id) => id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id))) {
        ctx.issues.push({ code: 'custom', message: `must be 1 to ${MAX_ZIP_INVOICES} comma-separated invoice ids`, input: value });
        return z.NEVER;
      }
      return ids;
    })
    .meta({ description: `Comma-separated ids of finalized invoices, at most ${MAX_ZIP_INVOICES}` }),
});

/** The file name of an invoice's PDF in the archive: its number, safe on every file system. */
function entryName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

export function registerInvoicePdfsZipRoute(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/invoices/pdfs.zip',
    {
      config: { requires: 'viewer' },
      schema: {
        tags: ['Invoices'],
        summary: `The PDFs of up to ${MAX_ZIP_INVOICES} finalized invoices as one ZIP file (one PDF per invoice, named by its number)`,
        querystring: ZipQuery,
        response: {
          200: { description: 'A ZIP archive', content: { 'application/zip': { schema: z.string().meta({ format: 'binary' }) } } },
          ...problemResponses(401, 422),
        },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const ids = request.query.ids;
      const rows = await ctx.db.kysely
        .selectFrom('invoices')
        .select(['id', 'number', 'status'])
        .where('organization_id', '=', ctx.orgId)
        .where('id', 'in', ids)
        .execute();
      const found = new Map(rows.map((row) => [row.id, row]));
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length > 0) throw AppError.validation('ids', `are not invoices of this organization: ${unknown.slice(0, 5).join(', ')}`);
      const drafts = rows.filter((row) => row.status === 'draft' || row.number === null);
      if (drafts.length > 0) throw AppError.validation('ids', `must be finalized invoices; drafts: ${drafts.slice(0, 5).map((row) => row.id).join(', ')}`);

      const zip = new ZipFile();
      const output = zip.outputStream as Readable;
      const invoices = ids.map((id) => found.get(id)).filter((row) => row !== undefined);
      void (async () => {
        try {
          for (const invoice of invoices) {
            const pdf = await invoicePdf(ctx, invoice.id);
            // PDFs are compressed already: stored as they are.
            zip.addBuffer(pdf.content, entryName(invoice.number ?? invoice.id), { compress: false });
          }
          zip.end();
        } catch (error) {
          request.log.error({ err: error }, 'rendering the invoice PDFs for a ZIP failed');
          output.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      })();
      const date = new Date().toISOString().slice(0, 10);
      return reply.type('application/zip').header('Content-Disposition', `attachment; filename="invoices-${date}.zip"`).send(output as never);
    },
  );
}
