/**
 * How long a failed job waits before its next attempt: exponential, so a mail server that
 * is down for an hour is not hammered, and capped, so a message still goes out soon after
 * the server is back. Pure; the worker adds the delay to its clock.
 *
 *   attempt 1 failed → 30 s, 2 → 1 min, 3 → 2 min, 4 → 4 min … capped at 1 h
 */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 60 * 60 * 1000;

/** The delay after `attempts` failed attempts (1 for the first failure). */
export function retryDelayMs(attempts: number, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  // 2^exponent stops growing long before it could overflow: the cap is reached first.
  const exponent = Math.min(attempts - 1, 30);
  return Math.min(baseMs * 2 ** exponent, capMs);
}
