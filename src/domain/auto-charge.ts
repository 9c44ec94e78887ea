/**
 * When an automatic charge is tried again. The first attempt is made when the invoice is
 * finalized; after a failure the next attempts come 1, 3 and 5 days after that first attempt
 * (days of 24 hours, counted from its instant). After the fourth attempt fails, no more:
 * the invoice stays open for the customer to pay with the link they were e-mailed.
 */

export const RETRY_AFTER_DAYS = [1, 3, 5] as const;

/** Attempts in all: the first and its retries. */
export const MAX_CHARGE_ATTEMPTS = RETRY_AFTER_DAYS.length + 1;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant of the next attempt after attempt number `attemptsMade` (1-based) failed,
 * given the instant of the first attempt (RFC 3339); null when that was the last one.
 */
export function nextChargeAttemptAt(firstAttemptAt: string, attemptsMade: number): string | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be a positive integer, got ${attemptsMade}`);
  const days = RETRY_AFTER_DAYS[attemptsMade - 1];
  if (days === undefined) return null;
  const first = Date.parse(firstAttemptAt);
  if (Number.isNaN(first)) throw new RangeError(`not an instant: ${firstAttemptAt}`);
  return new Date(first + days * DAY_MS).toISOString();
}
