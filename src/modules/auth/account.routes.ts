/**
 * The account's own links and password: accepting an invitation, resetting a forgotten
 * password by e-mail, and changing one's password. All but the last are public — the
 * single-use token e-mailed to the address is the proof.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { principalOf } from '../../kernel/http/request-context.ts';
import { requestDb } from '../../kernel/http/request-transaction.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { setSessionCookie } from './auth.routes.ts';
import { acceptInvitation, lookupInvitation, type AccountDeps } from './invitations.ts';
import { changePassword, confirmPasswordReset, requestPasswordReset, type PasswordDeps } from './passwords.ts';
import { AcceptBody, Accepted, ChangePasswordBody, Invitation, ResetConfirmBody, ResetRequestBody, TokenBody } from './account.schemas.ts';
import { wallClockOf } from '../../kernel/test-clock.ts';

const tags = ['Authentication'];

export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const accountDeps: AccountDeps = { db: deps.db, clock: wallClockOf(deps.clock), sessionDays: deps.config.SESSION_DAYS };
  const passwordDeps: PasswordDeps = {
    db: deps.db,
    clock: wallClockOf(deps.clock),
    smtp: deps.config.SMTP_URL !== undefined,
    throttle: { maxFailures: deps.config.LOGIN_MAX_FAILURES, windowSeconds: deps.config.LOGIN_WINDOW_SECONDS },
  };

  api.post(
    '/auth/invitations/lookup',
    {
      config: { requires: 'public' },
      schema: { tags, security: [], summary: 'What an invitation link is for (before accepting it)', body: TokenBody, response: { 200: Invitation, ...problemResponses(422) } },
    },
    async (request) => lookupInvitation(accountDeps, request.body.token),
  );

  api.post(
    '/auth/invitations/accept',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Accept an invitation with the token from its e-mail (a new account chooses its password here and is signed in)',
        body: AcceptBody,
        response: { 200: Accepted, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(accountDeps, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] });
      if (accepted.sessionToken !== null) setSessionCookie(request, reply, accepted.sessionToken, deps.config.SESSION_DAYS, deps.config.PUBLIC_URL);
      return { organization: accepted.organization, role: accepted.role, signed_in: accepted.sessionToken !== null };
    },
  );

  api.post(
    '/auth/password-reset/request',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'E-mail a password reset link (valid 1 hour, single use) to this address if it has an account; the answer is the same either way',
        body: ResetRequestBody,
        response: { 202: z.object({ status: z.literal('accepted') }), ...problemResponses(422, 429) },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(passwordDeps, request.body.email, request.ip);
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  api.post(
    '/auth/password-reset/confirm',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Set a new password with the token from the reset e-mail; every session of the account ends',
        body: ResetConfirmBody,
        response: { 204: z.null(), ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(passwordDeps, request.body);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/auth/change-password',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Change your own password (signed in with a session); your other sessions end',
        body: ChangePasswordBody,
        response: { 204: z.null(), ...problemResponses(401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.via !== 'session' || principal.sessionId === undefined) {
        throw new AppError('forbidden', 'A password is changed by its owner, signed in with a session — not with an API token');
      }
      const db = requestDb(request, deps); // the request's transaction when it carries an Idempotency-Key
      await changePassword({ ...passwordDeps, db }, { userId: principal.userId, sessionId: principal.sessionId }, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );
}
