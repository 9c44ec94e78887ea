import { describe, expect, it } from 'vitest';
import { MAX_CHARGE_ATTEMPTS, nextChargeAttemptAt } from '../../../src/domain/auto-charge.ts';

describe('automatic charge retries', () => {
  const first = '2027-02-01T23:00:00.000Z';

  it('come 1, 3 and 5 days after the first attempt, then never', () => {
    expect(nextChargeAttemptAt(first, 1)).toBe('2027-02-02T23:00:00.000Z');
    expect(nextChargeAttemptAt(first, 2)).toBe('2027-02-04T23:00:00.000Z');
    expect(nextChargeAttemptAt(first, 3)).toBe('2027-02-06T23:00:00.000Z');
    expect(nextChargeAttemptAt(first, 4)).toBeNull();
    expect(nextChargeAttemptAt(first, 9)).toBeNull();
    expect(MAX_CHARGE_ATTEMPTS).toBe(4);
  });

  it('count from the first attempt, not from the last one', () => {
    expect(Date.parse(nextChargeAttemptAt(first, 3)!) - Date.parse(first)).toBe(5 * 24 * 3600 * 1000);
  });

  it('refuse nonsense', () => {
    expect(() => nextChargeAttemptAt(first, 0)).toThrow(RangeError);
    expect(() => nextChargeAttemptAt(first, 1.5)).toThrow(RangeError);
    expect(() => nextChargeAttemptAt('yesterday', 1)).toThrow(RangeError);
  });
});
