/**
 * Invoice totals by EN 16931: line nets, document allowances and charges each carrying a tax
 * rate, tax computed ONCE per category and rate on that group's taxable sum, then rounded.
 * Rounding per line instead would make the VAT breakdown disagree with taxable × rate and
 * fail e-invoice validation (BR-CO-17) by a cent on larger invoices.
 */

import { allocate } from '../money/allocate.ts';
import { parseAmount } from '../money/amount.ts';
import { currencyExponent } from '../money/currency.ts';
import { DECIMAL_SCALE, formatScaledTrimmed } from '../money/decimal.ts';
import { DomainError } from '../money/errors.ts';
import { roundHalfAwayFromZero } from '../money/rounding.ts';
import { TAX_CATEGORIES, type TaxCategory } from './categories.ts';
import { HUNDRED_PERCENT, computeLine, parseTax, type ParsedTax } from './line.ts';
import { formatPercentage, parsePercentage, percentageOf } from './document-adjustment.ts';
import type { AdjustmentTotals, DocumentAdjustmentInput, InvoiceTotals, InvoiceTotalsInput, LineTotals, TaxBreakdown } from './types.ts';

/** Something that contributes to a tax group, with its amount signed as it affects the total. */
interface Contribution {
  tax: ParsedTax;
  /** As entered (gross when prices include tax); allowances negative. */
  signed: bigint;
  /** Filled in once the group's tax is known. */
  net: bigint;
}

interface Group {
  category: TaxCategory;
  percentage: bigint;
  keys: string[];
  items: Contribution[];
}

interface ParsedDocumentAdjustment {
  amount: bigint;
  tax: ParsedTax;
  /** Set when entered as a percentage ("5%"): the percentage (scaled by 10^6) and its base. */
  percentage: bigint | null;
  base: bigint | null;
}

/**
 * Reads each allowance or charge: an amount ("25.00"), or a percentage ("5%") of the lines
 * taxed under the same tax key (document-adjustment.ts), which `lineTotalsByKey` holds.
 */
function parseDocumentAdjustments(
  list: readonly DocumentAdjustmentInput[] | undefined,
  kind: 'allowances' | 'charges',
  currency: string,
  lineTotalsByKey: ReadonlyMap<string, bigint>,
): ParsedDocumentAdjustment[] {
  const label = kind === 'allowances' ? 'Allowance' : 'Charge';
  return (list ?? []).map((adjustment, i) => {
    const path = `${kind}.${i}`;
    const tax = parseTax(adjustment.tax, `${path}.tax`);
    const percentage = parsePercentage(adjustment.amount, `${label} ${i + 1}: amount`, `${path}.amount`);
    if (percentage !== null) {
      const base = lineTotalsByKey.get(tax.key);
      if (base === undefined) {
        throw new DomainError('invalid_amount', `${label} ${i + 1}: a percentage needs a base, and no line has this ${kind === 'allowances' ? 'allowance' : 'charge'}'s tax rate`, `${path}.amount`);
      }
      if (base < 0n) {
        throw new DomainError('invalid_amount', `${label} ${i + 1}: the lines at this tax rate add up to less than zero, so a percentage of them cannot be taken`, `${path}.amount`);
      }
      return { amount: percentageOf(base, percentage), tax, percentage, base };
    }
    const amount = parseAmount(adjustment.amount, currency, `${label} ${i + 1}: amount`, `${path}.amount`);
    if (amount < 0n) {
      throw new DomainError('invalid_amount', `${label} ${i + 1}: amount must not be negative`, `${path}.amount`);
    }
    return { amount, tax, percentage: null, base: null };
  });
}

/**
 * Computes all totals of an invoice (or credit note) in minor units. Throws a DomainError
 * naming the field for invalid input (unknown currency or category, percentage outside 0..100,
 * too many decimals, a discount larger than its line, a tax key used with two different rates).
 *
 * When prices include tax, each group's tax is extracted from the group's gross sum —
 * tax = round(gross × p / (100 + p)), net = gross − tax — so net + tax = gross exactly and the
 * invoice total equals what the customer saw on the price list. The group's tax is then split
 * over its lines/allowances/charges with allocate() to give each one a net amount that adds
 * up exactly; that split is presentation only and does not change any total.
 */
