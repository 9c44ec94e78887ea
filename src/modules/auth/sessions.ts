/**
 * Sessions live in the database (not in process memory) so any server process sharing it
 * accepts the same cookie. The cookie carries a random token; the row is keyed by its hash.
 */
import type { Executor, Principal } from '../../kernel/context.ts';
import { isRole, roleAtLeast, weakerRole } from '../../domain/roles.ts';
import { randomToken, sha256 } from './secrets.ts';
import { organizationTimeZone } from '../../domain/time-zone.ts';

export const SESSION_COOKIE = 'settle_session';
export const API_TOKEN_PREFIX = 'stl_';

/** Sessions and tokens record their last use at most this often, to spare writes. */
const TOUCH_INTERVAL_MS = 60_000;

/** Where a session was opened from, for the owner's list of their sessions. */
export interface SessionOrigin {
  userAgent?: string | undefined;
  ip?: string | undefined;
}

export async function createSession(db: Executor, userId: string, orgId: string, now: Date, days: number, origin: SessionOrigin = {}): Promise<string> {
  const token = randomToken('');
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      organization_id: orgId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
      user_agent: origin.userAgent?.slice(0, 300) ?? null,
      ip_address: origin.ip?.slice(0, 64) ?? null,
    })
    .execute();
  return token;
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function principalFromSession(db: Executor, token: string, now: Date, days: number): Promise<Principal | null> {
  const id = sha256(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.user_id', '=', 'sessions.user_id').onRef('memberships.organization_id', '=', 'sessions.organization_id'),
    )
    .innerJoin('organizations', 'organizations.id', 'sessions.organization_id')
    .select([
      'users.totp_enabled_at',
      'organizations.require_two_factor',
      'organizations.time_zone',
      'organizations.country',
      'sessions.id',
      'sessions.organization_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.name',
      'users.email',
      'memberships.role',
      'memberships.active',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString() || row.active !== 1 || !isRole(row.role)) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    // Sliding expiry: an active session stays alive, an idle one runs out.
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + days * 86_400_000).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  return {
    userId: row.user_id,
    userName: row.name,
    userEmail: row.email,
    orgId: row.organization_id,
    role: row.role,
    via: 'session',
    sessionId: row.id,
    timeZone: organizationTimeZone(row),
    twoFactor: { enabled: row.totp_enabled_at !== null, required: row.require_two_factor === 1 && roleAtLeast(row.role, 'admin') },
  };
}

export async function principalFromApiToken(db: Executor, token: string, now: Date): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.created_by')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.user_id', '=', 'api_tokens.created_by').onRef('memberships.organization_id', '=', 'api_tokens.organization_id'),
    )
    .innerJoin('organizations', 'organizations.id', 'api_tokens.organization_id')
    .select([
      'organizations.time_zone',
      'organizations.country',
      'users.totp_enabled_at',
      'api_tokens.id',
      'api_tokens.name as token_name',
      'api_tokens.organization_id',
      'api_tokens.role as token_role',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'users.id as user_id',
      'users.name',
      'users.email',
      'memberships.role as member_role',
      'memberships.active',
    ])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.active !== 1 || !isRole(row.token_role) || !isRole(row.member_role)) return null;
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return {
    userId: row.user_id,
    userName: row.name,
    userEmail: row.email,
    orgId: row.organization_id,
    // A token never outranks its creator's current role: demoting the user demotes the token.
    role: weakerRole(row.token_role, row.member_role),
    via: 'token',
    tokenId: row.id,
    tokenName: row.token_name,
    timeZone: organizationTimeZone(row),
    // The organization's 2FA rule is about signing in; a token was made by someone who did.
    twoFactor: { enabled: row.totp_enabled_at !== null, required: false },
  };
}
