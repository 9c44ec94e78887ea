/**
 * What a use case needs to know about the request it serves: the database, the
 * organization it is scoped to, who acts (for the audit log) and the clock.
 */
import type { Db } from '../db/connection.ts';
import type { Role } from '../domain/roles.ts';
import type { Clock } from '../shared/clock.ts';
import { localDate } from '../domain/time-zone.ts';

export type { Executor } from '../db/executor.ts';

export interface Actor {
  type: 'user' | 'api_token' | 'system';
  id: string | null;
  name: string | null;
  /** The user behind the actor (for a token, the user who created it). */
  userId: string | null;
}

export interface Principal {
  userId: string;
  userName: string;
  userEmail: string;
  orgId: string;
  role: Role;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
  tokenName?: string;
  /** The organization's time zone (IANA): its "today", due and billing dates. */
  timeZone: string;
  /** Whether the user signs in with two factors, and whether their organization requires it of them (admins and owners, when set). */
  twoFactor?: { enabled: boolean; required: boolean };
}

export interface RequestContext {
  db: Db;
  orgId: string;
  role: Role;
  actor: Actor;
  requestId: string | null;
  clock: Clock;
  /** The organization's time zone (IANA), in which "today" and every business date are reckoned. */
  timeZone: string;
}

export function actorOf(principal: Principal): Actor {
  return principal.via === 'token'
    ? { type: 'api_token', id: principal.tokenId ?? null, name: principal.tokenName ?? null, userId: principal.userId }
    : { type: 'user', id: principal.userId, name: principal.userName, userId: principal.userId };
}

export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}

/** Today's date in the organization's time zone (YYYY-MM-DD). */
export function todayIn(ctx: Pick<RequestContext, 'clock' | 'timeZone'>): string {
  return localDate(ctx.clock.now(), ctx.timeZone);
}

/**
 * For work no user asked for in this request (background jobs, public customer pages): a
 * system actor, named for the audit log, acting in one organization with the given role.
 */
export function systemContext(
  deps: { db: Db; clock: Clock },
  orgId: string,
  actorName: string,
  options: { role: Role; requestId?: string | null; timeZone?: string },
): RequestContext {
  return {
    db: deps.db,
    orgId,
    role: options.role,
    actor: { type: 'system', id: null, name: actorName, userId: null },
    requestId: options.requestId ?? null,
    clock: deps.clock,
    timeZone: options.timeZone ?? 'UTC',
  };
}
