/**
 * Signing in: the password step, and for accounts with two-factor sign-in the code step.
 *
 * - Every attempt is counted before the password is checked (login-throttle.ts). When an
 *   account's attempts from one address reach the limit, its owner gets an e-mail.
 * - With 2FA on, a correct password grants nothing but a challenge: a random token (its
 *   SHA-256 stored, valid 5 minutes, 5 tries) that POST /auth/login/2fa exchanges, with a
 *   current code or a recovery code, for a session.
 * - Sign-ins and failed sign-ins of known accounts are audit events in every organization
 *   they are an active member of (the e-mail typed and the address; never the password).
 */
import { inTransaction } from '../../db/transaction.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
import type { Actor, Executor, Principal } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { organizationsOfUser } from '../organizations/organizations.repo.ts';
import { ACCOUNT_EMAIL_JOB, ACCOUNT_EMAIL_MAX_ATTEMPTS } from './account-email.ts';
import type { AuthDeps } from './auth.service.ts';
import { clearLoginAttempts, countLoginAttempt } from './login-throttle.ts';
import { randomToken, sha256, verifyPassword } from './secrets.ts';
import { createSession, principalFromSession, type SessionOrigin } from './sessions.ts';
import { useRecoveryCode, useTotpCode } from './two-factor.ts';

export const CHALLENGE_COOKIE = 'settle_2fa';
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const CHALLENGE_MAX_TRIES = 5;

export type SignIn = { kind: 'session'; token: string; principal: Principal } | { kind: 'two_factor'; challenge: string };

const WRONG = 'The e-mail address or password is not correct';

async function auditInOrganizations(db: Executor, deps: AuthDeps, user: { id: string; name: string }, action: 'user.signed_in' | 'user.sign_in_failed', after: Record<string, unknown>): Promise<void> {
  const actor: Actor = { type: 'user', id: user.id, name: user.name, userId: user.id };
  for (const org of await organizationsOfUser(db, user.id)) {
    await emit(db, { orgId: org.id, actor, requestId: null, clock: deps.clock }, { type: action, resource: { type: 'user', id: user.id }, after });
  }
}

async function openSession(deps: AuthDeps, user: { id: string; name: string }, origin: SessionOrigin, method: string): Promise<SignIn> {
  const db = deps.db.kysely;
  const now = deps.clock.now();
  const first = (await organizationsOfUser(db, user.id))[0];
  if (!first) throw new AppError('unauthorized', 'This account has no active organization: it was deactivated, or its invitation has not been accepted yet');
  const token = await inTransaction(deps.db, async (trx) => {
    const session = await createSession(trx, user.id, first.id, now, deps.sessionDays, origin);
    // Every organization the person works in sees the sign-in: the session can switch to any of them.
    await auditInOrganizations(trx, deps, user, 'user.signed_in', { method, ip: origin.ip ?? null });
    return session;
  });
  const principal = await principalFromSession(db, token, now, deps.sessionDays);
  if (!principal) throw new AppError('unauthorized', 'This account is deactivated');
  return { kind: 'session', token, principal };
}

export async function signIn(deps: AuthDeps, input: { email: string; password: string }, origin: SessionOrigin & { ip: string }): Promise<SignIn> {
  const db = deps.db.kysely;
  const now = deps.clock.now();
  const attempts = await countLoginAttempt(db, input.email, origin.ip, now, deps.throttle);
  const user = await db.selectFrom('users').select(['id', 'name', 'password_hash', 'totp_enabled_at']).where('email', '=', input.email).executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid) {
    // A failed sign-in of a known account is audited in its organizations, with the address
    // typed and where from (never the password). An unknown address belongs to no
    // organization, so nothing organization-scoped is written (the throttle still counts it).
    if (user) await recordFailure(deps, user, input.email, origin.ip, attempts);
    throw new AppError('unauthorized', WRONG);
  }
  await clearLoginAttempts(db, input.email, origin.ip);
  if (user.totp_enabled_at === null) return openSession(deps, user, origin, 'password');
  const challenge = randomToken('');
  await db
    .insertInto('login_challenges')
    .values({ id: sha256(challenge), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString() })
    .execute();
  return { kind: 'two_factor', challenge };
}

/** Audits a failed sign-in of a known account, and e-mails its owner when the attempts from one address reach the limit. */
async function recordFailure(deps: AuthDeps, user: { id: string; name: string }, email: string, ip: string, attempts: number): Promise<void> {
  const notify = deps.smtp && attempts === deps.throttle.maxFailures;
  await inTransaction(deps.db, async (trx) => {
    await auditInOrganizations(trx, deps, user, 'user.sign_in_failed', { email, ip, attempts, step: 'password' });
    if (notify) {
      await enqueueJob(trx, {
        orgId: null,
        kind: ACCOUNT_EMAIL_JOB,
        payload: { notice: 'sign_in_failures', user_id: user.id, address: ip, attempts },
        now: deps.clock.now().toISOString(),
        maxAttempts: ACCOUNT_EMAIL_MAX_ATTEMPTS,
      });
    }
  });
  if (notify) announceJobs(deps.db);
}

/** The code step: a current authenticator code or an unused recovery code turns the challenge into a session. */
export async function completeTwoFactorSignIn(
  deps: AuthDeps,
  input: { challenge: string; code?: string | undefined; recovery_code?: string | undefined },
  origin: SessionOrigin & { ip: string },
): Promise<SignIn> {
  const db = deps.db.kysely;
  const now = deps.clock.now();
  const id = sha256(input.challenge);
  // Each try is counted first (compare-and-set), so parallel guesses share the five tries.
  const counted = await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', CHALLENGE_MAX_TRIES)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (counted.numUpdatedRows === 0n) {
    await db.deleteFrom('login_challenges').where('id', '=', id).execute();
    throw new AppError('unauthorized', 'This sign-in expired or had too many wrong codes; enter your password again');
  }
  const challenge = await db.selectFrom('login_challenges').select('user_id').where('id', '=', id).executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select(['id', 'name', 'totp_secret', 'totp_last_step']).where('id', '=', challenge.user_id).executeTakeFirstOrThrow();
  const method = input.recovery_code !== undefined ? 'recovery_code' : 'totp';
  const proven =
    user.totp_secret !== null &&
    (input.recovery_code !== undefined
      ? await useRecoveryCode(db, user.id, input.recovery_code, now)
      : await useTotpCode(db, user, user.totp_secret, input.code ?? '', now));
  if (!proven) {
    await inTransaction(deps.db, (trx) => auditInOrganizations(trx, deps, user, 'user.sign_in_failed', { ip: origin.ip, step: method }));
    throw new AppError('unauthorized', input.recovery_code !== undefined ? 'This recovery code is not valid or was used already' : 'The code is not correct');
  }
  await db.deleteFrom('login_challenges').where('id', '=', id).execute();
  // Expired challenges of anyone are history: swept here rather than by a job.
  await db.deleteFrom('login_challenges').where('expires_at', '<=', now.toISOString()).execute();
  return openSession(deps, user, origin, method);
}

