/**
 * User management within an organization: invite by e-mail (the invitee accepts through
 * a single-use link; nobody but them chooses their password), change role, deactivate,
 * remove. Changes that could leave the organization without an
 * owner take a lock on the organization first, so two of them cannot both pass the check.
 */
import type { z } from 'zod';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { lockOrganizationRow } from '../../db/dialect.ts';
import { membershipChangeProblem, type MembershipChange } from '../../domain/membership-rules.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import { emit } from '../../kernel/events.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
import { createAccountToken, endAccountTokens } from '../auth/account-tokens.ts';
import { ACCOUNT_EMAIL_JOB, ACCOUNT_EMAIL_MAX_ATTEMPTS } from '../auth/account-email.ts';
import { MembersRepo } from './users.repo.ts';
import type { CreateUser, MemberOut, UpdateUser } from './users.schemas.ts';
import { inTransaction } from '../../db/transaction.ts';

function assertAllowed(ctx: RequestContext, change: MembershipChange, activeOwners: number): void {
  const problem = membershipChangeProblem(ctx.role, change, activeOwners);
  if (problem === null) return;
  if (problem.kind === 'forbidden') throw new AppError('forbidden', `${problem.field}: ${problem.message}`, [{ path: problem.field, message: problem.message }]);
  throw new AppError('conflict', problem.message, [{ path: problem.field, message: problem.message }]);
}

export async function listUsers(ctx: RequestContext, limit: number, cursor?: string): Promise<Page<MemberOut>> {
  const after = cursor === undefined ? undefined : String(decodeCursor(cursor, 1)[0]);
  const rows = await new MembersRepo(ctx.db.kysely, ctx.orgId).list(limit, after);
  return toPage(rows, limit, (row) => [row.id], (row) => row);
}

export async function getUser(ctx: RequestContext, userId: string): Promise<MemberOut> {
  const member = await new MembersRepo(ctx.db.kysely, ctx.orgId).find(userId);
  if (!member) throw AppError.notFound('User');
  return member;
}

/** The refusal for a password given by someone other than its owner. */
function refusePassword(password: unknown): void {
  if (password === undefined) return;
  throw AppError.validation('password', 'must be left out: nobody sets another person’s password — they choose it through the invitation e-mailed to them');
}

/** Writes an invitation link for the member and queues its e-mail (when a mail server is configured). */
async function issueInvitation(trx: Executor, ctx: RequestContext, userId: string, smtp: boolean): Promise<NonNullable<MemberOut['invitation']>> {
  const now = ctx.clock.now();
  const token = await createAccountToken(trx, { purpose: 'invitation', userId, orgId: ctx.orgId, createdBy: ctx.actor.userId, now });
  if (smtp) {
    await enqueueJob(trx, { orgId: ctx.orgId, kind: ACCOUNT_EMAIL_JOB, payload: { token_id: token.id }, now: now.toISOString(), maxAttempts: ACCOUNT_EMAIL_MAX_ATTEMPTS });
  }
  return { expires_at: token.expires_at, delivery: smtp ? 'email' : 'no_mail_server' };
}

/**
 * Invites a person by e-mail address. Their membership waits, inactive, until they accept
 * through the single-use link e-mailed to that address — so an account that already exists
 * (perhaps made by someone else in another organization) gains nothing here without its
 * owner's click, and a new account gets its password from that person only.
 */
export async function inviteUser(ctx: RequestContext, input: z.output<typeof CreateUser>, delivery: { smtp: boolean }): Promise<MemberOut> {
  refusePassword(input.password);
  assertAllowed(ctx, { kind: 'create', role: input.role }, 0);
  const out = await inTransaction(ctx.db, async (trx) => {
    const repo = new MembersRepo(trx, ctx.orgId);
    const now = nowIso(ctx.clock);
    const existing = await trx.selectFrom('users').select(['id']).where('email', '=', input.email).executeTakeFirst();
    let userId: string;
    if (existing) {
      const member = await repo.find(existing.id);
      if (member?.status === 'invited') throw new AppError('conflict', 'email: this person is already invited; resend the invitation instead', [{ path: 'email', message: 'is already invited' }]);
      if (member) throw new AppError('conflict', 'email: this person is already a user of this organization', [{ path: 'email', message: 'is already a user of this organization' }]);
      userId = existing.id;
    } else {
      userId = newId('usr');
      await trx.insertInto('users').values({ id: userId, email: input.email, name: input.name, password_hash: null, created_at: now, updated_at: now }).execute();
    }
    await repo.addInvitation(userId, input.role, ctx.actor.userId, now);
    const invitation = await issueInvitation(trx, ctx, userId, delivery.smtp);
    const member = await repo.find(userId);
    if (!member) throw AppError.notFound('User');
    await emit(trx, ctx, { type: 'user.invited', resource: { type: 'user', id: userId }, after: { ...member, invitation } });
    return { ...member, invitation };
  });
  if (delivery.smtp) announceJobs(ctx.db);
  return out;
}

