import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicBaseUrl } from '../../config.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { openedSecretBox, type SecretBox } from '../../kernel/secret-box.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { PortalLink, PortalLinkSent, PortalLinkState, SendPortalLink } from './portal.schemas.ts';
import { createPortalLink, getPortalLink, revokePortalLink, sendPortalLink } from './portal-links.service.ts';

const tags = ['Customers'];
const NoBody = z.object({}).strict().nullish();

export function registerPortalRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  /** Links are built from configuration only (PUBLIC_URL, else the listen address), never from the request's Host. */
  const baseUrl = publicBaseUrl(deps.config);
  const secrets = (): SecretBox => openedSecretBox(deps);

  api.post(
    '/customers/:id/portal-link',
    {
      // The response shows the link's URL once; an idempotent retry must not replay it from storage.
      config: { requires: 'accountant', idempotency: 'no-replay' },
      schema: {
        tags,
        summary: "Create the customer's portal link (its URL shown this once); the previous link, if any, stops working. Not for erased customers (409)",
        params: IdParams,
        body: NoBody,
        response: { 201: PortalLink, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createPortalLink(contextOf(request, deps), request.params.id, baseUrl, secrets())),
  );

  api.get(
    '/customers/:id/portal-link',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: "Whether the customer has a live portal link, and when it was made (url null: the URL is shown only at creation)",
        params: IdParams,
        response: { 200: PortalLinkState, ...problemResponses(401, 404) },
      },
    },
    async (request) => getPortalLink(contextOf(request, deps), request.params.id),
  );

  api.delete(
    '/customers/:id/portal-link',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Revoke the portal link: its URL stops working at once (404 when there is none)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokePortalLink(contextOf(request, deps), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/customers/:id/portal-link/send',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'E-mail the customer a new portal link (the previous one stops working) through the outbox',
        params: IdParams,
        body: SendPortalLink,
        response: { 201: PortalLinkSent, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await sendPortalLink(contextOf(request, deps), request.params.id, request.body, baseUrl, secrets())),
  );
}
