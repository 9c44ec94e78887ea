/**
 * Authentication and authorisation for every API route, before the body is even read.
 * Each route declares what it requires next to its definition (`config.requires`): 'public',
 * or the weakest role allowed. A route under /api/v1 without a declaration fails at start-up,
 * so no route can be left unguarded by accident.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleAtLeast } from '../domain/roles.ts';
import { AppError } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../db/connection.ts';
import type { Requirement } from '../kernel/http/request-context.ts';
import { API_TOKEN_PREFIX, SESSION_COOKIE, principalFromApiToken, principalFromSession } from '../modules/auth/sessions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its access requirement: the source of the role × route matrix. */
    accessTable: AccessRule[];
  }
}

export interface AccessRule {
  method: string;
  url: string;
  requires: Requirement;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery protection for cookie-authenticated writes. Browsers tell us
 * where a request comes from (Sec-Fetch-Site, or Origin on older ones); a write that a
 * browser marks as cross-site is refused. Requests with a bearer token carry no ambient
 * credentials and need no such check.
 */
function assertSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return;
    throw new AppError('forbidden', 'Cross-site requests are not allowed');
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('forbidden', 'Cross-site requests are not allowed');
    }
    if (originHost !== request.headers.host) throw new AppError('forbidden', 'Cross-site requests are not allowed');
  } else if (origin === 'null') {
    throw new AppError('forbidden', 'Cross-site requests are not allowed');
  }
}

/**
 * What an admin or owner of an organization that requires two-factor sign-in can still do
 * before turning it on: their own account (/auth/…: set up 2FA, sign out, switch away) and
 * reading the organization, so the app can show them the way.
 */
function reachableWithoutTwoFactor(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return url.startsWith('/api/v1/auth/') || (request.method === 'GET' && (url === '/api/v1/organization' || url === '/api/v1/organizations'));
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function registerAuthGuard(app: FastifyInstance, deps: { db: Db; clock: Clock; sessionDays: number }): void {
  app.decorateRequest('principal', null);
  const accessTable: AccessRule[] = [];
  app.decorate('accessTable', accessTable);

  app.addHook('onRoute', (route) => {
    const requires = route.config?.requires;
    // Pages outside the API (the customer's invoice page at /p/…) join the table by declaring a requirement.
    if (!route.url.startsWith('/api/v1') && requires === undefined) return;
    if (requires === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access requirement (config.requires)`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') accessTable.push({ method, url: route.url, requires });
    }
  });

  app.addHook('onRequest', async (request) => {
    const requirement = request.routeOptions.config.requires;
    if (requirement === undefined) return;
    // Public pages outside the API never look at credentials: a visitor's session is neither
    // read nor slid, and nothing about who is signed in can reach a customer page.
    if (requirement === 'public' && !request.url.startsWith('/api/')) return;

    const token = bearerToken(request);
    if (token === null && UNSAFE_METHODS.has(request.method)) assertSameOrigin(request);

    const now = deps.clock.now();
    if (token !== null) {
      request.principal = token.startsWith(API_TOKEN_PREFIX) ? await principalFromApiToken(deps.db.kysely, token, now) : null;
      if (request.principal === null && requirement !== 'public') throw new AppError('unauthorized', 'The API token is invalid or revoked');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      request.principal = cookie ? await principalFromSession(deps.db.kysely, cookie, now, deps.sessionDays) : null;
    }
    if (requirement === 'public') return;
    if (request.principal === null) throw new AppError('unauthorized', 'Sign in or send an API token');
    if (!roleAtLeast(request.principal.role, requirement)) {
      throw new AppError('forbidden', `This action requires the ${requirement} role or higher; you are ${request.principal.role}`);
    }
    const twoFactor = request.principal.twoFactor;
    if (twoFactor?.required && !twoFactor.enabled && !reachableWithoutTwoFactor(request)) {
      throw new AppError('forbidden', 'This organization requires two-factor sign-in for admins and owners: turn it on under Settings → Your account');
    }
  });
}
