/**
 * When a failed webhook delivery is tried again: the Standard Webhooks schedule. The first
 * attempt is made at once; after it fails, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
 * later — 8 attempts over about 27½ hours, then the delivery is failed. Pure.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const RETRY_DELAYS_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint whose deliveries have failed without a single success for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * HOUR;

/** The delay before the attempt after `attempt` (1 for the first) failed, or null when it was the last. */
export function nextRetryDelayMs(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  return RETRY_DELAYS_MS[attempt - 1] ?? null;
}
