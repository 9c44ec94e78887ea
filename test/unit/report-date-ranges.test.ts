import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import { splitRange } from '../../src/modules/reports/date-ranges.ts';

describe('a date range split into whole months and partial-month days', () => {
  it('keeps whole months whole and reads the partial ends as days', () => {
    expect(splitRange('2026-01-01', '2026-03-31')).toEqual({ months: { from: '2026-01', to: '2026-03' }, days: [] });
    expect(splitRange('2026-01-15', '2026-03-10')).toEqual({
      months: { from: '2026-02', to: '2026-02' },
      days: [
        ['2026-01-15', '2026-01-31'],
        ['2026-03-01', '2026-03-10'],
      ],
    });
    expect(splitRange('2026-01-15', '2026-02-10')).toEqual({ months: null, days: [['2026-01-15', '2026-01-31'], ['2026-02-01', '2026-02-10']] });
    expect(splitRange('2026-02-03', '2026-02-20')).toEqual({ months: null, days: [['2026-02-03', '2026-02-20']] });
    expect(splitRange('2028-02-01', '2028-02-29')).toEqual({ months: { from: '2028-02', to: '2028-02' }, days: [] });
    expect(splitRange('2026-12-31', '2027-01-01')).toEqual({ months: null, days: [['2026-12-31', '2026-12-31'], ['2027-01-01', '2027-01-01']] });
  });

  it('leaves an open side unbounded', () => {
    expect(splitRange(undefined, undefined)).toEqual({ months: {}, days: [] });
    expect(splitRange('2026-05-20', undefined)).toEqual({ months: { from: '2026-06' }, days: [['2026-05-20', '2026-05-31']] });
    expect(splitRange(undefined, '2026-05-20')).toEqual({ months: { to: '2026-04' }, days: [['2026-05-01', '2026-05-20']] });
  });

  it('covers every day of any range exactly once', () => {
    const base = '2027-11-01';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (a, length) => {
        const from = addDays(base, a);
        const to = addDays(from, length);
        const { months, days } = splitRange(from, to);
        const covered: string[] = [];
        for (let day = addDays(from, -40); day <= addDays(to, 40); day = addDays(day, 1)) {
          const inMonths = months !== null && (months.from === undefined || day.slice(0, 7) >= months.from) && (months.to === undefined || day.slice(0, 7) <= months.to);
          const inDays = days.filter(([f, t]) => f <= day && day <= t).length;
          expect(Number(inMonths) + inDays, day).toBeLessThanOrEqual(1);
          if (inMonths || inDays > 0) covered.push(day);
        }
        expect(covered[0]).toBe(from);
        expect(covered[covered.length - 1]).toBe(to);
        expect(covered).toHaveLength(length + 1);
      }),
      { numRuns: 200 },
    );
  });
});
