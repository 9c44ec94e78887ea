/**
 * Accepting an invitation: the person who received the link at the invited address joins
 * the organization. An account without a password gets the one they choose here (checked
 * by the password policy); an existing account keeps its own and signs in with it as usual.
 * The link is used in the same transaction that activates the membership, so a click
 * either joins once or changes nothing.
 */
import type { Db } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { consumeAccountToken, findLiveAccountToken } from './account-tokens.ts';
import { passwordProblem } from './password-policy.ts';
import { hashPassword } from './secrets.ts';
import { createSession, type SessionOrigin } from './sessions.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface AccountDeps {
  db: Db;
  clock: Clock;
  sessionDays: number;
}

export const INVALID_LINK = 'is not valid: it was already used, it expired, or a newer link was sent. Ask for a new one.';

export interface InvitationInfo {
  email: string;
  name: string;
  organization: { id: string; name: string };
  role: string;
  invited_by: string | null;
  expires_at: string;
  /** Whether the invitee chooses a password when accepting (their account has none yet). */
  needs_password: boolean;
}

async function pendingInvitation(db: Db['kysely'], token: string, now: Date) {
  const link = await findLiveAccountToken(db, 'invitation', token, now);
  if (!link || link.organization_id === null) return undefined;
  const row = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .leftJoin('users as inviter', 'inviter.id', 'memberships.invited_by')
    .select([
      'users.id as user_id',
      'users.email',
      'users.name',
      'users.password_hash',
      'organizations.id as organization_id',
      'organizations.name as organization_name',
      'memberships.role',
      'inviter.name as invited_by',
    ])
    .where('memberships.user_id', '=', link.user_id)
    .where('memberships.organization_id', '=', link.organization_id)
    .where('memberships.invitation_pending', '=', 1)
    .executeTakeFirst();
  return row && { ...row, expires_at: link.expires_at };
}

/** What the invitation page shows before the invitee accepts. */
export async function lookupInvitation(deps: AccountDeps, token: string): Promise<InvitationInfo> {
  const invitation = await pendingInvitation(deps.db.kysely, token, deps.clock.now());
  if (!invitation) throw AppError.validation('token', INVALID_LINK);
  return {
    email: invitation.email,
    name: invitation.name,
    organization: { id: invitation.organization_id, name: invitation.organization_name },
    role: invitation.role,
    invited_by: invitation.invited_by,
    expires_at: invitation.expires_at,
    needs_password: invitation.password_hash === null,
  };
}

export interface Accepted {
  organization: { id: string; name: string };
  role: string;
  /** A session token when the invitee set their password just now (they are signed in). */
  sessionToken: string | null;
}

export async function acceptInvitation(deps: AccountDeps, input: { token: string; password?: string | undefined }, origin: SessionOrigin = {}): Promise<Accepted> {
  const now = deps.clock.now();
  const invitation = await pendingInvitation(deps.db.kysely, input.token, now);
  if (!invitation) throw AppError.validation('token', INVALID_LINK);
  let passwordHash: string | null = null;
  if (invitation.password_hash === null) {
    if (input.password === undefined) throw AppError.validation('password', 'is required: choose the password for your new account');
    const problem = await passwordProblem(input.password, { email: invitation.email, name: invitation.name });
    if (problem) throw AppError.validation('password', problem);
    passwordHash = await hashPassword(input.password);
  } else if (input.password !== undefined) {
    throw AppError.validation('password', 'must be left out: your account already has a password; sign in with it after accepting');
  }

  return inTransaction(deps.db, async (trx) => {
    const used = await consumeAccountToken(trx, 'invitation', input.token, now);
    if (!used || used.user_id !== invitation.user_id || used.organization_id !== invitation.organization_id) throw AppError.validation('token', INVALID_LINK);
    const at = now.toISOString();
    const joined = await trx
      .updateTable('memberships')
      .set({ active: 1, invitation_pending: 0, updated_at: at })
      .where('user_id', '=', invitation.user_id)
      .where('organization_id', '=', invitation.organization_id)
      .where('invitation_pending', '=', 1)
      .executeTakeFirst();
    if (joined.numUpdatedRows === 0n) throw AppError.validation('token', INVALID_LINK);
    if (passwordHash !== null) {
      // Compare-and-set: a password chosen meanwhile through a reset link is not overwritten.
      const set = await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', invitation.user_id).where('password_hash', 'is', null).executeTakeFirst();
      if (set.numUpdatedRows === 0n) throw AppError.validation('password', 'must be left out: your account already has a password; sign in with it after accepting');
    }
    const actor = { type: 'user' as const, id: invitation.user_id, name: invitation.name, userId: invitation.user_id };
    await emit(trx, { orgId: invitation.organization_id, actor, requestId: null, clock: deps.clock }, {
      type: 'user.joined',
      resource: { type: 'user', id: invitation.user_id },
      after: { email: invitation.email, role: invitation.role, password_set: passwordHash !== null },
    });
    const sessionToken = passwordHash === null ? null : await createSession(trx, invitation.user_id, invitation.organization_id, now, deps.sessionDays, origin);
    return { organization: { id: invitation.organization_id, name: invitation.organization_name }, role: invitation.role, sessionToken };
  });
}
