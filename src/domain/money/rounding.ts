/**
 * The one rounding rule of Settle: half away from zero (commercial rounding, as EN 16931 and
 * most tax administrations expect). Every rounding of money anywhere goes through
 * roundHalfAwayFromZero, so changing the rule (or auditing it) means reading one function.
 */

import { DomainError } from './errors.ts';

/**
 * Rounds the exact fraction numerator/denominator to the nearest integer, ties away from
 * zero: 5/2 → 3, -5/2 → -3, 7/3 → 2. Symmetric by construction: it rounds the magnitude and
 * puts the sign back, so round(-x) = -round(x), which keeps credit notes the mirror of invoices.
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new DomainError('invalid_amount', 'Cannot divide an amount by zero');
  // Normalise to a positive denominator so only the numerator carries the sign.
  const num = denominator < 0n ? -numerator : numerator;
  const den = denominator < 0n ? -denominator : denominator;
  const magnitude = num < 0n ? -num : num;
  // floor(|x| + 1/2) = floor((2|n| + d) / 2d); bigint division truncates, which is floor here.
  const rounded = (2n * magnitude + den) / (2n * den);
  return num < 0n ? -rounded : rounded;
}

/**
 * Floor division (toward −∞) for a positive divisor. Not a rounding of money: allocate()
 * uses it to split exact shares into whole parts plus non-negative remainders.
 */
export function floorDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new DomainError('invalid_amount', 'floorDiv needs a positive divisor');
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n ? quotient - 1n : quotient;
}

/** 10^exponent as a bigint (exponents here are small: 0..6 plus a few). */
export function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}
