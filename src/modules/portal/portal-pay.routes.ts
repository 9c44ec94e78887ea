/**
 * Paying and managing saved payment methods from the customer portal, with the portal's
 * protections (the token is the key, the same per-address budget, bare 404s, no cookies,
 * no-store, strict CSP):
 *
 * - `POST /portal/{token}/invoices/{id}/pay` → 303 to the gateway's hosted checkout for the
 *   amount due (the invoice's open checkout is reused while valid: invoice-checkout.ts); the
 *   gateway sends the customer back to the portal's invoice view with `?payment=…`.
 * - `POST /portal/{token}/payment-methods/setup` → 303 to the gateway's hosted setup page; back
 *   to the portal with `?methods=saved|canceled` (the method itself arrives by webhook).
 * - `GET /portal/{token}/payment-methods/{id}/remove` asks "Remove this payment method?";
 *   its form POSTs to the same path, which detaches the method at the gateway and marks it
 *   removed, → 303 to the portal with `?methods=removed`.
 *
 * Another customer's invoice or method is the bare 404. No gateway connected → 409 with a
 * page saying so. The gateway down or refusing → 502 with a page saying so (never JSON).
 * The forms post no fields (application/x-www-form-urlencoded, accepted and not read).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { notFound, pageResponses, privateHeaders, sendGatewayFailure, sendMessagePage, sendPage } from '../../kernel/http/public-pages.ts';
import { AppError } from '../../shared/errors.ts';
import { organizationParts } from '../documents/document-data.ts';
import { invoiceCheckout } from '../payment-gateways/invoice-checkout.ts';
import { listCustomerMethods, removeCustomerMethod, setupCheckout } from '../payment-gateways/saved-methods/saved-methods.service.ts';
import type { Portal, PortalAccess } from './portal-access.ts';
import { renderPortalSubpage } from './portal-html.ts';
import { PAY_WORDS, removeConfirmBody } from './portal-methods-html.ts';

const tags = ['Customer pages'];
const TokenParams = z.object({ token: z.string() });
const DocParams = z.object({ token: z.string(), id: z.string() });
/** The id of a DocParams route (the shared onRequest hook types params as the token only). */
const idOf = (request: FastifyRequest): string => (request.params as z.output<typeof DocParams>).id;

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const redirectResponses = (description: string) => ({
  303: { description, content: { 'text/plain': { schema: z.string() } } },
  404: pageResponses('')[404],
  429: pageResponses('')[429],
  502: html('The payment gateway is down or refused: a page saying so'),
});
const noGatewayResponse = { 409: html('No payment gateway is connected: a page saying so') };

function seeOther(reply: FastifyReply, location: string): FastifyReply {
  privateHeaders(reply);
  return reply.code(303).header('Location', location).send('');
}

function noGateway(reply: FastifyReply, back: string): FastifyReply {
  return sendMessagePage(reply, 409, {
    title: 'Online payment is not available',
    text: 'This organization does not take payments online at the moment. Please pay by bank transfer as shown on the invoice.',
    back: { href: back, label: 'Back to the portal' },
  });
}

/** Whether the method (removed or not) was ever this customer's: a second "Remove" is not an error. */
async function wasCustomersMethod(deps: AppDeps, portal: Portal, methodId: string): Promise<boolean> {
  const row = await deps.db.kysely
    .selectFrom('saved_payment_methods')
    .select('id')
    .where('organization_id', '=', portal.ctx.orgId)
    .where('customer_id', '=', portal.customerId)
    .where('id', '=', methodId)
    .executeTakeFirst();
  return row !== undefined;
}

