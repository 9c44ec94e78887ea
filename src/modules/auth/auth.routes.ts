import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { principalOf } from '../../kernel/http/request-context.ts';
import { requestDb } from '../../kernel/http/request-transaction.ts';
import { problemResponses } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { SwitchOrganization } from '../organizations/organizations.schemas.ts';
import { LoginBody, LoginTwoFactorBody, Me, SetupBody, SignedIn, SignedOut, TwoFactorRequired } from './auth.schemas.ts';
import { me, setup, switchOrganization, type AuthDeps } from './auth.service.ts';
import { CHALLENGE_COOKIE, CHALLENGE_TTL_MS, completeTwoFactorSignIn, signIn, type SignIn } from './sign-in.ts';
import { SESSION_COOKIE, deleteSession } from './sessions.ts';
import { wallClockOf } from '../../kernel/test-clock.ts';

const tags = ['Authentication'];

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, days: number, publicUrl: string | undefined): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false),
    maxAge: days * 86_400,
  });
}

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const authDeps: AuthDeps = {
    db: deps.db,
    clock: wallClockOf(deps.clock),
    sessionDays: deps.config.SESSION_DAYS,
    throttle: { maxFailures: deps.config.LOGIN_MAX_FAILURES, windowSeconds: deps.config.LOGIN_WINDOW_SECONDS },
    smtp: deps.config.SMTP_URL !== undefined,
  };
  const days = deps.config.SESSION_DAYS;
  const originOf = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });
  const secureCookie = (request: FastifyRequest) => request.protocol === 'https' || (deps.config.PUBLIC_URL?.startsWith('https:') ?? false);

  /** A session for the browser, or the challenge of the code step (nothing granted yet). */
  async function answer(request: FastifyRequest, reply: FastifyReply, result: SignIn) {
    if (result.kind === 'two_factor') {
      void reply.setCookie(CHALLENGE_COOKIE, result.challenge, { httpOnly: true, sameSite: 'strict', path: '/api/v1/auth', secure: secureCookie(request), maxAge: CHALLENGE_TTL_MS / 1000 });
      return { two_factor_required: true as const, challenge: result.challenge };
    }
    void reply.clearCookie(CHALLENGE_COOKIE, { path: '/api/v1/auth' });
    setSessionCookie(request, reply, result.token, days, deps.config.PUBLIC_URL);
    return me(deps.db, result.principal, deps.clock);
  }

  api.get(
    '/setup',
    {
      config: { requires: 'public' },
      schema: { tags, security: [], summary: 'Whether first-run setup is still open', response: { 200: z.object({ setup_required: z.boolean() }) } },
    },
    async () => {
      const user = await deps.db.kysely.selectFrom('users').select('id').limit(1).executeTakeFirst();
      return { setup_required: user === undefined };
    },
  );

  api.post(
    '/setup',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'First run: create the first organization and its owner (signs the owner in)',
        body: SetupBody,
        response: { 201: Me, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const { token, userId, orgId } = await setup(authDeps, request.body, originOf(request));
      setSessionCookie(request, reply, token, days, deps.config.PUBLIC_URL);
      const body = await me(deps.db, {
        userId,
        userName: request.body.user.name,
        userEmail: request.body.user.email,
        orgId,
        role: 'owner',
        via: 'session',
      }, deps.clock);
      return reply.code(201).send(body);
    },
  );

  api.post(
    '/auth/login',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie — or, with two-factor sign-in on, answers {two_factor_required: true} and grants nothing until POST /auth/login/2fa',
        body: LoginBody,
        response: { 200: z.union([Me, TwoFactorRequired]), ...problemResponses(401, 422, 429) },
      },
    },
    async (request, reply) => answer(request, reply, await signIn(authDeps, request.body, originOf(request))),
  );

  api.post(
    '/auth/login/2fa',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'The second step of a sign-in with two factors: a code from the authenticator app, or a recovery code (single use)',
        body: LoginTwoFactorBody,
        response: { 200: Me, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const challenge = request.body.challenge ?? request.cookies[CHALLENGE_COOKIE];
      if (challenge === undefined) throw AppError.validation('challenge', 'is required: sign in with your password first');
      const result = await completeTwoFactorSignIn(authDeps, { ...request.body, challenge }, originOf(request));
      return answer(request, reply, result) as Promise<z.output<typeof Me>>;
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'End the current session', response: { 204: z.null(), ...problemResponses(401) } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(requestDb(request, deps).kysely, token);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/auth/me',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'The signed-in user, their role and organization', response: { 200: Me, ...problemResponses(401) } },
    },
    async (request) => me(deps.db, principalOf(request), deps.clock),
  );

  api.get(
    '/auth/session',
    {
      config: { requires: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Whether anyone is signed in: always 200, `{signed_in: false}` or the same object as GET /auth/me with `signed_in: true`',
        description:
          'For clients that ask "am I signed in?" on start (the web app): unlike GET /auth/me, which answers 401 without a session, a signed-out browser gets a 200 here and logs no failed request.',
        response: { 200: z.union([SignedIn, SignedOut]) },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal === null) return { signed_in: false as const };
      return { signed_in: true as const, ...(await me(deps.db, principal, deps.clock)) };
    },
  );

  api.post(
    '/auth/switch-organization',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Make another of your organizations the current one for this session',
        body: SwitchOrganization,
        response: { 200: Me, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // An authenticated POST may run in its request's transaction (Idempotency-Key): every query goes there.
      const db = requestDb(request, deps);
      await switchOrganization({ ...authDeps, db }, principal, request.body.organization_id);
      const membership = await db.kysely
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', principal.userId)
        .where('organization_id', '=', request.body.organization_id)
        .executeTakeFirstOrThrow();
      return me(db, { ...principal, orgId: request.body.organization_id, role: membership.role as typeof principal.role }, deps.clock);
    },
  );
}
