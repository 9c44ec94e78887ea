/** What the portal's routes share: a resolved portal (its context, customer and path) and how to get one. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from '../../kernel/context.ts';

export interface Portal {
  ctx: RequestContext;
  customerId: string;
  /** The portal's path, `/portal/{token}`. */
  base: string;
}

export interface PortalAccess {
  /** The onRequest hook: the per-address budget, and the bare 404 for a malformed token. */
  screen: (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => Promise<void>;
  /** The portal of a live token; null → 404. */
  resolve: (request: FastifyRequest, token: string) => Promise<Portal | null>;
  /** The portal, when the invoice is this customer's (and finalized); null → 404. */
  resolveDoc: (request: FastifyRequest, token: string, kind: 'invoice', id: string) => Promise<Portal | null>;
}
