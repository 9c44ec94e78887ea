import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  billingDateOf,
  firstPeriodStartingOnOrAfter,
  MAX_INTERVAL_COUNT,
  periodAt,
  periodContaining,
  renderPeriodPlaceholders,
  validateCycle,
  type BillingCycle,
  type BillingPeriod,
} from '../../../src/domain/billing-cycle.ts';
import { addDays } from '../../../src/domain/dates.ts';

/** [start, end] of periods 0 … count−1. */
function spans(cycle: BillingCycle, count: number): [string, string][] {
  return Array.from({ length: count }, (_, k) => {
    const period = periodAt(cycle, k);
    if (period === null) throw new Error(`period ${k} is null`);
    expect(period.index).toBe(k);
    return [period.start, period.end];
  });
}

const monthly = (startDate: string, extra: Partial<BillingCycle> = {}): BillingCycle => ({ interval: 'month', intervalCount: 1, startDate, ...extra });

describe('periodAt: month cycles', () => {
  it('keeps the 31st through shorter months instead of drifting to the 28th', () => {
    expect(spans(monthly('2027-01-31'), 6)).toEqual([
      ['2027-01-31', '2027-02-27'],
      ['2027-02-28', '2027-03-30'],
      ['2027-03-31', '2027-04-29'],
      ['2027-04-30', '2027-05-30'],
      ['2027-05-31', '2027-06-29'],
      ['2027-06-30', '2027-07-30'],
    ]);
  });

  it('uses 29 February in a leap year', () => {
    expect(spans(monthly('2028-01-31'), 3)).toEqual([
      ['2028-01-31', '2028-02-28'],
      ['2028-02-29', '2028-03-30'],
      ['2028-03-31', '2028-04-29'],
    ]);
    expect(spans(monthly('2028-01-30'), 2)).toEqual([
      ['2028-01-30', '2028-02-28'],
      ['2028-02-29', '2028-03-29'],
    ]);
  });

  it('runs calendar months from the 1st, across the year end', () => {
    expect(spans(monthly('2026-11-01'), 4)).toEqual([
      ['2026-11-01', '2026-11-30'],
      ['2026-12-01', '2026-12-31'],
      ['2027-01-01', '2027-01-31'],
      ['2027-02-01', '2027-02-28'],
    ]);
  });

  it('makes quarters of interval count 3, still from the anchor', () => {
    expect(spans(monthly('2027-01-01', { intervalCount: 3 }), 5)).toEqual([
      ['2027-01-01', '2027-03-31'],
      ['2027-04-01', '2027-06-30'],
      ['2027-07-01', '2027-09-30'],
      ['2027-10-01', '2027-12-31'],
      ['2028-01-01', '2028-03-31'],
    ]);
    expect(spans(monthly('2027-08-31', { intervalCount: 3 }), 4)).toEqual([
      ['2027-08-31', '2027-11-29'],
      ['2027-11-30', '2028-02-28'],
      ['2028-02-29', '2028-05-30'],
      ['2028-05-31', '2028-08-30'],
    ]);
  });

  it('computes far periods directly from the anchor', () => {
    // Period 1000 of a cycle on the 31st: 1000 months after January 2027 is May 2110.
    expect(periodAt(monthly('2027-01-31'), 1000)).toEqual({ index: 1000, start: '2110-05-31', end: '2110-06-29' });
    // Period 4000: 4000 months = 333 years 4 months → May 2360.
    expect(periodAt(monthly('2027-01-31'), 4000)).toEqual({ index: 4000, start: '2360-05-31', end: '2360-06-29' });
  });

  it('answers thousands of indices quickly', () => {
    const cycle = monthly('2027-01-31');
    const began = performance.now();
    for (let k = 0; k < 3000; k += 1) periodAt(cycle, k);
    expect(periodAt(cycle, 2999)?.start).toBe('2276-12-31');
    expect(performance.now() - began).toBeLessThan(2000);
  });
});

