/**
 * Account commands for the CLI: add a user to an organization, reset a password, print
 * an invitation link. They go through the same rules as the API (roles, password policy)
 * and leave an audit event. Whoever runs them controls the server and its database: this is
 * the way in when no mail server is configured.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { isRole } from '../domain/roles.ts';
import { newId } from '../shared/ids.ts';
import { systemClock } from '../shared/clock.ts';
import { emit } from '../kernel/events.ts';
import { hashPassword } from '../modules/auth/secrets.ts';
import { passwordProblem } from '../modules/auth/password-policy.ts';
import { createAccountToken, mintAccountToken } from '../modules/auth/account-tokens.ts';
import { accountLink } from '../modules/auth/account-email.ts';
import { inTransaction } from '../db/transaction.ts';

interface Options {
  email?: string | undefined;
  name?: string | undefined;
  role?: string | undefined;
  organization?: string | undefined;
  'password-stdin'?: boolean | undefined;
}

const SYSTEM_ACTOR = { type: 'system' as const, id: null, name: 'settle CLI', userId: null };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function passwordFrom(useStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (useStdin) return { password: await readStdin(), generated: false };
  return { password: crypto.randomBytes(12).toString('base64url'), generated: true };
}

async function checkPassword(password: string, owner: { email: string; name?: string | undefined }): Promise<string | null> {
  const problem = await passwordProblem(password, owner);
  return problem === null ? null : `the password ${problem}`;
}

export async function createUserCommand(db: Db, options: Options): Promise<number> {
  const email = options.email?.trim().toLowerCase();
  const name = options.name?.trim();
  const role = options.role ?? 'viewer';
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) return fail('--email must be an e-mail address');
  if (!name) return fail('--name is required');
  if (!isRole(role)) return fail('--role must be one of viewer, sales, accountant, admin, owner');
  const orgs = await db.kysely.selectFrom('organizations').select(['id', 'name']).execute();
  const org = options.organization ? orgs.find((o) => o.id === options.organization) : orgs.length === 1 ? orgs[0] : undefined;
  if (!org) {
    return fail(orgs.length === 0 ? 'no organization yet: run the first-run setup in the browser or POST /api/v1/setup' : `--organization is required; one of: ${orgs.map((o) => `${o.id} (${o.name})`).join(', ')}`);
  }
  const { password, generated } = await passwordFrom(options['password-stdin'] === true);
  const problem = await checkPassword(password, { email, name });
  if (problem) return fail(problem);
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  const existing = await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return fail(`a user with e-mail ${email} already exists; use reset-password, or add them in Settings → Users`);
  const userId = newId('usr');
  await inTransaction(db, async (trx) => {
    await trx.insertInto('users').values({ id: userId, email, name, password_hash: passwordHash, created_at: now, updated_at: now }).execute();
    await trx.insertInto('memberships').values({ organization_id: org.id, user_id: userId, role, active: 1, created_at: now, updated_at: now }).execute();
    await emit(trx, { orgId: org.id, actor: SYSTEM_ACTOR, requestId: null, clock: systemClock }, {
      type: 'user.added',
      resource: { type: 'user', id: userId },
      after: { id: userId, email, name, role },
    });
  });
  console.log(`Created ${role} ${email} in ${org.name}.`);
  if (generated) console.log(`Password (shown once): ${password}`);
  return 0;
}

export async function resetPasswordCommand(db: Db, options: Options): Promise<number> {
  const email = options.email?.trim().toLowerCase();
  if (!email) return fail('--email is required');
  const user = await db.kysely.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirst();
  if (!user) return fail(`no user with e-mail ${email}`);
  const { password, generated } = await passwordFrom(options['password-stdin'] === true);
  const problem = await checkPassword(password, { email, name: user.name });
  if (problem) return fail(problem);
  const passwordHash = await hashPassword(password);
  const memberships = await db.kysely.selectFrom('memberships').select('organization_id').where('user_id', '=', user.id).execute();
  await inTransaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date().toISOString() }).where('id', '=', user.id).execute();
    // A reset password ends every session: whoever knew the old one is signed out.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    for (const m of memberships) {
      await emit(trx, { orgId: m.organization_id, actor: SYSTEM_ACTOR, requestId: null, clock: systemClock }, {
        type: 'user.password_reset',
        resource: { type: 'user', id: user.id },
      });
    }
  });
  console.log(`Password reset for ${email}; their sessions were ended.`);
  if (generated) console.log(`New password (shown once): ${password}`);
  return 0;
}

/**
 * A fresh link for a pending invitation, for the operator to hand over when no mail server
 * is configured (the link e-mailed earlier, if any, stops working). Also what the test
 * suites use to accept invitations without reading mail.
 */
export async function operatorInvitationLink(db: Db, baseUrl: string, email: string, organizationId?: string): Promise<{ url: string; organization: string } | { error: string }> {
  const pending = await db.kysely
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['users.id as user_id', 'organizations.id as organization_id', 'organizations.name', 'memberships.invited_by'])
    .where('users.email', '=', email)
    .where('memberships.invitation_pending', '=', 1)
    .execute();
  const chosen = organizationId === undefined ? (pending.length === 1 ? pending[0] : undefined) : pending.find((p) => p.organization_id === organizationId);
  if (!chosen) {
    if (pending.length === 0) return { error: `${email} has no pending invitation; invite them in Settings → Users first` };
    return { error: `--organization is required; ${email} is invited to: ${pending.map((p) => `${p.organization_id} (${p.name})`).join(', ')}` };
  }
  const now = new Date();
  const url = await inTransaction(db, async (trx) => {
    const link = await createAccountToken(trx, { purpose: 'invitation', userId: chosen.user_id, orgId: chosen.organization_id, createdBy: chosen.invited_by, now });
    const token = await mintAccountToken(trx, link.id, now);
    if (token === null) throw new Error('the new invitation link could not be made');
    await emit(trx, { orgId: chosen.organization_id, actor: SYSTEM_ACTOR, requestId: null, clock: systemClock }, {
      type: 'user.invitation_link_made',
      resource: { type: 'user', id: chosen.user_id },
    });
    return accountLink(baseUrl, 'invitation', token);
  });
  return { url, organization: chosen.name };
}

export async function inviteLinkCommand(db: Db, baseUrl: string, options: Options): Promise<number> {
  const email = options.email?.trim().toLowerCase();
  if (!email) return fail('--email is required');
  const result = await operatorInvitationLink(db, baseUrl, email, options.organization);
  if ('error' in result) return fail(result.error);
  console.log(`Invitation link for ${email} to join ${result.organization} (single use, valid 7 days; hand it to them privately):`);
  console.log(result.url);
  return 0;
}

function fail(message: string): number {
  console.error(`settle: ${message}`);
  return 1;
}