export function computeInvoiceTotals(input: InvoiceTotalsInput): InvoiceTotals {
  const currency = input.currency;
  const exponent = currencyExponent(currency);
  const lines = input.lines.map((line, i) => computeLine(line, i, currency, exponent));
  const lineTotalsByKey = new Map<string, bigint>();
  for (const line of lines) lineTotalsByKey.set(line.tax.key, (lineTotalsByKey.get(line.tax.key) ?? 0n) + line.line_total);
  const allowances = parseDocumentAdjustments(input.allowances, 'allowances', currency, lineTotalsByKey);
  const charges = parseDocumentAdjustments(input.charges, 'charges', currency, lineTotalsByKey);

  const lineItems: Contribution[] = lines.map((l) => ({ tax: l.tax, signed: l.line_total, net: 0n }));
  const allowanceItems: Contribution[] = allowances.map((a) => ({ tax: a.tax, signed: -a.amount, net: 0n }));
  const chargeItems: Contribution[] = charges.map((c) => ({ tax: c.tax, signed: c.amount, net: 0n }));

  // Group by category and rate, in document order (lines, then allowances, then charges).
  const groups = new Map<string, Group>();
  const groupOfKey = new Map<string, string>();
  for (const item of [...lineItems, ...allowanceItems, ...chargeItems]) {
    const { key, group: groupId } = item.tax;
    // One key naming two different rates is a caller bug that would corrupt the breakdown.
    const known = groupOfKey.get(key);
    if (known !== undefined && known !== groupId) {
      throw new DomainError('invalid_tax', `Tax rate "${key}" is used with two different categories or percentages`);
    }
    groupOfKey.set(key, groupId);
    let group = groups.get(groupId);
    if (group === undefined) {
      group = { category: item.tax.category, percentage: item.tax.percentage, keys: [], items: [] };
      groups.set(groupId, group);
    }
    if (!group.keys.includes(key)) group.keys.push(key);
    group.items.push(item);
  }

  const rows: { breakdown: TaxBreakdown; percentage: bigint }[] = [];
  for (const group of groups.values()) {
    const sum = group.items.reduce((total, item) => total + item.signed, 0n);
    let taxable: bigint;
    let taxAmount: bigint;
    if (input.prices_include_tax) {
      taxAmount = roundHalfAwayFromZero(sum * group.percentage, HUNDRED_PERCENT + group.percentage);
      taxable = sum - taxAmount;
      const shares = allocate(taxAmount, group.items.map((item) => item.signed));
      group.items.forEach((item, i) => {
        item.net = item.signed - (shares[i] ?? 0n);
      });
    } else {
      taxable = sum;
      taxAmount = roundHalfAwayFromZero(sum * group.percentage, HUNDRED_PERCENT);
      for (const item of group.items) item.net = item.signed;
    }
    const breakdown: TaxBreakdown = {
      key: group.keys[0] ?? '',
      keys: group.keys,
      category: group.category,
      percentage: formatScaledTrimmed(group.percentage, DECIMAL_SCALE),
      taxable_amount: taxable,
      tax_amount: taxAmount,
    };
    rows.push({ breakdown, percentage: group.percentage });
  }
  // Input-order-independent order: category as listed in TAX_CATEGORIES, then rate ascending
  // (each category and rate appears once, so there are no ties).
  const rank = (category: TaxCategory) => TAX_CATEGORIES.indexOf(category);
  rows.sort(
    (a, b) =>
      rank(a.breakdown.category) - rank(b.breakdown.category) ||
      (a.percentage < b.percentage ? -1 : a.percentage > b.percentage ? 1 : 0),
  );
  const taxes = rows.map((row) => row.breakdown);

  const lineTotals: LineTotals[] = lines.map((line, i) => ({
    base_amount: line.base_amount,
    allowance_amount: line.allowance_amount,
    charge_amount: line.charge_amount,
    line_total: line.line_total,
    net_amount: lineItems[i]?.net ?? 0n,
    tax_key: line.tax.key,
  }));
  const allowanceTotals: AdjustmentTotals[] = allowances.map((a, i) => ({
    amount: a.amount,
    net_amount: -(allowanceItems[i]?.net ?? 0n),
    tax_key: a.tax.key,
    percentage: a.percentage === null ? null : formatPercentage(a.percentage),
    base_amount: a.base,
  }));
  const chargeTotals: AdjustmentTotals[] = charges.map((c, i) => ({
    amount: c.amount,
    net_amount: chargeItems[i]?.net ?? 0n,
    tax_key: c.tax.key,
    percentage: c.percentage === null ? null : formatPercentage(c.percentage),
    base_amount: c.base,
  }));

  const sum = (values: bigint[]) => values.reduce((total, value) => total + value, 0n);
  const subtotal = sum(lineTotals.map((l) => l.net_amount));
  const allowanceTotal = sum(allowanceTotals.map((a) => a.net_amount));
  const chargeTotal = sum(chargeTotals.map((c) => c.net_amount));
  const taxTotal = sum(taxes.map((t) => t.tax_amount));
  return {
    currency,
    exponent,
    prices_include_tax: input.prices_include_tax,
    lines: lineTotals,
    allowances: allowanceTotals,
    charges: chargeTotals,
    subtotal,
    allowance_total: allowanceTotal,
    charge_total: chargeTotal,
    tax_total: taxTotal,
    taxes,
    total: subtotal - allowanceTotal + chargeTotal + taxTotal,
  };
}