describe('periodAt: anchor day', () => {
  it('starts with a stub up to the first anchor date after the start', () => {
    expect(spans(monthly('2027-01-15', { anchorDay: 1 }), 4)).toEqual([
      ['2027-01-15', '2027-01-31'],
      ['2027-02-01', '2027-02-28'],
      ['2027-03-01', '2027-03-31'],
      ['2027-04-01', '2027-04-30'],
    ]);
  });

  it('stubs within the month when the anchor day is still ahead', () => {
    expect(spans(monthly('2027-01-10', { anchorDay: 20 }), 3)).toEqual([
      ['2027-01-10', '2027-01-19'],
      ['2027-01-20', '2027-02-19'],
      ['2027-02-20', '2027-03-19'],
    ]);
  });

  it('treats 31 as the last day of shorter months, from a stub too', () => {
    expect(spans(monthly('2027-02-10', { anchorDay: 31 }), 4)).toEqual([
      ['2027-02-10', '2027-02-27'],
      ['2027-02-28', '2027-03-30'],
      ['2027-03-31', '2027-04-29'],
      ['2027-04-30', '2027-05-30'],
    ]);
  });

  it('has no stub when the start already is an anchor date', () => {
    expect(spans(monthly('2027-03-01', { anchorDay: 1 }), 2)).toEqual(spans(monthly('2027-03-01'), 2));
    // 28 February is the 31st as far as February goes.
    expect(spans(monthly('2027-02-28', { anchorDay: 31 }), 3)).toEqual([
      ['2027-02-28', '2027-03-30'],
      ['2027-03-31', '2027-04-29'],
      ['2027-04-30', '2027-05-30'],
    ]);
  });

  it('stubs quarters to the anchor date, then counts whole quarters from it', () => {
    expect(spans(monthly('2027-01-15', { intervalCount: 3, anchorDay: 1 }), 3)).toEqual([
      ['2027-01-15', '2027-01-31'],
      ['2027-02-01', '2027-04-30'],
      ['2027-05-01', '2027-07-31'],
    ]);
  });

  it('stubs year cycles to the next date with that day, then runs whole years', () => {
    expect(spans({ interval: 'year', intervalCount: 1, startDate: '2027-01-15', anchorDay: 1 }, 3)).toEqual([
      ['2027-01-15', '2027-01-31'],
      ['2027-02-01', '2028-01-31'],
      ['2028-02-01', '2029-01-31'],
    ]);
  });
});

describe('periodAt: year, week and day cycles', () => {
  it('bills a 29 February start on 28 February, back to the 29th in leap years', () => {
    expect(spans({ interval: 'year', intervalCount: 1, startDate: '2028-02-29' }, 5)).toEqual([
      ['2028-02-29', '2029-02-27'],
      ['2029-02-28', '2030-02-27'],
      ['2030-02-28', '2031-02-27'],
      ['2031-02-28', '2032-02-28'],
      ['2032-02-29', '2033-02-27'],
    ]);
  });

  it('runs two-year cycles', () => {
    expect(spans({ interval: 'year', intervalCount: 2, startDate: '2026-07-01' }, 2)).toEqual([
      ['2026-07-01', '2028-06-30'],
      ['2028-07-01', '2030-06-30'],
    ]);
  });

  it('runs weeks of 7 × count days', () => {
    expect(spans({ interval: 'week', intervalCount: 1, startDate: '2027-12-27' }, 3)).toEqual([
      ['2027-12-27', '2028-01-02'],
      ['2028-01-03', '2028-01-09'],
      ['2028-01-10', '2028-01-16'],
    ]);
    expect(spans({ interval: 'week', intervalCount: 2, startDate: '2028-02-21' }, 2)).toEqual([
      ['2028-02-21', '2028-03-05'], // through the leap day
      ['2028-03-06', '2028-03-19'],
    ]);
    expect(periodAt({ interval: 'week', intervalCount: 1, startDate: '2027-01-04' }, 2000)).toEqual({ index: 2000, start: '2065-05-04', end: '2065-05-10' });
  });

  it('runs days', () => {
    expect(spans({ interval: 'day', intervalCount: 1, startDate: '2028-02-28' }, 3)).toEqual([
      ['2028-02-28', '2028-02-28'],
      ['2028-02-29', '2028-02-29'],
      ['2028-03-01', '2028-03-01'],
    ]);
    expect(spans({ interval: 'day', intervalCount: 30, startDate: '2027-01-01' }, 2)).toEqual([
      ['2027-01-01', '2027-01-30'],
      ['2027-01-31', '2027-03-01'],
    ]);
  });
});

