/** cumulativeShare: crediting a line in several steps adds up exactly to the line's amount. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulativeShare } from '../../../../src/domain/money/index.ts';

describe('cumulativeShare', () => {
  it('takes 324.00 of a 2-unit line as 162.00 + 162.00, and thirds of 1.00 as 0.33 + 0.34 + 0.33', () => {
    expect(cumulativeShare(32400n, 0n, 1n, 2n)).toBe(16200n);
    expect(cumulativeShare(32400n, 1n, 1n, 2n)).toBe(16200n);
    expect([0n, 1n, 2n].map((done) => cumulativeShare(100n, done, 1n, 3n))).toEqual([33n, 34n, 33n]);
    // Rounding each quarter of 0.02 on its own would credit 0.04.
    expect([0n, 1n, 2n, 3n].map((done) => cumulativeShare(2n, done, 1n, 4n)).reduce((a, b) => a + b)).toBe(2n);
  });

  it('never goes negative and adds up to the total over any split of the whole', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 1n, max: 10n ** 7n }), { minLength: 1, maxLength: 12 }), (total, steps) => {
        const whole = steps.reduce((a, b) => a + b, 0n);
        let done = 0n;
        let sum = 0n;
        for (const step of steps) {
          const part = cumulativeShare(total, done, step, whole);
          expect(part >= 0n).toBe(true);
          sum += part;
          done += step;
        }
        expect(sum).toBe(total);
      }),
    );
  });
});