/** Sends a pending invitation again with a new link; the earlier link stops working. */
export async function resendInvitation(ctx: RequestContext, userId: string, delivery: { smtp: boolean }): Promise<MemberOut> {
  const out = await inTransaction(ctx.db, async (trx) => {
    const repo = new MembersRepo(trx, ctx.orgId);
    const member = await repo.find(userId);
    if (!member) throw AppError.notFound('User');
    assertAllowed(ctx, { kind: 'create', role: member.role }, 0);
    if (member.status !== 'invited') throw AppError.conflict('This person already accepted their invitation; there is nothing to resend');
    const invitation = await issueInvitation(trx, ctx, userId, delivery.smtp);
    await emit(trx, ctx, { type: 'user.invitation_resent', resource: { type: 'user', id: userId }, after: { invitation } });
    return { ...member, invitation };
  });
  if (delivery.smtp) announceJobs(ctx.db);
  return out;
}

export async function updateUser(ctx: RequestContext, userId: string, input: z.output<typeof UpdateUser>): Promise<MemberOut> {
  refusePassword(input.password);
  return inTransaction(ctx.db, async (trx) => {
    await lockOrganizationRow(trx, ctx.db.dialect, ctx.orgId);
    const repo = new MembersRepo(trx, ctx.orgId);
    const before = await repo.find(userId);
    if (!before) throw AppError.notFound('User');
    assertAllowed(
      ctx,
      { kind: 'update', currentRole: before.role, currentlyActive: before.active, newRole: input.role, newActive: input.active },
      await repo.countActiveOwners(),
    );
    if (before.status === 'invited' && input.active !== undefined) {
      throw new AppError('conflict', 'active: the invitation has not been accepted yet; only the invitee can make it take effect', [
        { path: 'active', message: 'cannot change before the invitation is accepted (remove the user to withdraw it)' },
      ]);
    }
    const now = nowIso(ctx.clock);
    if (input.name !== undefined) {
      // Only the organization's own accounts: an account shared with another organization
      // is named by its owner, not by this organization's admins.
      const memberships = await trx.selectFrom('memberships').select('organization_id').where('user_id', '=', userId).execute();
      if (memberships.length > 1) {
        throw new AppError('conflict', 'This account also belongs to another organization; its name is managed by its owner', [
          { path: 'name', message: 'cannot be changed for an account shared with another organization' },
        ]);
      }
      await trx.updateTable('users').set({ name: input.name, updated_at: now }).where('id', '=', userId).execute();
    }
    if (input.role !== undefined || input.active !== undefined) {
      await repo.updateMembership(userId, {
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
        updated_at: now,
      });
    }
    if (input.active === false) await repo.endSessions(userId);
    const after = await repo.find(userId);
    if (!after) throw AppError.notFound('User');
    const action = input.active === false && before.active ? 'user.deactivated' : input.role !== undefined && input.role !== before.role ? 'user.role_changed' : 'user.updated';
    await emit(trx, ctx, { type: action, resource: { type: 'user', id: userId }, before, after });
    return after;
  });
}

export async function removeUser(ctx: RequestContext, userId: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await lockOrganizationRow(trx, ctx.db.dialect, ctx.orgId);
    const repo = new MembersRepo(trx, ctx.orgId);
    const before = await repo.find(userId);
    if (!before) throw AppError.notFound('User');
    assertAllowed(ctx, { kind: 'remove', currentRole: before.role, currentlyActive: before.active }, await repo.countActiveOwners());
    await repo.endSessions(userId);
    // Their API tokens for this organization stop working with the membership; revoke them explicitly too.
    await trx.updateTable('api_tokens').set({ revoked_at: nowIso(ctx.clock) }).where('organization_id', '=', ctx.orgId).where('created_by', '=', userId).where('revoked_at', 'is', null).execute();
    await repo.removeMembership(userId);
    // A withdrawn invitation's link stops working.
    await endAccountTokens(trx, 'invitation', userId, ctx.orgId, ctx.clock.now());
    await emit(trx, ctx, { type: before.status === 'invited' ? 'user.invitation_withdrawn' : 'user.removed', resource: { type: 'user', id: userId }, before });
  });
}
