/**
 * A customer's saved payment methods: list (viewer), a hosted setup link to send the
 * customer (accountant), remove (accountant; detached at the gateway), make default
 * (accountant); and the page the customer returns to from a setup link.
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../../kernel/deps.ts';
import { contextOf } from '../../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../../kernel/http/schemas.ts';
import { escapeHtml } from '../../../shared/html.ts';
import { MethodParams, PaymentMethod, PaymentMethodList, SetupLink, SetupLinkInput } from './payment-methods.schemas.ts';
import { createSetupLink, listCustomerMethods, removeCustomerMethod, setDefaultMethod } from './saved-methods.service.ts';

const tags = ['Payment methods', 'Customers'];

export function registerPaymentMethodRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/customers/:id/payment-methods',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: "The customer's saved cards and SEPA mandates (default first)", params: IdParams, response: { 200: PaymentMethodList, ...problemResponses(401, 404) } },
    },
    async (request) => listCustomerMethods(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/customers/:id/payment-methods/setup-link',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: "A hosted page (the gateway's Checkout in setup mode) where the customer saves a card or SEPA mandate; send it to the customer",
        params: IdParams,
        body: SetupLinkInput,
        response: { 200: SetupLink, ...problemResponses(401, 403, 404, 409, 422, 502) },
      },
    },
    async (request) => createSetupLink(contextOf(request, deps), deps, request.params.id, request.body),
  );

  api.delete(
    '/customers/:id/payment-methods/:method_id',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'Remove a saved method (detached at the gateway: it can no longer be charged)', params: MethodParams, response: { 204: z.null(), ...problemResponses(401, 403, 404, 409, 502) } },
    },
    async (request, reply) => {
      await removeCustomerMethod(contextOf(request, deps), deps, request.params.id, request.params.method_id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/customers/:id/payment-methods/:method_id/default',
    {
      config: { requires: 'accountant' },
      schema: { tags, summary: 'Make a saved method the one automatic charges use', params: MethodParams, response: { 200: PaymentMethod, ...problemResponses(401, 403, 404) } },
    },
    async (request) => setDefaultMethod(contextOf(request, deps), request.params.id, request.params.method_id),
  );
}

const RETURN_CSS = 'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:3rem 1rem;background:#eef1f5;color:#1f2933}main{max-width:32rem;margin:0 auto;background:#fff;padding:2rem;border-radius:8px}';
const RETURN_CSS_HASH = crypto.createHash('sha256').update(RETURN_CSS).digest('base64');

/** Where a customer lands after saving (or not) a payment method through a setup link. */
export function registerSetupReturnPage(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/payment-method-return',
    {
      config: { requires: 'public' },
      schema: {
        tags: ['Payment methods'],
        summary: 'The page a customer returns to from a setup link',
        security: [],
        querystring: z.object({ result: z.enum(['saved', 'canceled']).catch('canceled') }),
        response: { 200: { description: 'The page', content: { 'text/html': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      const saved = request.query.result === 'saved';
      const title = saved ? 'Payment method saved' : 'Nothing was saved';
      const message = saved ? 'Thank you — your payment method is saved. It is confirmed in a moment.' : 'You left the page before saving. Nothing was saved or charged.';
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${RETURN_CSS}</style></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>`;
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .header('Referrer-Policy', 'no-referrer')
        .header('Content-Security-Policy', `default-src 'none'; style-src 'sha256-${RETURN_CSS_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
        .send(html);
    },
  );
}
