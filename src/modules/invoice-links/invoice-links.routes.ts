import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { CreateInvoiceLink, InvoiceLink, InvoiceLinkList } from './invoice-links.schemas.ts';
import { createInvoiceLink, getInvoiceLink, linkSecrets, listInvoiceLinks, publicInvoiceUrl, revokeInvoiceLink, type LinkAccess, type LinkUrl } from './invoice-links.service.ts';

const tags = ['Invoices'];

export function registerInvoiceLinkRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** Links are built from configuration only (PUBLIC_URL, else the listen address), never from the request's Host. */
  const baseUrl = publicBaseUrl(deps.config);
  const urlOf: LinkUrl = (token) => publicInvoiceUrl(baseUrl, token);
  const access = (): LinkAccess => ({ secrets: linkSecrets(deps), urlOf });

  api.post(
    '/invoices/:id/link',
    {
      // An idempotent retry must not replay the link's URL from the idempotency store.
      config: { requires: 'sales', idempotency: 'no-replay' },
      schema: {
        tags,
        summary:
          "Create the invoice's customer link (201), or return the live one (200); " +
          '{"replace": true} revokes the live one and creates a new one (201); finalized invoices only',
        params: IdParams,
        body: CreateInvoiceLink,
        response: { 200: InvoiceLink, 201: InvoiceLink, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { created, ...link } = await createInvoiceLink(contextOf(request, deps), request.params.id, access(), request.body.replace === true);
      return reply.code(created ? 201 : 200).send(link);
    },
  );

  api.get(
    '/invoices/:id/link',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: "The invoice's live customer link: its URL (the one e-mails carry) and when it was made; 404 when it has none",
        params: IdParams,
        response: { 200: InvoiceLink, ...problemResponses(401, 404) },
      },
    },
    async (request) => getInvoiceLink(contextOf(request, deps), request.params.id, access()),
  );

  api.get(
    '/invoices/:id/links',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Every customer link the invoice has had, newest first (at most one live: revoked_at null, the only one with a url); empty when none',
        params: IdParams,
        response: { 200: InvoiceLinkList, ...problemResponses(401, 404) },
      },
    },
    async (request) => listInvoiceLinks(contextOf(request, deps), request.params.id, access()),
  );

  api.delete(
    '/invoices/:id/link',
    {
      config: { requires: 'sales' },
      schema: {
        tags,
        summary: 'Revoke the customer link: its URL stops working at once, also in e-mails already sent; a new link gets a new URL',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeInvoiceLink(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
