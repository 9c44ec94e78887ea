/**
 * Sign-in rate limiting, kept in the database so every server process sharing it sees the
 * same counters.
 *
 * An attempt is counted BEFORE its password is checked, by one atomic upsert that returns
 * the new count: of 60 simultaneous guesses against a limit of 10, exactly 10 reach the
 * password check, whatever the interleaving, on SQLite and PostgreSQL alike.
 *
 * Counters are kept per (account, client address) and per client address — not per
 * account alone, which would let anyone lock anyone out: a correct password from an address
 * that has not failed still signs in while an attacker's address is held at 429. An address
 * may front many honest users (an office NAT), so it gets a wider allowance; a successful
 * sign-in clears its (account, address) counter and gives its attempt back to the address.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';

export interface ThrottleLimits {
  maxFailures: number;
  windowSeconds: number;
}

/** Counts one event under `key` in a fixed window and returns the count including it. */
export async function countInWindow(db: Executor, key: string, now: Date, windowSeconds: number): Promise<{ count: number; windowStart: string }> {
  const nowIso = now.toISOString();
  const expired = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  // One atomic statement: a counter whose window has passed starts again at 1.
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: nowIso, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start <= ${expired} then ${nowIso} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), windowStart: row.window_start };
}

function retryAfter(windowStart: string, now: Date, windowSeconds: number): number {
  return Math.max(1, Math.ceil((Date.parse(windowStart) + windowSeconds * 1000 - now.getTime()) / 1000));
}

const accountKey = (email: string, ip: string) => `login:account:${email}|${ip}`;
const addressKey = (ip: string) => `login:ip:${ip}`;

/**
 * Counts this sign-in attempt and refuses it (429) when its account-and-address or its
 * address has used up the window's allowance. Call before checking the password. Returns
 * the account-and-address count including this attempt.
 */
export async function countLoginAttempt(db: Executor, email: string, ip: string, now: Date, limits: ThrottleLimits): Promise<number> {
  const checks = [
    { key: accountKey(email, ip), limit: limits.maxFailures },
    { key: addressKey(ip), limit: limits.maxFailures * 5 },
  ];
  let accountAttempts = 0;
  for (const { key, limit } of checks) {
    const { count, windowStart } = await countInWindow(db, key, now, limits.windowSeconds);
    if (count > limit) {
      throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', [], retryAfter(windowStart, now, limits.windowSeconds));
    }
    if (key === checks[0]!.key) accountAttempts = count;
  }
  return accountAttempts;
}

/** After a successful sign-in: the account starts afresh from this address, and the address gets its attempt back. */
export async function clearLoginAttempts(db: Executor, email: string, ip: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', accountKey(email, ip)).execute();
  await db
    .updateTable('rate_limits')
    .set({ count: sql<number>`case when count > 0 then count - 1 else 0 end` })
    .where('key', '=', addressKey(ip))
    .execute();
}

/** A new password: every address may try the account afresh. */
export async function clearAccountAttempts(db: Executor, email: string): Promise<void> {
  const prefix = accountKey(email, '');
  // A prefix match without LIKE, whose wildcards (_ and %) may appear in e-mail addresses.
  await db.deleteFrom('rate_limits').where(sql<boolean>`substr(key, 1, length(cast(${prefix} as text))) = cast(${prefix} as text)`).execute();
}