describe('periodAt: end date', () => {
  const cycle = monthly('2027-01-31', { endDate: '2027-04-15' });

  it('cuts the last period to end on the end date, and has none after it', () => {
    expect(spans(cycle, 3)).toEqual([
      ['2027-01-31', '2027-02-27'],
      ['2027-02-28', '2027-03-30'],
      ['2027-03-31', '2027-04-15'],
    ]);
    expect(periodAt(cycle, 3)).toBeNull();
    expect(periodAt(cycle, 1000)).toBeNull();
  });

  it('keeps a period that starts on the end date, one day long', () => {
    const lastDay = monthly('2027-01-31', { endDate: '2027-03-31' });
    expect(periodAt(lastDay, 2)).toEqual({ index: 2, start: '2027-03-31', end: '2027-03-31' });
    expect(periodAt(lastDay, 3)).toBeNull();
  });

  it('does not cut a period that ends on the end date anyway', () => {
    const exact = monthly('2027-01-01', { endDate: '2027-03-31' });
    expect(spans(exact, 3).at(-1)).toEqual(['2027-03-01', '2027-03-31']);
    expect(periodAt(exact, 3)).toBeNull();
  });

  it('cuts the stub itself when service ends before the first anchor date', () => {
    const short = monthly('2027-01-15', { anchorDay: 1, endDate: '2027-01-20' });
    expect(periodAt(short, 0)).toEqual({ index: 0, start: '2027-01-15', end: '2027-01-20' });
    expect(periodAt(short, 1)).toBeNull();
  });

  it('allows a one-day subscription (end date = start date)', () => {
    const oneDay = monthly('2027-01-15', { endDate: '2027-01-15' });
    expect(periodAt(oneDay, 0)).toEqual({ index: 0, start: '2027-01-15', end: '2027-01-15' });
    expect(periodAt(oneDay, 1)).toBeNull();
  });
});

describe('periodAt: arguments', () => {
  it('throws on an index that is not a whole number ≥ 0', () => {
    for (const index of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => periodAt(monthly('2027-01-01'), index), String(index)).toThrow(RangeError);
    }
  });

  it('throws on an invalid cycle, naming the problem', () => {
    expect(() => periodAt(monthly('2027-02-30'), 0)).toThrow(/startDate/);
    expect(() => periodAt({ interval: 'week', intervalCount: 1, startDate: '2027-01-01', anchorDay: 1 }, 0)).toThrow(/anchorDay/);
  });
});

describe('billingDateOf', () => {
  const period: BillingPeriod = { index: 0, start: '2027-01-31', end: '2027-02-27' };

  it('bills in advance on the first day of the period', () => {
    expect(billingDateOf(period, 'in_advance')).toBe('2027-01-31');
  });

  it('bills in arrears on the day after the last day', () => {
    expect(billingDateOf(period, 'in_arrears')).toBe('2027-02-28');
    expect(billingDateOf({ index: 3, start: '2028-02-01', end: '2028-02-28' }, 'in_arrears')).toBe('2028-02-29');
    expect(billingDateOf({ index: 11, start: '2027-12-01', end: '2027-12-31' }, 'in_arrears')).toBe('2028-01-01');
  });

  it('bills in arrears the day after the end date for a period it cut short', () => {
    const last = periodAt(monthly('2027-01-01', { endDate: '2027-03-10' }), 2);
    expect(last).toEqual({ index: 2, start: '2027-03-01', end: '2027-03-10' });
    expect(billingDateOf(last!, 'in_arrears')).toBe('2027-03-11');
    expect(billingDateOf(last!, 'in_advance')).toBe('2027-03-01');
  });

  it('bills in arrears on the next period’s start date when there is one', () => {
    const cycle = monthly('2027-01-31');
    for (let k = 0; k < 24; k += 1) expect(billingDateOf(periodAt(cycle, k)!, 'in_arrears')).toBe(periodAt(cycle, k + 1)!.start);
  });
});

