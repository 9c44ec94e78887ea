/**
 * One's own sign-in security: two-factor sign-in (TOTP) and the list of one's sessions.
 * Only with a session (an API token is no person at a keyboard). The answers that carry a
 * secret (the authenticator secret, the recovery codes) are never stored for Idempotency-Key
 * replay.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { principalOf } from '../../kernel/http/request-context.ts';
import { requestDb } from '../../kernel/http/request-transaction.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { disableTwoFactor, enableTwoFactor, setUpTwoFactor } from './two-factor.ts';
import { wallClockOf } from '../../kernel/test-clock.ts';

const tags = ['Authentication'];

const CodeBody = z.object({ code: z.string().min(1, 'is required').max(20) }).strict();
const DisableBody = z
  .object({ code: z.string().min(1).max(40).optional(), password: z.string().max(256).optional() })
  .strict()
  .meta({ description: 'A current code, a recovery code, or the password.' });
const SessionOut = z.object({
  id: z.string(),
  organization_id: z.string(),
  created_at: z.string(),
  last_seen_at: z.string(),
  expires_at: z.string(),
  user_agent: z.string().nullable(),
  ip_address: z.string().nullable(),
  current: z.boolean(),
});

function sessionOwner(request: FastifyRequest): { userId: string; sessionId: string } {
  const principal = principalOf(request);
  if (principal.via !== 'session' || principal.sessionId === undefined) {
    throw new AppError('forbidden', 'Only a person signed in with a session manages their sign-in, not an API token');
  }
  return { userId: principal.userId, sessionId: principal.sessionId };
}

export function registerTwoFactorRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const depsOf = (request: FastifyRequest) => ({ db: requestDb(request, deps), clock: wallClockOf(deps.clock) });

  api.post(
    '/auth/2fa/setup',
    {
      config: { requires: 'viewer', idempotency: 'no-replay' },
      schema: {
        tags,
        summary: 'Start setting up two-factor sign-in: a new secret for the authenticator app (scan otpauth_url as a QR code); nothing changes until /auth/2fa/enable',
        response: { 200: z.object({ secret: z.string(), otpauth_url: z.string() }), ...problemResponses(401, 403, 409) },
      },
    },
    async (request) => setUpTwoFactor(depsOf(request), sessionOwner(request).userId),
  );

  api.post(
    '/auth/2fa/enable',
    {
      config: { requires: 'viewer', idempotency: 'no-replay' },
      schema: {
        tags,
        summary: 'Turn two-factor sign-in on with a code from the authenticator app; answers the recovery codes, once. Your other sessions end',
        body: CodeBody,
        response: { 200: z.object({ recovery_codes: z.array(z.string()) }), ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request) => enableTwoFactor(depsOf(request), sessionOwner(request), request.body.code),
  );

  api.post(
    '/auth/2fa/disable',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Turn two-factor sign-in off (with a current code, a recovery code or the password)', body: DisableBody, response: { 204: z.null(), ...problemResponses(401, 403, 409, 422) } },
    },
    async (request, reply) => {
      await disableTwoFactor(depsOf(request), sessionOwner(request).userId, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/sessions',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Your sessions (browsers signed in to your account)', response: { 200: z.object({ data: z.array(SessionOut) }), ...problemResponses(401, 403) } },
    },
    async (request) => {
      const owner = sessionOwner(request);
      const rows = await deps.db.kysely
        .selectFrom('sessions')
        .select(['id', 'organization_id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
        .where('user_id', '=', owner.userId)
        .where('expires_at', '>', wallClockOf(deps.clock).now().toISOString())
        .orderBy('last_seen_at', 'desc')
        .limit(200)
        .execute();
      return { data: rows.map((row) => ({ ...row, current: row.id === owner.sessionId })) };
    },
  );

  api.delete(
    '/auth/sessions/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Sign one of your sessions out', params: IdParams, response: { 204: z.null(), ...problemResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      const owner = sessionOwner(request);
      const result = await requestDb(request, deps)
        .kysely.deleteFrom('sessions')
        .where('id', '=', request.params.id)
        .where('user_id', '=', owner.userId)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw AppError.notFound('Session');
      return reply.code(204).send(null);
    },
  );
}
