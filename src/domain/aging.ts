/**
 * Receivables aging, pure: how many days past its due date an amount is at an as-of date,
 * and the bucket that puts it in. Dates are YYYY-MM-DD calendar dates (UTC, no time zone).
 * Not yet due, or due on the as-of date itself, is "current"; the day after the due date
 * is 1 day past due.
 */

import { addDays, daysBetween } from './dates.ts';

export { daysBetween };

export const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Days past due at `asOf`: 0 when not yet due or due that very day. */
export function daysPastDue(dueDate: string, asOf: string): number {
  const days = daysBetween(dueDate, asOf);
  return days > 0 ? days : 0;
}

/** The aging bucket of an amount due on `dueDate`, seen at `asOf`. */
export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const days = daysPastDue(dueDate, asOf);
  if (days === 0) return 'current';
  if (days <= 30) return 'days_1_30';
  if (days <= 60) return 'days_31_60';
  if (days <= 90) return 'days_61_90';
  return 'days_over_90';
}

/**
 * The same buckets as due-date ranges at `asOf`, for a query to sum in the database: an
 * amount is in a bucket when its due date is on or after that bucket's date and before the
 * next younger bucket's (current: on or after asOf; over 90: before days_61_90).
 */
export function agingBoundaries(asOf: string): Record<Exclude<AgingBucket, 'days_over_90'>, string> {
  return { current: asOf, days_1_30: addDays(asOf, -30), days_31_60: addDays(asOf, -60), days_61_90: addDays(asOf, -90) };
}
