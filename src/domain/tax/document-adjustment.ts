/**
 * Document allowances and charges given as a percentage of a base (EN 16931 BT-94/BT-93 for
 * allowances, BT-101/BT-100 for charges): "5%" off everything taxed at one rate.
 *
 * The base is the sum of the lines taxed under the adjustment's tax key (the same tax rate),
 * in the basis prices were entered in: their net amounts, or their gross amounts when prices
 * include tax (then the amount is gross as well, like an entered amount, and the tax is
 * extracted per category as for any other part). The amount is base × percentage ÷ 100,
 * rounded half away from zero to the minor unit — exactly as line percentages are — so
 * base × percentage = amount holds for anyone re-checking the e-invoice.
 */
import { DECIMAL_SCALE, formatScaledTrimmed, parseDecimalField } from '../money/decimal.ts';
import { DomainError } from '../money/errors.ts';
import { roundHalfAwayFromZero } from '../money/rounding.ts';
import { HUNDRED_PERCENT } from './line.ts';

const PERCENT_PATTERN = /^(.*?)\s*%$/;

/** The percentage of "5%" / "12.5 %" (scaled by 10^6), or null for an amount ("25.00"). */
export function parsePercentage(text: string | number, label: string, path: string): bigint | null {
  if (typeof text === 'number') return null;
  const match = PERCENT_PATTERN.exec(text.trim());
  if (!match) return null;
  const scaled = parseDecimalField(match[1] ?? '', `${label} percentage`, path);
  if (scaled <= 0n || scaled > HUNDRED_PERCENT) {
    throw new DomainError('invalid_amount', `${label} percentage must be greater than 0 and at most 100`, path);
  }
  return scaled;
}

/** base × percentage ÷ 100, rounded half away from zero (base in minor units, percentage scaled by 10^6). */
export function percentageOf(base: bigint, percentage: bigint): bigint {
  return roundHalfAwayFromZero(base * percentage, HUNDRED_PERCENT);
}

/** "5", "12.5": a scaled percentage as the normalised text responses carry. */
export function formatPercentage(percentage: bigint): string {
  return formatScaledTrimmed(percentage, DECIMAL_SCALE);
}
