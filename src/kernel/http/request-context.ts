/**
 * What a route handler knows about its request: who is signed in (set by the auth guard of
 * server/auth-guard.ts, before the body is read) and the context its use cases run with.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/connection.ts';
import type { Role } from '../../domain/roles.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { actorOf, type Principal, type RequestContext } from '../context.ts';
import { requestDb } from './request-transaction.ts';

/** What a route declares it needs (`config.requires`): 'public', or the weakest role allowed. */
export type Requirement = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    requires?: Requirement;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The principal of a route that required a role (never null past the guard). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AppError('unauthorized', 'Sign in or send an API token');
  return request.principal;
}

/**
 * What a handler's use cases run with. Its `db` is the request's transaction when one is
 * open (an idempotent POST: server/idempotency.ts), so a handler must take its database from
 * here (or requestDb), never from deps.db.
 */
export function contextOf(request: FastifyRequest, deps: { db: Db; clock: Clock }): RequestContext {
  const principal = principalOf(request);
  return { db: requestDb(request, deps), orgId: principal.orgId, role: principal.role, actor: actorOf(principal), requestId: request.id, clock: deps.clock, timeZone: principal.timeZone };
}
