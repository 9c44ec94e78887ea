import { describe, expect, it } from 'vitest';
import { PERIOD_UNITS, periodStart } from '../../../src/domain/periods.ts';

describe('periodStart', () => {
  it('keeps the day itself for day grouping', () => {
    expect(periodStart('2026-03-17', 'day')).toBe('2026-03-17');
  });

  it('starts ISO weeks on Monday, across a year boundary', () => {
    // 2026-01-01 is a Thursday: its ISO week (2026-W01) starts on Monday 2025-12-29.
    expect(periodStart('2026-01-01', 'week')).toBe('2025-12-29');
    expect(periodStart('2026-01-04', 'week')).toBe('2025-12-29'); // Sunday ends the week
    expect(periodStart('2025-12-29', 'week')).toBe('2025-12-29'); // Monday starts it
    expect(periodStart('2026-01-05', 'week')).toBe('2026-01-05');
    // 2021-01-03 (Sunday) belongs to 2020-W53, which started on 2020-12-28.
    expect(periodStart('2021-01-03', 'week')).toBe('2020-12-28');
  });

  it('starts weeks on Monday across month ends and leap days', () => {
    expect(periodStart('2024-03-01', 'week')).toBe('2024-02-26');
    expect(periodStart('2024-02-29', 'week')).toBe('2024-02-26');
  });

  it('starts quarters in January, April, July and October', () => {
    const cases: [string, string][] = [
      ['2026-01-01', '2026-01-01'],
      ['2026-03-31', '2026-01-01'],
      ['2026-04-01', '2026-04-01'],
      ['2026-06-30', '2026-04-01'],
      ['2026-07-15', '2026-07-01'],
      ['2026-09-30', '2026-07-01'],
      ['2026-10-01', '2026-10-01'],
      ['2026-12-31', '2026-10-01'],
    ];
    for (const [date, start] of cases) expect(periodStart(date, 'quarter'), date).toBe(start);
  });

  it('handles the leap day in every unit', () => {
    expect(periodStart('2024-02-29', 'day')).toBe('2024-02-29');
    expect(periodStart('2024-02-29', 'month')).toBe('2024-02-01');
    expect(periodStart('2024-02-29', 'quarter')).toBe('2024-01-01');
    expect(periodStart('2024-02-29', 'year')).toBe('2024-01-01');
  });

  it('starts months and years on their first day', () => {
    expect(periodStart('2026-12-31', 'month')).toBe('2026-12-01');
    expect(periodStart('2026-12-31', 'year')).toBe('2026-01-01');
    expect(periodStart('2026-01-01', 'year')).toBe('2026-01-01');
  });

  it('is idempotent: the start of a period starts its own period', () => {
    for (const unit of PERIOD_UNITS) {
      for (const date of ['2024-02-29', '2025-12-31', '2026-01-01', '2026-07-04']) {
        const start = periodStart(date, unit);
        expect(periodStart(start, unit), `${unit} ${date}`).toBe(start);
        expect(start <= date).toBe(true);
      }
    }
  });

  it('refuses dates that do not exist or are malformed', () => {
    expect(() => periodStart('2026-02-29', 'month')).toThrow(RangeError);
    expect(() => periodStart('2026-2-1', 'day')).toThrow(RangeError);
  });
});
