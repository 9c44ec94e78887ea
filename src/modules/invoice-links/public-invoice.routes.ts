/**
 * The customer's pages, outside the API and without login: `/p/{token}` shows the invoice
 * (status, amount due, the document) and `/p/{token}/pdf` downloads it. The token is the
 * only key. A wrong, malformed or revoked token, or an invoice that is not finalized,
 * all get the same bare 404, so the answer says nothing about which tokens ever existed.
 *
 * These pages never read or set a cookie (the guard skips credentials for them), are never
 * cached or indexed, send no Referer onwards, and carry the document's strict CSP.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, type RequestContext } from '../../kernel/context.ts';
import { invoiceHtml, invoicePdf } from '../documents/invoice-files.ts';
import { LINK_TOKEN_PATTERN, TokenParams, linkTokenHash, notFound, pageResponses, pdfResponses, screenWith, sendPage, sendPdf } from '../../kernel/http/public-pages.ts';
import { VisitorLimit } from '../../kernel/http/visitor-limit.ts';
import { markInvoiceViewed } from '../invoices/mark-viewed.ts';
import { findLiveLinkByTokenHash } from './invoice-links.repo.ts';

const tags = ['Customer pages'];

export function registerPublicInvoiceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const limit = new VisitorLimit(deps.config.PUBLIC_LINK_MAX_PER_MINUTE, deps.clock);

  /** The invoice the token opens, as seen by a system actor of its organization; null → 404. */
  async function resolve(request: FastifyRequest, token: string): Promise<{ ctx: RequestContext; invoiceId: string } | null> {
    if (!LINK_TOKEN_PATTERN.test(token)) return null;
    const link = await findLiveLinkByTokenHash(deps.db.kysely, linkTokenHash(token));
    if (!link) return null;
    const invoice = await deps.db.kysely
      .selectFrom('invoices')
      .select('status')
      .where('organization_id', '=', link.organization_id)
      .where('id', '=', link.invoice_id)
      .executeTakeFirst();
    if (!invoice || invoice.status === 'draft') return null;
    const ctx = systemContext(deps, link.organization_id, 'Customer link', { role: 'viewer', requestId: request.id });
    return { ctx, invoiceId: link.invoice_id };
  }

  const screen = screenWith(limit);

  api.get(
    '/p/:token',
    {
      config: { requires: 'public' },
      onRequest: screen,
      schema: {
        tags,
        summary: "The customer's invoice page (no login): status, amount due, the document and a PDF download",
        security: [],
        params: TokenParams,
        response: pageResponses('The invoice page'),
      },
    },
    async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFound(reply);
      await markInvoiceViewed(deps, found.ctx.orgId, found.invoiceId);
      return sendPage(reply, await invoiceHtml(found.ctx, found.invoiceId, { publicView: { pdfHref: `/p/${request.params.token}/pdf` } }));
    },
  );

  api.get(
    '/p/:token/pdf',
    {
      config: { requires: 'public' },
      onRequest: screen,
      schema: {
        tags,
        summary: "The customer's invoice as PDF (no login)",
        security: [],
        params: TokenParams,
        response: pdfResponses(),
      },
    },
    async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) return notFound(reply);
      return sendPdf(reply, await invoicePdf(found.ctx, found.invoiceId));
    },
  );
}
