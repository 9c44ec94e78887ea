/**
 * Where a subscription stands in its cycle: which period it bills next and when, given its
 * pause window, its limits and its cancellation. Pure functions of the stored row (the
 * calendar maths is domain/billing-cycle.ts); every write of a subscription recomputes
 * `next_billing_date` and `next_billing_at` with `scheduleOf`, so the due index stays true.
 */
import type { SubscriptionsTable } from '../../db/schema.ts';
import {
  billingDateOf,
  firstPeriodStartingOnOrAfter,
  periodAt,
  periodContaining,
  type BillingCycle,
  type BillingInterval,
  type BillingPeriod,
  type BillingTiming,
} from '../../domain/billing-cycle.ts';
import { startOfLocalDay } from '../../domain/time-zone.ts';

export type ScheduleRow = Pick<
  SubscriptionsTable,
  | 'interval'
  | 'interval_count'
  | 'start_date'
  | 'billing_anchor_day'
  | 'end_date'
  | 'max_invoices'
  | 'billing'
  | 'status'
  | 'next_period_index'
  | 'invoice_count'
  | 'paused_at'
  | 'skip_from_index'
  | 'resume_index'
>;

export function cycleOf(row: Pick<ScheduleRow, 'interval' | 'interval_count' | 'start_date' | 'billing_anchor_day' | 'end_date'>): BillingCycle {
  return {
    interval: row.interval as BillingInterval,
    intervalCount: row.interval_count,
    startDate: row.start_date,
    anchorDay: row.billing_anchor_day,
    endDate: row.end_date,
  };
}

/** A resume index past any period a cycle can have (within a 32-bit integer column): nothing more is billed. */
const NO_MORE_PERIODS = 1_000_000_000;

/** The period at `index`, or null past the end (or past any calendar a cycle can reach). */
function periodOf(row: ScheduleRow, index: number): BillingPeriod | null {
  return index >= NO_MORE_PERIODS ? null : periodAt(cycleOf(row), index);
}

export interface Billable {
  period: BillingPeriod;
  billingDate: string;
}

/** The index billing goes on from after `index`, jumping over periods skipped by a pause. */
export function indexAfterSkips(row: Pick<ScheduleRow, 'skip_from_index' | 'resume_index'>, index: number): number {
  if (row.skip_from_index !== null && row.resume_index !== null && index >= row.skip_from_index && index < row.resume_index) return row.resume_index;
  return index;
}

/**
 * The next period to invoice and its billing date, or null when none will be: ended by its
 * end date or invoice limit, canceled, or paused before that period starts.
 */
export function nextBillable(row: ScheduleRow): Billable | null {
  if (row.status === 'canceled' || row.status === 'ended') return null;
  if (row.max_invoices !== null && row.invoice_count >= row.max_invoices) return null;
  const period = periodOf(row, indexAfterSkips(row, row.next_period_index));
  if (period === null) return null;
  // A period that starts while paused is not billed; one that began before the pause still is.
  if (row.status === 'paused' && row.paused_at !== null && period.start >= row.paused_at) return null;
  return { period, billingDate: billingDateOf(period, row.billing as BillingTiming) };
}

/** Whether nothing is left to bill for good (not merely paused). */
export function isFinished(row: ScheduleRow): boolean {
  if (row.status === 'canceled' || row.status === 'ended') return true;
  if (row.max_invoices !== null && row.invoice_count >= row.max_invoices) return true;
  return periodOf(row, indexAfterSkips(row, row.next_period_index)) === null;
}

/** The stored schedule columns for a row: the next billing date and the instant it begins in the organization's zone. */
export function scheduleOf(row: ScheduleRow, timeZone: string): Pick<SubscriptionsTable, 'next_billing_date' | 'next_billing_at'> {
  const next = nextBillable(row);
  if (next === null) return { next_billing_date: null, next_billing_at: null };
  return { next_billing_date: next.billingDate, next_billing_at: startOfLocalDay(next.billingDate, timeZone).toISOString() };
}

/** The period `today` falls in, for display. */
export function currentPeriod(row: ScheduleRow, today: string): BillingPeriod | null {
  if (row.status === 'canceled' || row.status === 'ended') return null;
  return periodContaining(cycleOf(row), today);
}

/**
 * The skip window of a resume on `today` after a pause on `pausedAt`: periods from the first
 * one starting on or after the pause up to the first starting on or after today are not
 * billed (nothing is back-billed). Merges with a window still pending from an earlier pause.
 */
export function skipWindowOnResume(row: ScheduleRow, pausedAt: string, today: string): Pick<SubscriptionsTable, 'skip_from_index' | 'resume_index'> {
  const cycle = cycleOf(row);
  const from = firstPeriodStartingOnOrAfter(cycle, pausedAt);
  if (from === null) return { skip_from_index: row.skip_from_index, resume_index: row.resume_index };
  const skipFrom = Math.max(from.index, row.next_period_index);
  const resume = firstPeriodStartingOnOrAfter(cycle, today);
  // No period starts again (end date passed): skip everything from the pause on.
  const resumeIndex = resume?.index ?? NO_MORE_PERIODS;
  if (resumeIndex <= skipFrom) return { skip_from_index: row.skip_from_index, resume_index: row.resume_index };
  const pendingFrom = row.skip_from_index !== null && row.resume_index !== null && row.resume_index > row.next_period_index ? row.skip_from_index : null;
  return { skip_from_index: pendingFrom === null ? skipFrom : Math.min(pendingFrom, skipFrom), resume_index: resumeIndex };
}