describe('periodContaining', () => {
  const cycle = monthly('2027-01-31', { endDate: '2027-06-15' });

  it('finds the period of a date, its first and last day included', () => {
    expect(periodContaining(cycle, '2027-01-31')).toEqual({ index: 0, start: '2027-01-31', end: '2027-02-27' });
    expect(periodContaining(cycle, '2027-02-27')?.index).toBe(0);
    expect(periodContaining(cycle, '2027-02-28')?.index).toBe(1);
    expect(periodContaining(cycle, '2027-03-30')?.index).toBe(1);
    expect(periodContaining(cycle, '2027-03-31')?.index).toBe(2);
    expect(periodContaining(cycle, '2027-06-15')).toEqual({ index: 4, start: '2027-05-31', end: '2027-06-15' });
  });

  it('is null before the start and after the end', () => {
    expect(periodContaining(cycle, '2027-01-30')).toBeNull();
    expect(periodContaining(cycle, '2027-06-16')).toBeNull();
    expect(periodContaining(cycle, '2030-01-01')).toBeNull();
  });

  it('finds stub and anchored periods', () => {
    const anchored = monthly('2027-01-15', { anchorDay: 1 });
    expect(periodContaining(anchored, '2027-01-15')?.index).toBe(0);
    expect(periodContaining(anchored, '2027-01-31')?.index).toBe(0);
    expect(periodContaining(anchored, '2027-02-01')).toEqual({ index: 1, start: '2027-02-01', end: '2027-02-28' });
    expect(periodContaining(anchored, '2029-07-04')).toEqual({ index: 30, start: '2029-07-01', end: '2029-07-31' });
  });

  it('finds periods far ahead without walking there', () => {
    expect(periodContaining(monthly('2027-01-31'), '2110-06-10')).toEqual({ index: 1000, start: '2110-05-31', end: '2110-06-29' });
    expect(periodContaining({ interval: 'week', intervalCount: 2, startDate: '2027-01-04' }, '2027-01-18')?.index).toBe(1);
    expect(periodContaining({ interval: 'year', intervalCount: 1, startDate: '2028-02-29' }, '2032-02-28')?.index).toBe(3);
    expect(periodContaining({ interval: 'year', intervalCount: 1, startDate: '2028-02-29' }, '2032-02-29')?.index).toBe(4);
  });

  it('throws on a malformed date', () => {
    expect(() => periodContaining(cycle, '2027-02-30')).toThrow(RangeError);
    expect(() => periodContaining(cycle, '31.01.2027')).toThrow(RangeError);
  });
});

describe('firstPeriodStartingOnOrAfter', () => {
  const cycle = monthly('2027-01-31', { endDate: '2027-06-15' });

  it('is period 0 for any date up to the start', () => {
    expect(firstPeriodStartingOnOrAfter(cycle, '2020-01-01')?.index).toBe(0);
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-01-31')?.index).toBe(0);
  });

  it('is the period starting on the date, else the next one', () => {
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-02-28')).toEqual({ index: 1, start: '2027-02-28', end: '2027-03-30' });
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-03-01')).toEqual({ index: 2, start: '2027-03-31', end: '2027-04-29' });
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-03-31')?.index).toBe(2);
  });

  it('is null when no period starts by the end date', () => {
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-05-31')?.index).toBe(4);
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-06-01')).toBeNull();
    expect(firstPeriodStartingOnOrAfter(cycle, '2027-12-01')).toBeNull();
  });

  it('skips past the stub to the first anchor date', () => {
    const anchored = monthly('2027-01-15', { anchorDay: 1 });
    expect(firstPeriodStartingOnOrAfter(anchored, '2027-01-16')).toEqual({ index: 1, start: '2027-02-01', end: '2027-02-28' });
    expect(firstPeriodStartingOnOrAfter(anchored, '2027-02-01')?.index).toBe(1);
    expect(firstPeriodStartingOnOrAfter(anchored, '2027-02-02')?.index).toBe(2);
  });

  it('works for week and day cycles', () => {
    const weekly = { interval: 'week', intervalCount: 1, startDate: '2027-01-04' } as const;
    expect(firstPeriodStartingOnOrAfter(weekly, '2027-01-05')?.start).toBe('2027-01-11');
    expect(firstPeriodStartingOnOrAfter(weekly, '2027-01-11')?.start).toBe('2027-01-11');
    expect(firstPeriodStartingOnOrAfter({ interval: 'day', intervalCount: 1, startDate: '2027-01-04' }, '2027-03-01')?.start).toBe('2027-03-01');
  });
});

