/** Where a subscription stands: next period with pause windows, limits, end dates and time zones. */
import { describe, expect, it } from 'vitest';
import { isFinished, nextBillable, scheduleOf, skipWindowOnResume, type ScheduleRow } from '../../../src/modules/subscriptions/subscription-schedule.ts';

const monthly: ScheduleRow = {
  interval: 'month',
  interval_count: 1,
  start_date: '2027-01-31',
  billing_anchor_day: null,
  end_date: null,
  max_invoices: null,
  billing: 'in_advance',
  status: 'active',
  next_period_index: 0,
  invoice_count: 0,
  paused_at: null,
  skip_from_index: null,
  resume_index: null,
};

describe('subscription schedule', () => {
  it('bills each period from its anchor, in advance on its first day and in arrears on the day after', () => {
    expect(nextBillable({ ...monthly, next_period_index: 1 })).toEqual({ period: { index: 1, start: '2027-02-28', end: '2027-03-30' }, billingDate: '2027-02-28' });
    expect(nextBillable({ ...monthly, next_period_index: 2 })?.period.start).toBe('2027-03-31');
    expect(nextBillable({ ...monthly, billing: 'in_arrears' })).toEqual({ period: { index: 0, start: '2027-01-31', end: '2027-02-27' }, billingDate: '2027-02-28' });
  });

  it('stops at the invoice limit and the end date, and never for a canceled or ended one', () => {
    expect(nextBillable({ ...monthly, max_invoices: 2, invoice_count: 2, next_period_index: 2 })).toBeNull();
    expect(isFinished({ ...monthly, max_invoices: 2, invoice_count: 2, next_period_index: 2 })).toBe(true);
    const ending = { ...monthly, end_date: '2027-03-15' };
    expect(nextBillable({ ...ending, next_period_index: 2 })).toBeNull();
    expect(nextBillable({ ...ending, next_period_index: 1 })?.period).toEqual({ index: 1, start: '2027-02-28', end: '2027-03-15' });
    expect(nextBillable({ ...monthly, status: 'canceled' })).toBeNull();
    expect(nextBillable({ ...monthly, status: 'ended' })).toBeNull();
  });

  it('while paused bills only a period that began before the pause', () => {
    const paused = { ...monthly, start_date: '2027-01-01', status: 'paused', paused_at: '2027-02-10', billing: 'in_arrears' };
    expect(nextBillable({ ...paused, next_period_index: 1 })?.period.start).toBe('2027-02-01');
    expect(nextBillable({ ...paused, next_period_index: 2 })).toBeNull();
    expect(isFinished({ ...paused, next_period_index: 2 })).toBe(false);
  });

  it('resumes with the next period start and merges an earlier pending window', () => {
    const row = { ...monthly, start_date: '2027-01-01', next_period_index: 2 };
    // Paused on 10 Feb (periods from 1 Mar), resumed on 10 May: March, April, May are skipped.
    const window = skipWindowOnResume(row, '2027-02-10', '2027-05-10');
    expect(window).toEqual({ skip_from_index: 2, resume_index: 5 });
    expect(nextBillable({ ...row, ...window })?.period.start).toBe('2027-06-01');
    // Paused and resumed inside one period: nothing is skipped.
    expect(skipWindowOnResume(row, '2027-03-05', '2027-03-20')).toEqual({ skip_from_index: null, resume_index: null });
    // Resumed on a period's first day: that period is billed.
    expect(skipWindowOnResume(row, '2027-02-10', '2027-04-01')).toEqual({ skip_from_index: 2, resume_index: 3 });
  });

  it('stores the billing instant at local midnight of the billing date', () => {
    const row = { ...monthly, start_date: '2027-01-01' };
    expect(scheduleOf(row, 'America/New_York')).toEqual({ next_billing_date: '2027-01-01', next_billing_at: '2027-01-01T05:00:00.000Z' });
    expect(scheduleOf(row, 'Pacific/Auckland')).toEqual({ next_billing_date: '2027-01-01', next_billing_at: '2026-12-31T11:00:00.000Z' });
    expect(scheduleOf({ ...row, status: 'canceled' }, 'UTC')).toEqual({ next_billing_date: null, next_billing_at: null });
  });
});
