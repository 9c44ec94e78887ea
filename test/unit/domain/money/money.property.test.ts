/** Property tests for the money primitives: rounding, parse/format round trips, allocation. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  formatAmount,
  formatScaled,
  formatScaledTrimmed,
  parseAmount,
  parseScaled,
  roundHalfAwayFromZero,
} from '../../../../src/domain/money/index.ts';

const abs = (x: bigint) => (x < 0n ? -x : x);
const big = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
const nonZero = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n);
const currency = fc.constantFrom('EUR', 'JPY', 'BHD', 'CLF', 'USD', 'KWD');

describe('roundHalfAwayFromZero', () => {
  it('is symmetric: round(−x) = −round(x)', () => {
    fc.assert(fc.property(big, nonZero, (n, d) => roundHalfAwayFromZero(-n, d) === -roundHalfAwayFromZero(n, d)));
  });

  it('is the nearest integer, ties away from zero', () => {
    fc.assert(
      fc.property(big, nonZero, (n, d) => {
        const r = roundHalfAwayFromZero(n, d);
        // |n/d − r| ≤ 1/2  ⇔  |2(n − r·d)| ≤ |d|
        const error2 = abs(2n * (n - r * d));
        expect(error2 <= abs(d)).toBe(true);
        // On an exact tie the result is the one further from zero: |r·d| > |n|.
        if (error2 === abs(d)) expect(abs(r * d) > abs(n)).toBe(true);
      }),
    );
  });

  it('is exact on whole results', () => {
    fc.assert(fc.property(big, nonZero, (q, d) => roundHalfAwayFromZero(q * d, d) === q));
  });
});

describe('parse ∘ format', () => {
  it('is the identity for amounts in every currency', () => {
    fc.assert(fc.property(big, currency, (minor, code) => parseAmount(formatAmount(minor, code), code) === minor));
  });

  it('is the identity for scaled decimals, padded or trimmed', () => {
    fc.assert(
      fc.property(big, fc.integer({ min: 0, max: 9 }), (value, scale) => {
        expect(parseScaled(formatScaled(value, scale), scale)).toBe(value);
        expect(parseScaled(formatScaledTrimmed(value, scale), scale)).toBe(value);
      }),
    );
  });

  it('format ∘ parse gives the canonical text of an amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 2 }), (minor, extraZeros) => {
        // "12.5" with trailing zeros added or not always formats back as "12.50" in EUR.
        const text = formatScaled(minor, 2) + '0'.repeat(extraZeros);
        expect(formatAmount(parseAmount(text, 'EUR'), 'EUR')).toBe(formatScaled(minor, 2));
      }),
    );
  });
});

describe('allocate', () => {
  const weights = fc.array(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), { minLength: 1, maxLength: 12 });
  const positiveWeights = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 });

  it('loses no minor unit and keeps each part within 1 of its exact share', () => {
    fc.assert(
      fc.property(big, weights, (total, ws) => {
        const sum = ws.reduce((a, b) => a + b, 0n);
        fc.pre(sum !== 0n);
        const parts = allocate(total, ws);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        parts.forEach((part, i) => {
          // |part − total·w/Σw| < 1  ⇔  |part·Σw − total·w| < |Σw|
          expect(abs(part * sum - total * (ws[i] ?? 0n)) < abs(sum)).toBe(true);
        });
      }),
    );
  });

  it('never gives a negative part when total and weights are positive', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), positiveWeights, (total, ws) => {
        fc.pre(ws.some((w) => w > 0n));
        expect(allocate(total, ws).every((part) => part >= 0n)).toBe(true);
      }),
    );
  });

  it('splits a negative total as the mirror of the positive one', () => {
    fc.assert(
      fc.property(big, weights, (total, ws) => {
        fc.pre(ws.reduce((a, b) => a + b, 0n) !== 0n);
        expect(allocate(-total, ws)).toEqual(allocate(total, ws).map((p) => -p));
      }),
    );
  });
});