describe('periods, for any cycle (property)', () => {
  const date = fc
    .record({ year: fc.integer({ min: 1999, max: 2101 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => {
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
    });
  const cycle: fc.Arbitrary<BillingCycle> = fc.oneof(
    fc.record({
      interval: fc.constantFrom('day' as const, 'week' as const),
      intervalCount: fc.integer({ min: 1, max: 20 }),
      startDate: date,
      endDate: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    }),
    fc.record({
      interval: fc.constantFrom('month' as const, 'year' as const),
      intervalCount: fc.integer({ min: 1, max: 10 }),
      startDate: date,
      anchorDay: fc.option(fc.integer({ min: 1, max: 31 }), { nil: null }),
      endDate: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: null }),
    }),
  ).map((c) => ({ ...c, endDate: c.endDate === null ? null : addDays(c.startDate, c.endDate) }));

  it('tile the calendar: each period starts the day after the previous ends, none is empty', () => {
    fc.assert(
      fc.property(cycle, fc.integer({ min: 0, max: 400 }), (c, from) => {
        let previous = periodAt(c, from);
        if (from === 0) expect(previous?.start).toBe(c.startDate);
        for (let k = from + 1; k < from + 30 && previous !== null; k += 1) {
          const period = periodAt(c, k);
          expect(previous.start <= previous.end).toBe(true);
          if (period === null) {
            expect(c.endDate).toBe(previous.end); // only the end date stops the periods
            break;
          }
          expect(period.start).toBe(addDays(previous.end, 1));
          previous = period;
        }
      }),
    );
  });

  it('keep the anchor day: month and year periods after any stub start on it, or on the last day of a shorter month', () => {
    fc.assert(
      fc.property(cycle, fc.integer({ min: 1, max: 400 }), (c, k) => {
        if (c.interval !== 'month' && c.interval !== 'year') return;
        const period = periodAt(c, k);
        if (period === null) return;
        const anchor = c.anchorDay ?? Number(c.startDate.slice(8, 10));
        const [year, month, day] = period.start.split('-').map(Number) as [number, number, number];
        expect(day).toBe(Math.min(anchor, new Date(Date.UTC(year, month, 0)).getUTCDate()));
      }),
    );
  });

  it('place every date of the service in the one period that contains it', () => {
    fc.assert(
      fc.property(cycle, fc.integer({ min: -40, max: 8000 }), (c, offset) => {
        const day = addDays(c.startDate, offset);
        const period = periodContaining(c, day);
        if (offset < 0 || (c.endDate && day > c.endDate)) {
          expect(period).toBeNull();
          return;
        }
        expect(period).not.toBeNull();
        expect(period!.start <= day && day <= period!.end).toBe(true);
        expect(periodAt(c, period!.index)).toEqual(period);
        const next = firstPeriodStartingOnOrAfter(c, day);
        if (period!.start === day) expect(next).toEqual(period);
        else expect(next).toEqual(periodAt(c, period!.index + 1));
      }),
    );
  });
});

describe('validateCycle', () => {
  it('accepts sound cycles', () => {
    expect(validateCycle(monthly('2027-01-31'))).toEqual([]);
    expect(validateCycle(monthly('2027-01-15', { anchorDay: 31, intervalCount: 3, endDate: '2027-01-15' }))).toEqual([]);
    expect(validateCycle({ interval: 'week', intervalCount: 52, startDate: '2027-01-04', anchorDay: null, endDate: null })).toEqual([]);
    expect(validateCycle({ interval: 'year', intervalCount: MAX_INTERVAL_COUNT.year, startDate: '2028-02-29' })).toEqual([]);
  });

  it('rejects an anchor day on day and week cycles', () => {
    expect(validateCycle({ interval: 'week', intervalCount: 1, startDate: '2027-01-04', anchorDay: 1 })).toEqual([
      { path: 'anchorDay', message: 'applies to month and year cycles only; day and week cycles start on startDate' },
    ]);
    expect(validateCycle({ interval: 'day', intervalCount: 1, startDate: '2027-01-04', anchorDay: 4 }).map((p) => p.path)).toEqual(['anchorDay']);
  });

  it('rejects an anchor day outside 1–31 or not whole', () => {
    for (const anchorDay of [0, 32, -1, 1.5]) {
      expect(validateCycle(monthly('2027-01-04', { anchorDay })), String(anchorDay)).toEqual([
        { path: 'anchorDay', message: 'must be a whole number from 1 to 31 (31: the last day of shorter months)' },
      ]);
    }
  });

  it('rejects interval counts below 1 and above the cap of the interval', () => {
    expect(validateCycle(monthly('2027-01-01', { intervalCount: 0 }))).toEqual([{ path: 'intervalCount', message: 'must be a whole number from 1 to 120 for month cycles' }]);
    expect(validateCycle(monthly('2027-01-01', { intervalCount: 2.5 })).map((p) => p.path)).toEqual(['intervalCount']);
    expect(validateCycle({ interval: 'day', intervalCount: 366, startDate: '2027-01-01' })).toEqual([{ path: 'intervalCount', message: 'must be a whole number from 1 to 365 for day cycles' }]);
    expect(validateCycle({ interval: 'day', intervalCount: 365, startDate: '2027-01-01' })).toEqual([]);
    expect(validateCycle({ interval: 'week', intervalCount: 53, startDate: '2027-01-01' }).map((p) => p.path)).toEqual(['intervalCount']);
    expect(validateCycle({ interval: 'year', intervalCount: 11, startDate: '2027-01-01' }).map((p) => p.path)).toEqual(['intervalCount']);
  });

  it('rejects an unknown interval', () => {
    expect(validateCycle({ interval: 'fortnight' as never, intervalCount: 1, startDate: '2027-01-01' })).toEqual([{ path: 'interval', message: 'must be one of day, week, month, year' }]);
  });

  it('rejects dates that are malformed or not on the calendar', () => {
    for (const startDate of ['2027-02-29', '2027-13-01', '27-01-01', '2027-1-1', '2027-01-01T00:00', '']) {
      expect(validateCycle(monthly(startDate)), startDate).toEqual([{ path: 'startDate', message: 'must be a calendar date written YYYY-MM-DD' }]);
    }
    expect(validateCycle(monthly('2027-01-01', { endDate: '2027-04-31' }))).toEqual([{ path: 'endDate', message: 'must be a calendar date written YYYY-MM-DD' }]);
  });

  it('rejects an end date before the start date', () => {
    expect(validateCycle(monthly('2027-01-15', { endDate: '2027-01-14' }))).toEqual([{ path: 'endDate', message: 'must not be before startDate' }]);
  });

  it('reports every problem at once', () => {
    expect(validateCycle({ interval: 'week', intervalCount: 0, startDate: '2027-01-15', anchorDay: 40, endDate: '2026-01-01' }).map((p) => p.path)).toEqual([
      'intervalCount',
      'anchorDay',
      'endDate',
    ]);
  });
});

describe('renderPeriodPlaceholders', () => {
  const period: BillingPeriod = { index: 0, start: '2027-01-01', end: '2027-01-31' };
  const text = 'Hosting {month} {year} ({period_start} – {period_end})';

  it('writes English', () => {
    expect(renderPeriodPlaceholders(text, period, 'en')).toBe('Hosting January 2027 (Jan 1, 2027 – Jan 31, 2027)');
  });

  it('writes German', () => {
    expect(renderPeriodPlaceholders(text, period, 'de')).toBe('Hosting Januar 2027 (01.01.2027 – 31.01.2027)');
    expect(renderPeriodPlaceholders('{month}', { index: 2, start: '2027-03-01', end: '2027-03-31' }, 'de-AT')).toBe('März');
  });

  it('writes French', () => {
    expect(renderPeriodPlaceholders(text, period, 'fr')).toBe('Hosting janvier 2027 (1 janv. 2027 – 31 janv. 2027)');
    expect(renderPeriodPlaceholders('{month}', { index: 7, start: '2027-08-01', end: '2027-08-31' }, 'fr')).toBe('août');
  });

  it('writes Spanish', () => {
    expect(renderPeriodPlaceholders(text, period, 'es')).toBe('Hosting enero 2027 (1 ene 2027 – 31 ene 2027)');
  });

  it('takes month and year from the period start, across a year end', () => {
    const quarter: BillingPeriod = { index: 1, start: '2027-12-15', end: '2028-03-14' };
    expect(renderPeriodPlaceholders('{month} {year}: {period_start} to {period_end}', quarter, 'en')).toBe('December 2027: Dec 15, 2027 to Mar 14, 2028');
  });

  it('never shifts a date by a time zone', () => {
    // Midnight UTC would be the day before west of Greenwich; the formatter is pinned to UTC.
    expect(renderPeriodPlaceholders('{period_start}', { index: 0, start: '2027-03-01', end: '2027-03-31' }, 'en-US')).toBe('Mar 1, 2027');
  });

  it('leaves unknown placeholders and other braces alone, and does not expand twice', () => {
    expect(renderPeriodPlaceholders('{customer} {Month} {month_name} {year} {', period, 'en')).toBe('{customer} {Month} {month_name} 2027 {');
    expect(renderPeriodPlaceholders('no placeholders', period, 'en')).toBe('no placeholders');
  });

  it('falls back to English for a locale Intl does not know', () => {
    expect(renderPeriodPlaceholders('{month}', period, 'not a locale')).toBe('January');
  });

  it('writes the year without an era where the calendar has one', () => {
    expect(renderPeriodPlaceholders('{year}', period, 'th-TH')).toBe('2570'); // Buddhist calendar
  });
});
