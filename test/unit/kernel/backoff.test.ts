import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, retryDelayMs } from '../../../src/kernel/jobs/backoff.ts';

describe('job retry backoff', () => {
  it('doubles from 30 seconds and stops at one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(retryDelayMs(9)).toBe(BACKOFF_CAP_MS);
    expect(retryDelayMs(1_000_000)).toBe(BACKOFF_CAP_MS);
  });

  it('never shrinks, never exceeds the cap, never goes below the base', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const delay = retryDelayMs(n);
        expect(delay).toBeGreaterThanOrEqual(BACKOFF_BASE_MS);
        expect(delay).toBeLessThanOrEqual(BACKOFF_CAP_MS);
        expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });

  it('refuses a count of attempts that cannot be', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => retryDelayMs(bad)).toThrow(RangeError);
  });
});
