/**
 * The customer's pages, outside the API and without login: `/p/{token}` shows the invoice
 * (status, amount due, the document) and `/p/{token}/pdf` downloads it. The token is the
 * only key. A wrong, malformed or revoked token, or an invoice that is not finalized,
 * all get the same bare 404, so the answer says nothing about which tokens ever existed.
 *
 * These pages never read or set a cookie (the guard skips credentials for them), are never
 * cached or indexed, send no Referer onwards, and carry the document's strict CSP.
 *
 * Pay now: while an amount is due and the organization has a payment gateway connected, the
 * page shows a button — a form POST to `/p/{token}/pay`, which makes (or reuses) the hosted
 * checkout for the amount due and answers 303 to it. The CSP's form-action allows the page
 * itself and the gateway's checkout origin (Chrome checks the redirect after a form POST).
 * The gateway sends the customer back to `/p/{token}?payment=success|canceled`. Card data
 * never reaches Settle (PCI DSS SAQ A).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, type RequestContext } from '../../kernel/context.ts';
import { publicBaseUrl } from '../../config.ts';
import { gatewayCheckoutOrigins, hasGateway, invoiceCheckout } from '../payment-gateways/invoice-checkout.ts';
import { invoiceHtml, invoicePdf } from '../documents/invoice-files.ts';
import { LINK_TOKEN_PATTERN, TokenParams, linkTokenHash, notFound, pageResponses, pdfResponses, privateHeaders, screenWith, sendGatewayFailure, sendPage, sendPdf } from '../../kernel/http/public-pages.ts';
import { VisitorLimit } from '../../kernel/http/visitor-limit.ts';
import { markInvoiceViewed } from '../invoices/mark-viewed.ts';
import { findLiveLinkByTokenHash } from './invoice-links.repo.ts';
import { sendQuotePage, sendQuotePdf } from '../quotes/quote-pages.routes.ts';

const tags = ['Customer pages'];

// Anything else than the two results is simply no message.
const PageQuery = z.object({ payment: z.enum(['success', 'canceled']).optional().catch(undefined) });

const PAYABLE = new Set(['open', 'partially_paid']);

export function registerPublicInvoiceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const limit = new VisitorLimit(deps.config.PUBLIC_LINK_MAX_PER_MINUTE, deps.clock);

  /** The invoice the token opens, as seen by a system actor of its organization; null → 404. */
  async function resolve(request: FastifyRequest, token: string): Promise<{ ctx: RequestContext; invoiceId: string; status: string; amountDue: number } | null> {
    if (!LINK_TOKEN_PATTERN.test(token)) return null;
    const link = await findLiveLinkByTokenHash(deps.db.kysely, linkTokenHash(token));
    if (!link) return null;
    const invoice = await deps.db.kysely
      .selectFrom('invoices')
      .select(['status', 'amount_due'])
      .where('organization_id', '=', link.organization_id)
      .where('id', '=', link.invoice_id)
      .executeTakeFirst();
    if (!invoice || invoice.status === 'draft') return null;
    const ctx = systemContext(deps, link.organization_id, 'Customer link', { role: 'viewer', requestId: request.id });
    return { ctx, invoiceId: link.invoice_id, status: invoice.status, amountDue: invoice.amount_due };
  }

  const screen = screenWith(limit);

  api.get(
    '/p/:token',
    {
      config: { requires: 'public' },
      onRequest: screen,
      schema: {
        tags,
        summary: "The customer's invoice page (no login): status, amount due, the document and a PDF download; for a quote's token, the quote with Accept and Decline",
        security: [],
        params: TokenParams,
        querystring: PageQuery,
        response: pageResponses('The invoice page'),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      const found = await resolve(request, token);
      if (!found) {
        // A quote's token opens the quote's page (Accept / Decline), see quotes/quote-pages.routes.ts.
        if (await sendQuotePage(deps, request, reply, token)) return reply;
        return notFound(reply);
      }
      await markInvoiceViewed(deps, found.ctx.orgId, found.invoiceId);
      const payable = PAYABLE.has(found.status) && Number(found.amountDue) > 0 && (await hasGateway(found.ctx));
      const paid = found.status === 'paid';
      const result = request.query.payment;
      const notice =
        result === 'success'
          ? paid
            ? 'Thank you — your payment was received and this invoice is paid.'
            : 'Thank you — your payment is being confirmed.'
          : result === 'canceled'
            ? 'The payment was canceled. Nothing was charged.'
            : null;
      // While a returned payment is being confirmed, no second button invites paying twice.
      const pay = payable && result !== 'success' ? { action: `/p/${token}/pay`, label: 'Pay now', origins: gatewayCheckoutOrigins(deps.config) } : null;
      const { html, csp } = await invoiceHtml(found.ctx, found.invoiceId, { publicView: { pdfHref: `/p/${token}/pdf`, pay, notice } });
      return sendPage(reply, { html, csp });
    },
  );

  // The Pay now form posts application/x-www-form-urlencoded with no fields: accepted and
  // not read, in this route's scope only.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, next) => next(null, undefined));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/p/:token/pay',
      {
        config: { requires: 'public' },
        onRequest: screen,
        // The form posts no fields: whatever arrives is not read.
        bodyLimit: 4096,
        schema: {
          tags,
          summary: "Pay now: makes (or reuses) the gateway's hosted checkout for the amount due and redirects to it (303)",
          security: [],
          params: TokenParams,
          response: {
            303: { description: "To the gateway's checkout page, or back to the invoice page when nothing is due", content: { 'text/plain': { schema: z.string() } } },
            404: pageResponses('')[404],
            429: pageResponses('')[429],
            502: { description: 'The payment gateway is down or refused: a page saying so', content: { 'text/html': { schema: z.string() } } },
          },
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const found = await resolve(request, token);
        if (!found) return notFound(reply);
        const page = `${publicBaseUrl(deps.config)}/p/${token}`;
        let outcome;
        try {
          outcome = await invoiceCheckout(found.ctx, deps, found.invoiceId, { successUrl: `${page}?payment=success`, cancelUrl: `${page}?payment=canceled` });
        } catch (error) {
          // The gateway is down or refuses: a page saying so (the customer's browser shows it), not a JSON problem.
          return sendGatewayFailure(reply, error, { href: `/p/${token}`, label: 'Back to the invoice' });
        }
        privateHeaders(reply);
        return reply.code(303).header('Location', outcome.kind === 'checkout' ? outcome.url : `/p/${token}`).send('');
      },
    );
    done();
  });

  api.get(
    '/p/:token/pdf',
    {
      config: { requires: 'public' },
      onRequest: screen,
      schema: {
        tags,
        summary: "The customer's invoice (or quote) as PDF (no login)",
        security: [],
        params: TokenParams,
        response: pdfResponses(),
      },
    },
    async (request, reply) => {
      const found = await resolve(request, request.params.token);
      if (!found) {
        if (await sendQuotePdf(deps, request, reply, request.params.token)) return reply;
        return notFound(reply);
      }
      return sendPdf(reply, await invoicePdf(found.ctx, found.invoiceId));
    },
  );
}
