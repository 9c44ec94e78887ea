/**
 * The customer portal, outside the API and without login: `/portal/{token}` lists the
 * customer's finalized invoices, credit notes and payments with a statement; below it, each
 * invoice's page and PDF, credit note PDFs, payment receipts and the statement PDF. The same
 * protections as the invoice page /p/{token} (kernel/http/public-pages.ts): no cookies,
 * strict CSP, no-store, noindex, a per-address budget, and one bare 404 for anything wrong
 * — an unknown, revoked or malformed token, an erased customer, or a document that is not
 * this customer's.
 *
 * Paying from the portal (portal-pay.routes.ts): while the organization has a gateway
 * connected, invoices with an amount due get a "Pay" button and the page a "Payment methods"
 * section; the page's CSP then lets its forms lead to itself and the gateway's checkout.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { organizationTimeZone } from '../../domain/time-zone.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, todayIn } from '../../kernel/context.ts';
import { linkTokenHash, LINK_TOKEN_PATTERN, notFound, pageResponses, pdfResponses, screenWith, sendPage, sendPdf } from '../../kernel/http/public-pages.ts';
import { VisitorLimit } from '../../kernel/http/visitor-limit.ts';
import { customerStatementPdf, paymentReceiptPdf } from '../documents/account-documents.ts';
import { accountLabels } from '../documents/account-labels.ts';
import { organizationParts } from '../documents/document-data.ts';
import { labelsFor } from '../documents/document-labels.ts';
import { creditNotePdf, invoiceHtml, invoicePdf } from '../documents/invoice-files.ts';
import { markInvoiceViewed } from '../invoices/mark-viewed.ts';
import { gatewayCheckoutOrigins, hasGateway } from '../payment-gateways/invoice-checkout.ts';
import { listCustomerMethods } from '../payment-gateways/saved-methods/saved-methods.service.ts';
import type { Portal } from './portal-access.ts';
import { findLivePortalLink } from './portal-links.repo.ts';
import { loadPortalData, ownsDocument, type PortalInvoice } from './portal-data.ts';
import { renderPortalHtml } from './portal-html.ts';
import { PAY_WORDS, paymentMethodsSection } from './portal-methods-html.ts';
import { registerPortalPayRoutes } from './portal-pay.routes.ts';

const tags = ['Customer pages'];
const TokenParams = z.object({ token: z.string() });
const DocParams = z.object({ token: z.string(), id: z.string() });
// Anything else than the known results is simply no message.
const PortalQuery = z.object({ methods: z.enum(['saved', 'canceled', 'removed']).optional().catch(undefined) });
const InvoiceQuery = z.object({ payment: z.enum(['success', 'canceled']).optional().catch(undefined) });

/** The document id of a DocParams route (the shared onRequest hook types params as the token only). */
const idOf = (request: FastifyRequest): string => (request.params as z.output<typeof DocParams>).id;


/** Invoices that can be paid online (with an amount due). */
export const payable = (invoice: Pick<PortalInvoice, 'status' | 'amount_due'>): boolean => (invoice.status === 'open' || invoice.status === 'partially_paid') && /[1-9]/.test(invoice.amount_due);

