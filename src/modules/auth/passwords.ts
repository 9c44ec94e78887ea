/**
 * Passwords are chosen only by the person who controls the account's e-mail address:
 * a reset link goes to that address and nowhere else, and a signed-in user may change their
 * own password by giving the current one. Either way every other session of the account
 * ends, and the audit log of each of its organizations records it.
 */
import type { Db } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, Executor } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
import { emit } from '../../kernel/events.ts';
import { ACCOUNT_EMAIL_JOB, ACCOUNT_EMAIL_MAX_ATTEMPTS } from './account-email.ts';
import { consumeAccountToken, createAccountToken, endAccountTokens, findLiveAccountToken } from './account-tokens.ts';
import { INVALID_LINK } from './invitations.ts';
import { clearAccountAttempts, countInWindow, countLoginAttempt, type ThrottleLimits } from './login-throttle.ts';
import { passwordProblem } from './password-policy.ts';
import { hashPassword, verifyPassword } from './secrets.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface PasswordDeps {
  db: Db;
  clock: Clock;
  smtp: boolean;
  throttle: ThrottleLimits;
}

/** Reset e-mails per address per hour (more are silently not sent), and reset requests per client address per hour. */
export const RESET_MAILS_PER_HOUR = 3;
export const RESET_REQUESTS_PER_ADDRESS_PER_HOUR = 30;
const HOUR_SECONDS = 3600;

/**
 * Answers the same for known and unknown addresses (the caller always gets 202); only a
 * known one gets an e-mail, and at most a few an hour, so nobody can flood an inbox.
 */
export async function requestPasswordReset(deps: PasswordDeps, email: string, ip: string): Promise<void> {
  const db = deps.db.kysely;
  const now = deps.clock.now();
  const byAddress = await countInWindow(db, `reset:ip:${ip}`, now, HOUR_SECONDS);
  if (byAddress.count > RESET_REQUESTS_PER_ADDRESS_PER_HOUR) {
    throw new AppError('rate_limited', 'Too many password reset requests from this address. Try again later.', [], HOUR_SECONDS);
  }
  const byAccount = await countInWindow(db, `reset:email:${email}`, now, HOUR_SECONDS);
  if (byAccount.count > RESET_MAILS_PER_HOUR) return;
  const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) return;
  await inTransaction(deps.db, async (trx) => {
    const token = await createAccountToken(trx, { purpose: 'password_reset', userId: user.id, orgId: null, createdBy: null, now });
    if (deps.smtp) {
      await enqueueJob(trx, { orgId: null, kind: ACCOUNT_EMAIL_JOB, payload: { token_id: token.id }, now: now.toISOString(), maxAttempts: ACCOUNT_EMAIL_MAX_ATTEMPTS });
    }
  });
  if (deps.smtp) announceJobs(deps.db);
}

/** Sets the password, ends every session, and records it in each of the account's organizations. */
async function storeNewPassword(trx: Executor, clock: Clock, user: { id: string; name: string; email: string }, passwordHash: string, action: 'user.password_reset' | 'user.password_changed', keepSessionId?: string): Promise<void> {
  const now = clock.now().toISOString();
  await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', user.id).execute();
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', user.id);
  if (keepSessionId !== undefined) sessions = sessions.where('id', '!=', keepSessionId);
  await sessions.execute();
  await endAccountTokens(trx, 'password_reset', user.id, null, clock.now());
  await clearAccountAttempts(trx, user.email);
  const actor: Actor = { type: 'user', id: user.id, name: user.name, userId: user.id };
  const memberships = await trx.selectFrom('memberships').select('organization_id').where('user_id', '=', user.id).where('invitation_pending', '=', 0).execute();
  for (const m of memberships) {
    await emit(trx, { orgId: m.organization_id, actor, requestId: null, clock }, { type: action, resource: { type: 'user', id: user.id } });
  }
}

async function acceptablePasswordHash(password: string, owner: { email: string; name: string }, field: string): Promise<string> {
  const problem = await passwordProblem(password, owner);
  if (problem) throw AppError.validation(field, problem);
  return hashPassword(password);
}

export async function confirmPasswordReset(deps: PasswordDeps, input: { token: string; password: string }): Promise<void> {
  const now = deps.clock.now();
  const link = await findLiveAccountToken(deps.db.kysely, 'password_reset', input.token, now);
  if (!link) throw AppError.validation('token', INVALID_LINK);
  const user = await deps.db.kysely.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', link.user_id).executeTakeFirstOrThrow();
  const passwordHash = await acceptablePasswordHash(input.password, user, 'password');
  await inTransaction(deps.db, async (trx) => {
    const used = await consumeAccountToken(trx, 'password_reset', input.token, now);
    if (!used || used.user_id !== user.id) throw AppError.validation('token', INVALID_LINK);
    await storeNewPassword(trx, deps.clock, user, passwordHash, 'user.password_reset');
  });
}

/** A signed-in user's own change; the current password is checked (and counted like a sign-in attempt). */
export async function changePassword(
  deps: PasswordDeps,
  who: { userId: string; sessionId: string },
  input: { current_password: string; new_password: string },
  ip: string,
): Promise<void> {
  const db = deps.db.kysely;
  const user = await db.selectFrom('users').select(['id', 'name', 'email', 'password_hash']).where('id', '=', who.userId).executeTakeFirstOrThrow();
  await countLoginAttempt(db, user.email, ip, deps.clock.now(), deps.throttle);
  if (!(await verifyPassword(user.password_hash, input.current_password))) {
    throw AppError.validation('current_password', 'is not correct');
  }
  if (input.new_password === input.current_password) throw AppError.validation('new_password', 'must differ from the current password');
  const passwordHash = await acceptablePasswordHash(input.new_password, user, 'new_password');
  await inTransaction(deps.db, async (trx) => {
    await storeNewPassword(trx, deps.clock, user, passwordHash, 'user.password_changed', who.sessionId);
  });
}
