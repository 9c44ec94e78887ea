/**
 * Login rate limiting, kept in the database so every server process sharing it sees the
 * same counters. Failed attempts are counted per e-mail address and per client address in
 * a fixed window; once a counter reaches its limit further attempts answer 429 without
 * checking the password.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import { AppError } from '../../shared/errors.ts';

export interface ThrottleLimits {
  maxFailures: number;
  windowSeconds: number;
}

function keysFor(email: string, ip: string): { key: string; limitFactor: number }[] {
  // An address may front many honest users (an office NAT), so it gets a wider allowance.
  return [
    { key: `login:email:${email}`, limitFactor: 1 },
    { key: `login:ip:${ip}`, limitFactor: 5 },
  ];
}

export async function assertLoginAllowed(db: Executor, email: string, ip: string, now: Date, limits: ThrottleLimits): Promise<void> {
  const windowStart = new Date(now.getTime() - limits.windowSeconds * 1000).toISOString();
  for (const { key, limitFactor } of keysFor(email, ip)) {
    const row = await db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    if (row && row.window_start > windowStart && row.count >= limits.maxFailures * limitFactor) {
      const retryAfter = Math.max(1, Math.ceil((Date.parse(row.window_start) + limits.windowSeconds * 1000 - now.getTime()) / 1000));
      throw new AppError('rate_limited', 'Too many failed sign-in attempts. Try again later.', [], retryAfter);
    }
  }
}

export async function recordLoginFailure(db: Executor, email: string, ip: string, now: Date, limits: ThrottleLimits): Promise<void> {
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - limits.windowSeconds * 1000).toISOString();
  for (const { key } of keysFor(email, ip)) {
    // One atomic upsert: a counter whose window has passed starts again at 1.
    await db
      .insertInto('rate_limits')
      .values({ key, window_start: nowIso, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql<number>`case when rate_limits.window_start <= ${windowStart} then 1 else rate_limits.count + 1 end`,
          window_start: sql<string>`case when rate_limits.window_start <= ${windowStart} then ${nowIso} else rate_limits.window_start end`,
        }),
      )
      .execute();
  }
}

export async function clearLoginFailures(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', `login:email:${email}`).execute();
}