export function registerPortalPages(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const screen = screenWith(new VisitorLimit(deps.config.PUBLIC_LINK_MAX_PER_MINUTE, deps.clock));

  async function resolve(request: FastifyRequest, token: string): Promise<Portal | null> {
    if (!LINK_TOKEN_PATTERN.test(token)) return null;
    const link = await findLivePortalLink(deps.db.kysely, linkTokenHash(token));
    if (!link) return null;
    const org = await deps.db.kysely.selectFrom('organizations').select(['time_zone', 'country']).where('id', '=', link.organization_id).executeTakeFirst();
    if (!org) return null;
    const ctx = systemContext(deps, link.organization_id, 'Customer portal', { role: 'viewer', requestId: request.id, timeZone: organizationTimeZone(org) });
    return { ctx, customerId: link.customer_id, base: `/portal/${token}` };
  }

  /** The portal and the document, when the document is this customer's; else null (→ 404). */
  async function resolveDoc(request: FastifyRequest, token: string, kind: 'invoice' | 'credit_note' | 'payment', id: string): Promise<Portal | null> {
    const portal = await resolve(request, token);
    if (!portal || id.length > 64) return null;
    return (await ownsDocument(deps.db.kysely, portal.ctx.orgId, portal.customerId, kind, id)) ? portal : null;
  }

  function page<P extends typeof TokenParams | typeof DocParams>(summary: string, params: P, pdf = false) {
    return {
      config: { requires: 'public' as const },
      onRequest: screen,
      schema: { tags, summary, security: [], params, response: pdf ? pdfResponses() : pageResponses(summary) },
    };
  }

  const portalPage = page("The customer portal (no login): the customer's invoices, credit notes, payments, statement and (with a gateway) saved payment methods", TokenParams);
  api.get('/portal/:token', { ...portalPage, schema: { ...portalPage.schema, querystring: PortalQuery } }, async (request, reply) => {
    const portal = await resolve(request, request.params.token);
    if (!portal) return notFound(reply);
    const { ctx, customerId } = portal;
    const parts = await organizationParts(ctx, customerId, null);
    const customer = await deps.db.kysely.selectFrom('customers').select('name').where('organization_id', '=', ctx.orgId).where('id', '=', customerId).executeTakeFirst();
    const data = await loadPortalData(deps.db.kysely, ctx.orgId, customerId, todayIn(ctx));
    const online = await hasGateway(ctx);
    const words = PAY_WORDS[parts.language];
    const result = request.query.methods;
    const notice = result === 'saved' ? words.saved : result === 'canceled' ? words.setupCanceled : result === 'removed' ? words.removed : null;
    const methods = online ? (await listCustomerMethods(ctx, customerId)).data : [];
    return sendPage(
      reply,
      renderPortalHtml({
        base: portal.base,
        language: parts.language,
        locale: parts.locale,
        accent: parts.branding.accentColor,
        logo: parts.branding.logo,
        organization: parts.org.name,
        customer: customer?.name ?? '',
        labels: labelsFor(parts.locale),
        account: accountLabels(parts.language),
        data,
        notice,
        ...(online
          ? {
              invoiceActions: (inv: PortalInvoice) => (payable(inv) ? [{ label: words.pay, href: `${portal.base}/invoices/${inv.id}/pay`, post: true, primary: true }] : []),
              extraSections: paymentMethodsSection(parts.language, portal.base, methods),
              formTargets: gatewayCheckoutOrigins(deps.config),
            }
          : {}),
      }),
    );
  });

  const invoicePage = page('An invoice of the portal: status, amount due, the document (and Pay now while an amount is due and a gateway is connected)', DocParams);
  api.get('/portal/:token/invoices/:id', { ...invoicePage, schema: { ...invoicePage.schema, querystring: InvoiceQuery } }, async (request, reply) => {
    const id = idOf(request);
    const portal = await resolveDoc(request, request.params.token, 'invoice', id);
    if (!portal) return notFound(reply);
    const { ctx } = portal;
    await markInvoiceViewed(deps, ctx.orgId, id, 'portal');
    const invoice = await deps.db.kysely.selectFrom('invoices').select(['status', 'amount_due', 'currency']).where('organization_id', '=', ctx.orgId).where('id', '=', id).executeTakeFirstOrThrow();
    const parts = await organizationParts(ctx, portal.customerId, null);
    const words = PAY_WORDS[parts.language];
    const result = request.query.payment;
    const notice = result === 'success' ? (invoice.status === 'paid' ? words.paid : words.confirming) : result === 'canceled' ? words.canceled : null;
    const due = (invoice.status === 'open' || invoice.status === 'partially_paid') && Number(invoice.amount_due) > 0;
    // While a returned payment is being confirmed, no second button invites paying twice.
    const pay = due && result !== 'success' && (await hasGateway(ctx)) ? { action: `${portal.base}/invoices/${id}/pay`, label: words.payNow, origins: gatewayCheckoutOrigins(deps.config) } : null;
    return sendPage(reply, await invoiceHtml(ctx, id, { publicView: { pdfHref: `${portal.base}/invoices/${id}/pdf`, pay, notice, back: { href: portal.base, label: words.back } } }));
  });

  api.get('/portal/:token/invoices/:id/pdf', page('An invoice of the portal as PDF', DocParams, true), async (request, reply) => {
    const portal = await resolveDoc(request, request.params.token, 'invoice', idOf(request));
    if (!portal) return notFound(reply);
    return sendPdf(reply, await invoicePdf(portal.ctx, idOf(request)));
  });

  api.get('/portal/:token/credit-notes/:id/pdf', page('A credit note of the portal as PDF', DocParams, true), async (request, reply) => {
    const portal = await resolveDoc(request, request.params.token, 'credit_note', idOf(request));
    if (!portal) return notFound(reply);
    return sendPdf(reply, await creditNotePdf(portal.ctx, idOf(request)));
  });

  api.get('/portal/:token/payments/:id/receipt', page("A payment's receipt as PDF", DocParams, true), async (request, reply) => {
    const portal = await resolveDoc(request, request.params.token, 'payment', idOf(request));
    if (!portal) return notFound(reply);
    return sendPdf(reply, await paymentReceiptPdf(portal.ctx, idOf(request)));
  });

  api.get('/portal/:token/statement.pdf', page("The customer's statement as PDF (all time, the customer's currency)", TokenParams, true), async (request, reply) => {
    const portal = await resolve(request, request.params.token);
    if (!portal) return notFound(reply);
    return sendPdf(reply, await customerStatementPdf(portal.ctx, portal.customerId, todayIn(portal.ctx)));
  });

  registerPortalPayRoutes(app, deps, { screen, resolve, resolveDoc });
}
