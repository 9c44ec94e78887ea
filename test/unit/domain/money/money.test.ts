/** Hand-computed cases for rounding, decimals, currencies, amounts and allocation. */

import { describe, expect, it } from 'vitest';
import {
  DecimalError,
  DomainError,
  allocate,
  currencyCodeList,
  currencyExponent,
  formatAmount,
  formatScaled,
  formatScaledTrimmed,
  isCurrencyCode,
  parseAmount,
  parseDecimalField,
  parseScaled,
  roundHalfAwayFromZero,
} from '../../../../src/domain/money/index.ts';

/** Runs fn and returns the DomainError it throws (failing the test if it does not). */
function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('roundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [3n, 2n, 2n],
    [-3n, 2n, -2n],
    [1n, 2n, 1n],
    [-1n, 2n, -1n],
    [7n, 3n, 2n],
    [-7n, 3n, -2n],
    [8n, 3n, 3n],
    [1n, 3n, 0n],
    [-1n, 3n, 0n],
    [0n, 7n, 0n],
    [5n, -2n, -3n],
    [-5n, -2n, 3n],
    [12345n, 10n, 1235n],
    [12344n, 10n, 1234n],
  ])('%d / %d → %d', (numerator, denominator, expected) => {
    expect(roundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it('refuses to divide by zero', () => {
    expect(domainError(() => roundHalfAwayFromZero(1n, 0n)).code).toBe('invalid_amount');
  });
});

describe('decimals', () => {
  it('keeps the existing parse/format behaviour', () => {
    expect(parseScaled('12.5', 6)).toBe(12_500_000n);
    expect(parseScaled('-0.000001', 6)).toBe(-1n);
    expect(parseScaled(0.1, 2)).toBe(10n);
    expect(formatScaled(-5n, 2)).toBe('-0.05');
    expect(formatScaledTrimmed(19_500_000n, 6)).toBe('19.5');
    expect(formatScaledTrimmed(2_000_000n, 6)).toBe('2');
    expect(() => parseScaled('1.1234567', 6)).toThrow(DecimalError);
    expect(() => parseScaled('1e5', 6)).toThrow('must be a decimal number');
  });

  it('DecimalError is a DomainError, so callers catch one type', () => {
    const error = domainError(() => parseScaled('abc', 2));
    expect(error).toBeInstanceOf(DecimalError);
    expect(error.code).toBe('invalid_decimal');
  });

  it('parseDecimalField names the field and its path', () => {
    const error = domainError(() => parseDecimalField('1.1234567', 'Quantity', 'lines.0.quantity'));
    expect(error.message).toBe('Quantity must have at most 6 decimal places');
    expect(error.path).toBe('lines.0.quantity');
  });
});

describe('currencies', () => {
  it('reads ISO 4217 exponents from the currency-codes package', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('accepts only upper-case codes of real currencies', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('CHF')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
    expect(isCurrencyCode('ABC')).toBe(false);
    // ISO gives these no minor unit ("N.A."); the package would report 0 digits.
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(isCurrencyCode('XAU')).toBe(false);
    expect(isCurrencyCode('XTS')).toBe(false);
    expect(currencyCodeList()).toContain('EUR');
    expect(currencyCodeList()).not.toContain('XXX');
  });

  it('rejects an unknown currency with a DomainError', () => {
    const error = domainError(() => currencyExponent('EUX'));
    expect(error.code).toBe('unknown_currency');
    expect(error.message).toBe('"EUX" is not a known ISO 4217 currency code');
  });
});

describe('parseAmount / formatAmount', () => {
  it('parses into minor units', () => {
    expect(parseAmount('19.90', 'EUR')).toBe(1990n);
    expect(parseAmount('19.9', 'EUR')).toBe(1990n);
    expect(parseAmount(19.9, 'EUR')).toBe(1990n);
    expect(parseAmount('-0.05', 'EUR')).toBe(-5n);
    expect(parseAmount('1500', 'JPY')).toBe(1500n);
    expect(parseAmount('1.25', 'BHD')).toBe(1250n);
    expect(parseAmount('1.2500', 'BHD')).toBe(1250n);
  });

  it('rejects more decimals than the currency has, saying so', () => {
    expect(domainError(() => parseAmount('19.999', 'EUR')).message).toBe('Amount "19.999" has more decimal places than EUR allows (2)');
    expect(domainError(() => parseAmount('1500.5', 'JPY')).message).toBe('Amount "1500.5" must be a whole number: JPY has no minor unit');
    expect(domainError(() => parseAmount('1.2345', 'BHD', 'Price', 'price')).message).toBe(
      'Price "1.2345" has more decimal places than BHD allows (3)',
    );
    const error = domainError(() => parseAmount('12,50', 'EUR', 'Amount', 'amount'));
    expect(error.code).toBe('invalid_amount');
    expect(error.path).toBe('amount');
    expect(domainError(() => parseAmount(1e21, 'EUR')).code).toBe('invalid_amount');
    expect(domainError(() => parseAmount('1', 'ZZZ')).code).toBe('unknown_currency');
  });

  it('formats with exactly the currency digits', () => {
    expect(formatAmount(1990n, 'EUR')).toBe('19.90');
    expect(formatAmount(1500n, 'JPY')).toBe('1500');
    expect(formatAmount(1250n, 'BHD')).toBe('1.250');
    expect(formatAmount(-5n, 'EUR')).toBe('-0.05');
    expect(formatAmount(0n, 'EUR')).toBe('0.00');
    expect(formatAmount(12_345n, 'CLF')).toBe('1.2345');
  });
});

describe('allocate', () => {
  it('gives leftover units to the largest remainders, earliest first on ties', () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(1000n, [1n, 2n, 3n])).toEqual([167n, 333n, 500n]);
    expect(allocate(5n, [3n, 7n])).toEqual([2n, 3n]); // 1.5 and 3.5: a tie, the earliest part gets the unit
    expect(allocate(10n, [1n, 0n, 1n])).toEqual([5n, 0n, 5n]);
  });

  it('mirrors a negative total', () => {
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });

  it('handles negative weights (an allowance among lines)', () => {
    // Shares of 10 over [30, -10]: 15 and -5.
    expect(allocate(10n, [30n, -10n])).toEqual([15n, -5n]);
  });

  it('splits zero over zero-sum weights and refuses anything else', () => {
    expect(allocate(0n, [5n, -5n])).toEqual([0n, 0n]);
    expect(allocate(0n, [])).toEqual([]);
    expect(domainError(() => allocate(1n, [5n, -5n])).code).toBe('invalid_allocation');
    expect(domainError(() => allocate(1n, [])).code).toBe('invalid_allocation');
  });
});
