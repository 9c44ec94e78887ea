/**
 * Gateway connections (admin), payment links (accountant), the inbound webhook (public,
 * signed) and the page the customer returns to from an API payment link.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { escapeHtml } from '../../shared/html.ts';
import { connectStripe, disconnectGateway, gatewayDeps, getGateway, listGateways } from './gateway-connections.ts';
import { ConnectStripe, PaymentGateway, PaymentGatewayList, PaymentLink, WebhookParams } from './gateways.schemas.ts';
import { handleGatewayWebhook } from './inbound-webhook.ts';
import { checkoutOrProblem, invoiceCheckout } from './invoice-checkout.ts';

const tags = ['Payment gateways'];

/** Stripe's events are small (a few kB); a generous bound, well below the API's. */
export const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;

export function registerGatewayRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/payment-gateways',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: 'The payment gateways and whether each is connected (secrets masked)', response: { 200: PaymentGatewayList, ...problemResponses(401, 403) } },
    },
    async (request) => listGateways(contextOf(request, deps), gatewayDeps(deps)),
  );

  api.get(
    '/payment-gateways/stripe',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: "The organization's Stripe connection (secrets masked); connected: false when none", response: { 200: PaymentGateway, ...problemResponses(401, 403) } },
    },
    async (request) => getGateway(contextOf(request, deps), gatewayDeps(deps), 'stripe'),
  );

  api.put(
    '/payment-gateways/stripe',
    {
      config: { requires: 'admin' },
      schema: {
        tags,
        summary: 'Connect Stripe: the secret key is verified with Stripe, then both secrets are stored encrypted',
        body: ConnectStripe,
        response: { 200: PaymentGateway, ...problemResponses(401, 403, 422, 502) },
      },
    },
    async (request) => connectStripe(contextOf(request, deps), gatewayDeps(deps), request.body),
  );

  api.delete(
    '/payment-gateways/stripe',
    {
      config: { requires: 'admin' },
      schema: { tags, summary: 'Disconnect Stripe (its secrets are deleted; open checkouts are no longer handed out)', response: { 204: z.null(), ...problemResponses(401, 403) } },
    },
    async (request, reply) => {
      await disconnectGateway(contextOf(request, deps), 'stripe');
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/invoices/:id/payment-link',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Payment gateways', 'Invoices'],
        summary: "A hosted checkout URL for the invoice's amount due (reused while valid and for the same amount)",
        params: IdParams,
        response: { 200: PaymentLink, ...problemResponses(401, 403, 404, 409, 502) },
      },
    },
    async (request) => {
      const base = publicBaseUrl(deps.config);
      const outcome = await invoiceCheckout(contextOf(request, deps), deps, request.params.id, {
        successUrl: `${base}/payment-return?result=success`,
        cancelUrl: `${base}/payment-return?result=canceled`,
      });
      return checkoutOrProblem(outcome);
    },
  );

  // The webhook reads its body raw (the signature covers the exact bytes): a parser for
  // every media type, in this route's own scope only.
  void api.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (_request, body, next) => next(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/gateways/stripe/webhook/:organization_id',
      {
        config: { requires: 'public' },
        bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
        schema: {
          tags,
          summary: "Stripe's events for one organization (signed with its webhook secret; no login)",
          security: [],
          params: WebhookParams,
          response: { 200: z.object({ received: z.literal(true), outcome: z.string() }), ...problemResponses(400, 409, 413, 422, 502) },
        },
      },
      async (request) => {
        const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return handleGatewayWebhook(deps, 'stripe', request.params.organization_id, { rawBody, headers: request.headers, requestId: request.id });
      },
    );
    done();
  });
}

const RETURN_CSS = 'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:3rem 1rem;background:#eef1f5;color:#1f2933}main{max-width:32rem;margin:0 auto;background:#fff;padding:2rem;border-radius:8px}';

/** Where a customer lands after paying (or canceling) through an API payment link. */
export function registerPaymentReturnPage(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/payment-return',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        summary: 'The page a customer returns to from a hosted checkout made by a payment link',
        security: [],
        querystring: z.object({ result: z.enum(['success', 'canceled']).catch('canceled') }),
        response: { 200: { description: 'The page', content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const success = request.query.result === 'success';
      const message = success ? 'Thank you — your payment is being confirmed.' : 'The payment was canceled. Nothing was charged.';
      const hash = (await import('node:crypto')).createHash('sha256').update(RETURN_CSS).digest('base64');
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>Payment</title><style>${RETURN_CSS}</style></head><body><main><h1>${escapeHtml(success ? 'Payment received' : 'Payment canceled')}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('Referrer-Policy', 'no-referrer')
        .header('Content-Security-Policy', `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
        .send(html);
    },
  );
}
