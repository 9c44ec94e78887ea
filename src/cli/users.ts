/**
 * Account commands for the CLI: add a user to an organization, reset a password. Both
 * go through the same rules as the API (roles, password length) and leave an audit event.
 */
import crypto from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { isRole } from '../domain/roles.ts';
import { newId } from '../shared/ids.ts';
import { systemClock } from '../shared/clock.ts';
import { recordAudit } from '../modules/audit/audit.repo.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, hashPassword } from '../modules/auth/secrets.ts';

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

function checkPassword(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (password.length > PASSWORD_MAX_LENGTH) return `the password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return null;
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
  const problem = checkPassword(password);
  if (problem) return fail(problem);
  const passwordHash = await hashPassword(password);
  const now = new Date().toISOString();
  const existing = await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return fail(`a user with e-mail ${email} already exists; use reset-password, or add them in Settings → Users`);
  const userId = newId('usr');
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('users').values({ id: userId, email, name, password_hash: passwordHash, created_at: now, updated_at: now }).execute();
    await trx.insertInto('memberships').values({ organization_id: org.id, user_id: userId, role, active: 1, created_at: now, updated_at: now }).execute();
    await recordAudit(trx, { orgId: org.id, actor: SYSTEM_ACTOR, requestId: null, clock: systemClock }, {
      action: 'user.added',
      resourceType: 'user',
      resourceId: userId,
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
  const user = await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) return fail(`no user with e-mail ${email}`);
  const { password, generated } = await passwordFrom(options['password-stdin'] === true);
  const problem = checkPassword(password);
  if (problem) return fail(problem);
  const passwordHash = await hashPassword(password);
  const memberships = await db.kysely.selectFrom('memberships').select('organization_id').where('user_id', '=', user.id).execute();
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date().toISOString() }).where('id', '=', user.id).execute();
    // A reset password ends every session: whoever knew the old one is signed out.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    for (const m of memberships) {
      await recordAudit(trx, { orgId: m.organization_id, actor: SYSTEM_ACTOR, requestId: null, clock: systemClock }, {
        action: 'user.password_reset',
        resourceType: 'user',
        resourceId: user.id,
      });
    }
  });
  console.log(`Password reset for ${email}; their sessions were ended.`);
  if (generated) console.log(`New password (shown once): ${password}`);
  return 0;
}

function fail(message: string): number {
  console.error(`settle: ${message}`);
  return 1;
}
