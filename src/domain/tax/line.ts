/**
 * One invoice line's amount per EN 16931 (BT-131): quantity × price ÷ base quantity
 * − allowances + charges, computed exactly and rounded once to the minor unit.
 */

import { parseAmount } from '../money/amount.ts';
import { DECIMAL_SCALE, formatScaledTrimmed, parseDecimalField } from '../money/decimal.ts';
import { DomainError } from '../money/errors.ts';
import { pow10, roundHalfAwayFromZero } from '../money/rounding.ts';
import { checkTaxCategory, type TaxCategory } from './categories.ts';
import type { LineAdjustment, LineInput, TaxInput } from './types.ts';

/** 100% at DECIMAL_SCALE. */
export const HUNDRED_PERCENT = 100n * pow10(DECIMAL_SCALE);

export interface ParsedTax {
  key: string;
  category: TaxCategory;
  /** Percentage × 10^6. */
  percentage: bigint;
  /** Identity of the VAT breakdown row: EN 16931 has one row per category and rate. */
  group: string;
}

export function parseTax(tax: TaxInput, path: string): ParsedTax {
  if (typeof tax.key !== 'string' || tax.key === '') {
    throw new DomainError('invalid_tax', 'Every tax needs a key identifying its rate', `${path}.key`);
  }
  const percentage = parseDecimalField(tax.percentage, 'Tax percentage', `${path}.percentage`);
  const category = checkTaxCategory(tax.category, percentage, path);
  return { key: tax.key, category, percentage, group: `${category}|${formatScaledTrimmed(percentage, DECIMAL_SCALE)}` };
}

type Adjustment = { kind: 'amount'; minor: bigint } | { kind: 'percent'; scaled: bigint };

const PERCENT_PATTERN = /^(.*?)\s*%$/;

/** Reads "5.00" (an amount, never negative) or "10%" (0..100). */
function parseAdjustment(text: LineAdjustment, currency: string, label: string, path: string): Adjustment {
  const percent = PERCENT_PATTERN.exec(text.trim());
  if (percent) {
    const scaled = parseDecimalField(percent[1] ?? '', `${label} percentage`, path);
    if (scaled < 0n || scaled > HUNDRED_PERCENT) {
      throw new DomainError('invalid_discount', `${label} percentage must be between 0 and 100`, path);
    }
    return { kind: 'percent', scaled };
  }
  const minor = parseAmount(text, currency, label, path);
  if (minor < 0n) throw new DomainError('invalid_discount', `${label} must not be negative`, path);
  return { kind: 'amount', minor };
}

export interface LineAmounts {
  base_amount: bigint;
  allowance_amount: bigint;
  charge_amount: bigint;
  line_total: bigint;
  tax: ParsedTax;
}

/**
 * Computes one line in the basis its prices were entered in (net, or gross when prices
 * include tax; the caller extracts tax per category later, never per line).
 *
 * Sign convention: a line with a negative quantity (a return) mirrors the same line with a
 * positive quantity, discounts included — a "5.00" discount on a −100.00 line gives −95.00.
 * So the credit for returning a discounted item is exactly what was charged for it.
 */
export function computeLine(line: LineInput, index: number, currency: string, exponent: number): LineAmounts {
  const path = `lines.${index}`;
  const name = `Line ${index + 1}`;
  const quantity = parseDecimalField(line.quantity, `${name}: quantity`, `${path}.quantity`);
  const unitPrice = parseDecimalField(line.unit_price, `${name}: unit price`, `${path}.unit_price`);
  const baseQuantity = parseDecimalField(line.base_quantity ?? '1', `${name}: base quantity`, `${path}.base_quantity`);
  if (unitPrice < 0n) {
    throw new DomainError('invalid_line', `${name}: unit price must not be negative; use a negative quantity for a return`, `${path}.unit_price`);
  }
  if (baseQuantity <= 0n) {
    throw new DomainError('invalid_line', `${name}: base quantity must be greater than 0`, `${path}.base_quantity`);
  }
  const tax = parseTax(line.tax, `${path}.tax`);

  // Exact amount in minor units = (q/10^6)(p/10^6)/(b/10^6) × 10^exponent = numerator/denominator.
  const numerator = quantity * unitPrice * pow10(exponent);
  const denominator = baseQuantity * pow10(DECIMAL_SCALE);
  const baseAmount = roundHalfAwayFromZero(numerator, denominator);
  const sign = numerator < 0n ? -1n : 1n;

  // Percentages apply to the rounded base amount: that is the base amount (BT-137) an
  // e-invoice states, so base × percentage = allowance holds for anyone re-checking it.
  const resolve = (text: LineAdjustment, label: string, adjustmentPath: string): bigint => {
    const adjustment = parseAdjustment(text, currency, `${name}: ${label}`, adjustmentPath);
    return adjustment.kind === 'amount'
      ? sign * adjustment.minor
      : roundHalfAwayFromZero(baseAmount * adjustment.scaled, HUNDRED_PERCENT);
  };
  let allowanceAmount = 0n;
  if (line.discount !== undefined && line.discount.trim() !== '') {
    allowanceAmount += resolve(line.discount, 'discount', `${path}.discount`);
  }
  (line.allowances ?? []).forEach((text, i) => {
    allowanceAmount += resolve(text, 'allowance', `${path}.allowances.${i}`);
  });
  let chargeAmount = 0n;
  (line.charges ?? []).forEach((text, i) => {
    chargeAmount += resolve(text, 'charge', `${path}.charges.${i}`);
  });

  // A discount may at most cancel the line; beyond that it would turn a sale into a credit.
  const gross = baseAmount + chargeAmount;
  if ((allowanceAmount < 0n ? -allowanceAmount : allowanceAmount) > (gross < 0n ? -gross : gross)) {
    throw new DomainError('invalid_discount', `${name}: the discount is larger than the line amount`, `${path}.discount`);
  }

  // EN 16931: net = q × p ÷ b − allowances + charges, rounded once (the adjustments are whole minor units).
  const lineTotal = roundHalfAwayFromZero(numerator - (allowanceAmount - chargeAmount) * denominator, denominator);
  return { base_amount: baseAmount, allowance_amount: allowanceAmount, charge_amount: chargeAmount, line_total: lineTotal, tax };
}
