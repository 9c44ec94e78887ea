/**
 * Turning two-factor sign-in on and off for one's own account. Setting up stores a pending
 * secret; only a correct code from the authenticator app turns it on (so a half-finished
 * setup never locks anyone out), and that answer carries the recovery codes, once. Turning it
 * off needs a current code, a recovery code or the password.
 */
import type { Db } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, Executor } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { verifyPassword } from './secrets.ts';
import { acceptedTotpStep, newRecoveryCodes, newTotpSecret, otpauthUrl, recoveryCodeHash } from './totp.ts';

export interface TwoFactorDeps {
  db: Db;
  clock: Clock;
}

async function account(db: Executor, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'password_hash', 'totp_secret', 'totp_pending_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** Records a change of the account in the audit log of each organization it belongs to. */
async function auditEverywhere(trx: Executor, clock: Clock, user: { id: string; name: string }, action: 'user.two_factor_enabled' | 'user.two_factor_disabled'): Promise<void> {
  const actor: Actor = { type: 'user', id: user.id, name: user.name, userId: user.id };
  const memberships = await trx.selectFrom('memberships').select('organization_id').where('user_id', '=', user.id).where('invitation_pending', '=', 0).execute();
  for (const m of memberships) await emit(trx, { orgId: m.organization_id, actor, requestId: null, clock }, { type: action, resource: { type: 'user', id: user.id } });
}

export async function setUpTwoFactor(deps: TwoFactorDeps, userId: string): Promise<{ secret: string; otpauth_url: string }> {
  const user = await account(deps.db.kysely, userId);
  if (user.totp_enabled_at !== null) throw AppError.conflict('Two-factor sign-in is already on; turn it off first to set up a new authenticator');
  const secret = newTotpSecret();
  await deps.db.kysely.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
  return { secret, otpauth_url: otpauthUrl(secret, user.email) };
}

/**
 * Consumes a valid code for the user's secret: compare-and-set on the last accepted step, so
 * two requests with the same code cannot both pass. Null when the code is wrong or used.
 */
export async function useTotpCode(db: Executor, user: { id: string; totp_last_step: number | null }, secret: string, code: string, now: Date): Promise<boolean> {
  const step = acceptedTotpStep(secret, code, now, user.totp_last_step);
  if (step === null) return false;
  let update = db.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id);
  update = user.totp_last_step === null ? update.where('totp_last_step', 'is', null) : update.where('totp_last_step', '=', user.totp_last_step);
  return (await update.executeTakeFirst()).numUpdatedRows > 0n;
}

/** Uses one recovery code of the user; false when it is not one of theirs or was used. */
export async function useRecoveryCode(db: Executor, userId: string, code: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', recoveryCodeHash(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Turns 2FA on. Every other session of the account ends: someone who turns it on may do so
 * because they fear their password is known, and a browser signed in before would otherwise
 * keep working without ever being asked for a code.
 */
export async function enableTwoFactor(deps: TwoFactorDeps, who: { userId: string; sessionId: string }, code: string): Promise<{ recovery_codes: string[] }> {
  const userId = who.userId;
  const now = deps.clock.now();
  const codes = newRecoveryCodes();
  return inTransaction(deps.db, async (trx) => {
    const user = await account(trx, userId);
    if (user.totp_enabled_at !== null) throw AppError.conflict('Two-factor sign-in is already on');
    const secret = user.totp_pending_secret;
    if (secret === null) throw AppError.conflict('Start with POST /auth/2fa/setup and scan the code with your authenticator app');
    const step = acceptedTotpStep(secret, code, now, null);
    if (step === null) throw AppError.validation('code', 'is not the current code of your authenticator app (check that its clock is right)');
    await trx
      .updateTable('users')
      .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: now.toISOString(), totp_last_step: step, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', who.sessionId).execute();
    for (const recovery of codes) {
      await trx.insertInto('recovery_codes').values({ id: newId('rcv'), user_id: userId, code_hash: recoveryCodeHash(recovery), created_at: now.toISOString(), used_at: null }).execute();
    }
    await auditEverywhere(trx, deps.clock, user, 'user.two_factor_enabled');
    return { recovery_codes: codes };
  });
}

export async function disableTwoFactor(deps: TwoFactorDeps, userId: string, proof: { code?: string | undefined; password?: string | undefined }): Promise<void> {
  const now = deps.clock.now();
  const user = await account(deps.db.kysely, userId);
  if (user.totp_enabled_at === null || user.totp_secret === null) throw AppError.conflict('Two-factor sign-in is not on');
  if (proof.code === undefined && proof.password === undefined) throw AppError.validation('code', 'is required (or give your password)');
  await inTransaction(deps.db, async (trx) => {
    let proven = false;
    if (proof.password !== undefined) proven = await verifyPassword(user.password_hash, proof.password);
    else if (proof.code !== undefined) {
      proven = (await useTotpCode(trx, user, user.totp_secret!, proof.code, now)) || (await useRecoveryCode(trx, userId, proof.code, now));
    }
    if (!proven) throw AppError.validation(proof.password !== undefined ? 'password' : 'code', 'is not correct');
    await trx
      .updateTable('users')
      .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now.toISOString() })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await auditEverywhere(trx, deps.clock, user, 'user.two_factor_disabled');
  });
}
