/**
 * GET /organization/export (admin): everything of the organization as one streamed ZIP file:
 * manifest.json (export time, counts, conventions), organization.json, users.json, one JSON
 * file per resource (export-resources.ts) and the PDFs of issued invoices and credit notes
 * (pdfs/invoices/…, pdfs/credit-notes/…, rendered from their frozen data by the same function
 * as GET /invoices/{id}/pdf). Files are written one at a time, tables read page by page, each
 * PDF rendered when its turn comes: memory stays flat however large the organization.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ZipFile } from 'yazl';
import type { AppDeps } from '../../kernel/deps.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { creditNotePdf, invoicePdf } from '../documents/invoice-files.ts';
import { EXPORT_PAGE, organizationJson, RESOURCES, resourceJson, usersJson } from './export-resources.ts';

export const EXPORT_FORMAT_VERSION = 1;

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/** Lazily rendered: the PDF is made when the archive reaches its entry. */
function lazyPdf(render: () => Promise<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      yield await render();
    })(),
  );
}

/** Issued documents, a page of ids at a time. */
async function* issued(ctx: RequestContext, table: 'invoices' | 'credit_notes'): AsyncGenerator<{ id: string; number: string }[]> {
  let after = '';
  for (;;) {
    let query = ctx.db.kysely.selectFrom(table).select(['id', 'number']).where('organization_id', '=', ctx.orgId).where('number', 'is not', null).where('id', '>', after);
    if (table === 'invoices') query = query.where('status', '<>', 'draft');
    const rows = await query.orderBy('id').limit(EXPORT_PAGE).execute();
    yield rows.map((row) => ({ id: row.id, number: row.number ?? row.id }));
    if (rows.length < EXPORT_PAGE) return;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

export function registerOrganizationExportRoute(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/organization/export',
    {
      config: { requires: 'admin' },
      schema: {
        tags: ['Exports'],
        summary: 'All data of the organization as a ZIP: one JSON file per resource, manifest.json with counts, and the PDFs of issued documents',
        response: { 200: { description: 'A ZIP archive', content: { 'application/zip': { schema: z.string().meta({ format: 'binary' }) } } }, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const exportedAt = deps.clock.now();
      const zip = new ZipFile();
      const output = zip.outputStream as Readable;
      const fail = (error: unknown) => {
        request.log.error({ err: error }, 'the organization export failed');
        output.destroy(error instanceof Error ? error : new Error(String(error)));
      };
      const options = { mtime: exportedAt };
      const counts: Record<string, number> = {};
      const pdfs = { invoices: 0, credit_notes: 0 };
      void (async () => {
        try {
          const db = ctx.db.kysely;
          zip.addBuffer(Buffer.from(JSON.stringify(await organizationJson(db, ctx.orgId), null, 2)), 'organization.json', options);
          const users = await usersJson(db, ctx.orgId);
          counts.users = users.length;
          zip.addBuffer(Buffer.from(JSON.stringify(users, null, 2)), 'users.json', options);
          for (const spec of RESOURCES) {
            counts[spec.file] = 0;
            const json = resourceJson(db, ctx.orgId, spec, (n) => {
              counts[spec.file] = (counts[spec.file] ?? 0) + n;
            });
            zip.addReadStream(Readable.from(json), `${spec.file}.json`, options);
          }
          for await (const page of issued(ctx, 'invoices')) {
            for (const doc of page) {
              pdfs.invoices += 1;
              zip.addReadStream(lazyPdf(async () => (await invoicePdf(ctx, doc.id)).content), `pdfs/invoices/${safeName(doc.number)}.pdf`, { ...options, compress: false });
            }
          }
          for await (const page of issued(ctx, 'credit_notes')) {
            for (const doc of page) {
              pdfs.credit_notes += 1;
              zip.addReadStream(lazyPdf(async () => (await creditNotePdf(ctx, doc.id)).content), `pdfs/credit-notes/${safeName(doc.number)}.pdf`, { ...options, compress: false });
            }
          }
          // Last: read when every file before it is written, so the counts are final.
          const manifest = async function* () {
            yield await Promise.resolve(JSON.stringify({
              format: 'settle-organization-export',
              version: EXPORT_FORMAT_VERSION,
              organization_id: ctx.orgId,
              exported_at: exportedAt.toISOString(),
              counts,
              pdfs,
              conventions: 'Stored rows: ids as in the API; amounts in minor units (integers); unit prices scaled by 10^6; dates YYYY-MM-DD, timestamps RFC 3339 UTC; booleans 0/1. No password hashes, two-factor or webhook secrets, token hashes or gateway keys.',
            }, null, 2));
          };
          zip.addReadStream(Readable.from(manifest()), 'manifest.json', options);
          zip.end();
        } catch (error) {
          fail(error);
        }
      })();
      zip.on('error', fail);
      const date = exportedAt.toISOString().slice(0, 10);
      return reply.type('application/zip').header('Content-Disposition', `attachment; filename="settle-export-${date}.zip"`).send(output as never);
    },
  );
}
