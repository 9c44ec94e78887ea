/**
 * Splitting an amount into parts proportional to weights without creating or losing a minor
 * unit (instalments, spreading a document discount over lines, splitting extracted tax over
 * the items of a tax category).
 */

import { DomainError } from './errors.ts';
import { floorDiv, roundHalfAwayFromZero } from './rounding.ts';

/**
 * Splits `total` (minor units) proportionally to `weights`. The parts always sum to `total`
 * exactly and each part differs from its exact share total × w / Σw by less than one minor
 * unit. Method: largest remainder — take the floor of every exact share, then hand the
 * leftover units (fewer than the number of parts) one each to the parts with the largest
 * remainders, earliest part first on ties, so the result is deterministic.
 *
 * Weights may be negative (e.g. an allowance among lines) as long as they do not sum to zero;
 * if they do, only a zero total can be split (into zeros). Rounding to nearest each share
 * independently would not work: three thirds of 100 are 33 + 33 + 33 = 99.
 *
 * A negative total is split as the mirror of the positive one, allocate(−t, w) = −allocate(t, w),
 * so a credit note splits exactly like the invoice it reverses.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (total < 0n) return allocate(-total, weights).map((part) => -part);
  const weightSum = weights.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new DomainError('invalid_allocation', 'Cannot split an amount over weights that add up to zero');
  }
  // Share i = total × w_i / Σw; keep the denominator positive so remainders are in [0, |Σw|).
  const denominator = weightSum < 0n ? -weightSum : weightSum;
  const sign = weightSum < 0n ? -1n : 1n;
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  for (const weight of weights) {
    const numerator = total * weight * sign;
    const part = floorDiv(numerator, denominator);
    parts.push(part);
    remainders.push(numerator - part * denominator);
  }
  // Σ floors = total − Σ remainders / |Σw|, and that last sum is a whole number below n.
  let leftover = total - parts.reduce((sum, p) => sum + p, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => {
    const ra = remainders[a] ?? 0n;
    const rb = remainders[b] ?? 0n;
    return ra === rb ? a - b : rb > ra ? 1 : -1;
  });
  for (const i of order) {
    if (leftover === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return parts;
}

/**
 * The part of `total` that `step` more units out of `whole` stand for, after `done` units were
 * already taken: round(total × (done + step) / whole) − round(total × done / whole), rounded by
 * roundHalfAwayFromZero. Taking a whole in several steps this way adds up to `total` exactly,
 * whatever the steps (the sum telescopes; the last step takes the remainder), and no step is
 * ever negative for a non-negative total (rounding is monotone). Rounding each step on its own
 * would not work: four quarters of 0.02 are 0.01 each, 0.04 in all.
 * Quantities are scaled integers (any common scale); `whole` must be positive.
 */
export function cumulativeShare(total: bigint, done: bigint, step: bigint, whole: bigint): bigint {
  if (whole <= 0n) throw new DomainError('invalid_allocation', 'Cannot take a share of a whole of zero or less');
  return roundHalfAwayFromZero(total * (done + step), whole) - roundHalfAwayFromZero(total * done, whole);
}
