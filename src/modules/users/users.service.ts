/**
 * User management within an organization: invite (create or add an existing account),
 * change role, deactivate, remove. Changes that could leave the organization without an
 * owner take a lock on the organization first, so two of them cannot both pass the check.
 */
import type { z } from 'zod';
import type { RequestContext } from '../../server/context.ts';
import { nowIso } from '../../server/context.ts';
import { lockOrganizationRow } from '../../db/dialect.ts';
import { membershipChangeProblem, type MembershipChange } from '../../domain/membership-rules.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { hashPassword } from '../auth/secrets.ts';
import { MembersRepo } from './users.repo.ts';
import type { CreateUser, MemberOut, UpdateUser } from './users.schemas.ts';

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

export async function createUser(ctx: RequestContext, input: z.output<typeof CreateUser>): Promise<MemberOut> {
  assertAllowed(ctx, { kind: 'create', role: input.role }, 0);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new MembersRepo(trx, ctx.orgId);
    const now = nowIso(ctx.clock);
    const existing = await trx.selectFrom('users').select(['id']).where('email', '=', input.email).executeTakeFirst();
    let userId: string;
    if (existing) {
      if (await repo.find(existing.id)) throw new AppError('conflict', 'email: this person is already a user of this organization', [{ path: 'email', message: 'is already a user of this organization' }]);
      // An account that exists elsewhere keeps its own password: another organization's
      // admin must never be able to set it.
      if (input.password !== undefined) {
        throw new AppError('conflict', 'password: this e-mail already has an account; add it without a password', [
          { path: 'password', message: 'must be left out: the account already exists and keeps its own password' },
        ]);
      }
      userId = existing.id;
    } else {
      userId = newId('usr');
      await trx.insertInto('users').values({ id: userId, email: input.email, name: input.name, password_hash: passwordHash, created_at: now, updated_at: now }).execute();
    }
    await repo.addMembership(userId, input.role, now);
    const member = await repo.find(userId);
    if (!member) throw AppError.notFound('User');
    await recordAudit(trx, ctx, { action: 'user.added', resourceType: 'user', resourceId: userId, after: member });
    return member;
  });
}

export async function updateUser(ctx: RequestContext, userId: string, input: z.output<typeof UpdateUser>): Promise<MemberOut> {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await lockOrganizationRow(trx, ctx.db.dialect, ctx.orgId);
    const repo = new MembersRepo(trx, ctx.orgId);
    const before = await repo.find(userId);
    if (!before) throw AppError.notFound('User');
    assertAllowed(
      ctx,
      { kind: 'update', currentRole: before.role, currentlyActive: before.active, newRole: input.role, newActive: input.active },
      await repo.countActiveOwners(),
    );
    const now = nowIso(ctx.clock);
    if (input.name !== undefined || passwordHash !== undefined) {
      // Only the organization's own accounts: an account shared with another organization
      // is changed by its owner, not by this organization's admins.
      const memberships = await trx.selectFrom('memberships').select('organization_id').where('user_id', '=', userId).execute();
      if (memberships.length > 1) {
        throw new AppError('conflict', 'This account also belongs to another organization; its name and password are managed by its owner', [
          { path: input.password !== undefined ? 'password' : 'name', message: 'cannot be changed for an account shared with another organization' },
        ]);
      }
      await trx
        .updateTable('users')
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}), updated_at: now })
        .where('id', '=', userId)
        .execute();
      if (passwordHash !== undefined) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
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
    await recordAudit(trx, ctx, { action, resourceType: 'user', resourceId: userId, before, after });
    return after;
  });
}

export async function removeUser(ctx: RequestContext, userId: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await lockOrganizationRow(trx, ctx.db.dialect, ctx.orgId);
    const repo = new MembersRepo(trx, ctx.orgId);
    const before = await repo.find(userId);
    if (!before) throw AppError.notFound('User');
    assertAllowed(ctx, { kind: 'remove', currentRole: before.role, currentlyActive: before.active }, await repo.countActiveOwners());
    await repo.endSessions(userId);
    // Their API tokens for this organization stop working with the membership; revoke them explicitly too.
    await trx.updateTable('api_tokens').set({ revoked_at: nowIso(ctx.clock) }).where('organization_id', '=', ctx.orgId).where('created_by', '=', userId).where('revoked_at', 'is', null).execute();
    await repo.removeMembership(userId);
    await recordAudit(trx, ctx, { action: 'user.removed', resourceType: 'user', resourceId: userId, before });
  });
}