export function registerPortalPayRoutes(app: FastifyInstance, deps: AppDeps, access: PortalAccess): void {
  const { screen, resolve, resolveDoc } = access;
  const origin = publicBaseUrl(deps.config);

  app.withTypeProvider<ZodTypeProvider>().get(
    '/portal/:token/payment-methods/:id/remove',
    {
      config: { requires: 'public' },
      onRequest: screen,
      schema: { tags, summary: 'Asks "Remove this payment method?" with a button that removes it (a form POST to the same path)', security: [], params: DocParams, response: pageResponses('The confirmation page') },
    },
    async (request, reply) => {
      const portal = await resolve(request, request.params.token);
      const id = idOf(request);
      if (!portal || id.length > 64) return notFound(reply);
      const method = (await listCustomerMethods(portal.ctx, portal.customerId)).data.find((m) => m.id === id);
      if (method === undefined) return notFound(reply);
      const parts = await organizationParts(portal.ctx, portal.customerId, null);
      const customer = await deps.db.kysely.selectFrom('customers').select('name').where('organization_id', '=', portal.ctx.orgId).where('id', '=', portal.customerId).executeTakeFirst();
      const look = { language: parts.language, accent: parts.branding.accentColor, logo: parts.branding.logo, organization: parts.org.name, customer: customer?.name ?? '' };
      return sendPage(reply, renderPortalSubpage(look, PAY_WORDS[parts.language].confirmTitle, removeConfirmBody(parts.language, portal.base, method)));
    },
  );

  // The forms post application/x-www-form-urlencoded with no fields: accepted and not read, in this scope only.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, next) => next(null, undefined));
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/portal/:token/invoices/:id/pay',
      {
        config: { requires: 'public' },
        onRequest: screen,
        bodyLimit: 4096,
        schema: {
          tags,
          summary: "Pay an invoice of the portal: makes (or reuses) the gateway's hosted checkout for the amount due and redirects to it (303)",
          security: [],
          params: DocParams,
          response: { ...redirectResponses("To the gateway's checkout page, or back to the invoice view when nothing is due"), ...noGatewayResponse },
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const id = idOf(request);
        const portal = await resolveDoc(request, token, 'invoice', id);
        if (!portal) return notFound(reply);
        const view = `${portal.base}/invoices/${id}`;
        let outcome;
        try {
          outcome = await invoiceCheckout(portal.ctx, deps, id, { successUrl: `${origin}${view}?payment=success`, cancelUrl: `${origin}${view}?payment=canceled` });
        } catch (error) {
          return sendGatewayFailure(reply, error, { href: view, label: 'Back to the invoice' });
        }
        if (outcome.kind === 'no_gateway') return noGateway(reply, portal.base);
        return seeOther(reply, outcome.kind === 'checkout' ? outcome.url : view);
      },
    );

    api.post(
      '/portal/:token/payment-methods/setup',
      {
        config: { requires: 'public' },
        onRequest: screen,
        bodyLimit: 4096,
        schema: {
          tags,
          summary: "Save a card or SEPA mandate from the portal: redirects (303) to the gateway's hosted setup page, which returns to the portal",
          security: [],
          params: TokenParams,
          response: { ...redirectResponses("To the gateway's hosted setup page"), ...noGatewayResponse },
        },
      },
      async (request, reply) => {
        const portal = await resolve(request, request.params.token);
        if (!portal) return notFound(reply);
        let outcome;
        try {
          outcome = await setupCheckout(portal.ctx, deps, portal.customerId, { successUrl: `${origin}${portal.base}?methods=saved`, cancelUrl: `${origin}${portal.base}?methods=canceled` });
        } catch (error) {
          return sendGatewayFailure(reply, error, { href: portal.base, label: 'Back to the portal' });
        }
        if (outcome.kind !== 'setup') return outcome.kind === 'anonymized' ? notFound(reply) : noGateway(reply, portal.base);
        return seeOther(reply, outcome.url);
      },
    );

    api.post(
      '/portal/:token/payment-methods/:id/remove',
      {
        config: { requires: 'public' },
        onRequest: screen,
        bodyLimit: 4096,
        schema: {
          tags,
          summary: 'Remove a saved payment method from the portal (detached at the gateway), then back to the portal (303)',
          security: [],
          params: DocParams,
          response: redirectResponses('Back to the portal, which says the method was removed'),
        },
      },
      async (request, reply) => {
        const { token } = request.params;
        const id = idOf(request);
        const portal = await resolve(request, token);
        if (!portal || id.length > 64) return notFound(reply);
        const back = `${portal.base}?methods=removed`;
        try {
          await removeCustomerMethod(portal.ctx, deps, portal.customerId, id);
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found') return (await wasCustomersMethod(deps, portal, id)) ? seeOther(reply, back) : notFound(reply);
          return sendGatewayFailure(reply, error, { href: portal.base, label: 'Back to the portal' });
        }
        return seeOther(reply, back);
      },
    );
    done();
  });
}
