/**
 * First-run setup, signing in and out, and which organization a session works in.
 */
import type { z } from 'zod';
import type { Db } from '../../db/connection.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Principal } from '../../kernel/context.ts';
import { actorOf, nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { insertOrganization } from '../organizations/organizations.service.ts';
import { activeMembership, findOrganization, organizationOut, organizationsOfUser } from '../organizations/organizations.repo.ts';
import type { MeOut, SetupBody } from './auth.schemas.ts';
import { hashPassword } from './secrets.ts';
import { createSession, type SessionOrigin } from './sessions.ts';
import type { ThrottleLimits } from './login-throttle.ts';
import { passwordProblem } from './password-policy.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isTestClock } from '../../kernel/test-clock.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  sessionDays: number;
  throttle: ThrottleLimits;
  /** Whether a mail server is configured (for the notice after repeated failed sign-ins). */
  smtp: boolean;
}

/** Creates the first organization and its owner; refused once any user exists. */
export async function setup(deps: AuthDeps, input: z.output<typeof SetupBody>, origin: SessionOrigin = {}): Promise<{ token: string; userId: string; orgId: string }> {
  const problem = await passwordProblem(input.user.password, input.user);
  if (problem) throw AppError.validation('user.password', problem);
  const passwordHash = await hashPassword(input.user.password);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (existing) throw AppError.conflict('Settle is already set up; sign in instead');
      // The primary key on this marker row makes two simultaneous setups impossible.
      await trx.insertInto('installation').values({ key: 'installed_at', value: nowIso(deps.clock) }).execute();
      const now = nowIso(deps.clock);
      const userId = newId('usr');
      await trx
        .insertInto('users')
        .values({ id: userId, email: input.user.email, name: input.user.name, password_hash: passwordHash, created_at: now, updated_at: now })
        .execute();
      const org = await insertOrganization(trx, deps.clock, input.organization, userId);
      const actor = { type: 'user' as const, id: userId, name: input.user.name, userId };
      await emit(trx, { orgId: org.id, actor, requestId: null, clock: deps.clock }, {
        type: 'organization.created',
        resource: { type: 'organization', id: org.id },
        after: org,
      });
      const token = await createSession(trx, userId, org.id, deps.clock.now(), deps.sessionDays, origin);
      return { token, userId, orgId: org.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('Settle is already set up; sign in instead');
    throw error;
  }
}

export async function me(db: Db, principal: Omit<Principal, 'timeZone'>, clock?: Clock): Promise<MeOut> {
  const org = await findOrganization(db.kysely, principal.orgId);
  if (!org) throw AppError.notFound('Organization');
  const orgs =
    principal.via === 'token' ? [{ ...org, role: principal.role }] : await organizationsOfUser(db.kysely, principal.userId);
  return {
    user: { id: principal.userId, name: principal.userName, email: principal.userEmail },
    two_factor: principal.twoFactor ?? { enabled: false, required: false },
    role: principal.role,
    organization: organizationOut(org),
    organizations: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    authenticated_by: principal.via,
    test_clock: clock !== undefined && isTestClock(clock) ? { now: clock.now().toISOString() } : null,
  };
}

/** Moves a session to another organization the user is an active member of. */
export async function switchOrganization(deps: AuthDeps, principal: Principal, orgId: string): Promise<void> {
  if (principal.via !== 'session' || principal.sessionId === undefined) {
    throw new AppError('forbidden', 'An API token belongs to the organization it was created in');
  }
  const membership = await activeMembership(deps.db.kysely, principal.userId, orgId);
  if (!membership) throw AppError.notFound('Organization');
  await inTransaction(deps.db, async (trx) => {
    await trx.updateTable('sessions').set({ organization_id: orgId }).where('id', '=', principal.sessionId ?? '').execute();
    await emit(trx, { orgId, actor: actorOf(principal), requestId: null, clock: deps.clock }, {
      type: 'session.organization_switched',
      resource: { type: 'user', id: principal.userId },
      after: { organization_id: orgId },
    });
  });
}
