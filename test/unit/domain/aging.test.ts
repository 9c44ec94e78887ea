import { describe, expect, it } from 'vitest';
import { agingBoundaries, agingBucket, daysBetween, daysPastDue } from '../../../src/domain/aging.ts';
import { addDays } from '../../../src/domain/dates.ts';

describe('aging buckets', () => {
  const due = '2026-03-15';

  it.each([
    [-10, 'current'],
    [-1, 'current'],
    [0, 'current'],
    [1, 'days_1_30'],
    [30, 'days_1_30'],
    [31, 'days_31_60'],
    [60, 'days_31_60'],
    [61, 'days_61_90'],
    [90, 'days_61_90'],
    [91, 'days_over_90'],
    [1000, 'days_over_90'],
  ] as const)('%i days after the due date is %s', (days, bucket) => {
    expect(agingBucket(due, addDays(due, days))).toBe(bucket);
    expect(daysPastDue(due, addDays(due, days))).toBe(days > 0 ? days : 0);
  });

  it('counts calendar days across month ends, leap days and years', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    // Around the DST switch of zoned clocks: dates are UTC, so no hour is lost.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(agingBucket('2026-01-31', '2026-03-02')).toBe('days_1_30'); // 30 days
    expect(agingBucket('2026-01-31', '2026-03-03')).toBe('days_31_60'); // 31 days
  });
});

describe('aging boundaries (the buckets as due-date ranges, for SQL)', () => {
  it('put every due date in the same bucket as agingBucket', () => {
    const asOf = '2026-03-01';
    const bounds = agingBoundaries(asOf);
    for (let days = -10; days <= 200; days++) {
      const due = addDays(asOf, -days);
      const byRange =
        due >= bounds.current ? 'current' : due >= bounds.days_1_30 ? 'days_1_30' : due >= bounds.days_31_60 ? 'days_31_60' : due >= bounds.days_61_90 ? 'days_61_90' : 'days_over_90';
      expect(byRange, `${days} days past due`).toBe(agingBucket(due, asOf));
    }
  });
});
