/**
 * Invoice and credit-note lines as EN 16931 lines (BG-25). Settle stores quantity, unit
 * price (net, or gross when the document's prices include tax), base quantity, a discount
 * and the line's net amount (BT-131) as its totals computed it. The e-invoice must show
 * net = quantity × net price ÷ base quantity − allowances + charges, with the stored net
 * printed verbatim: whatever separates quantity × price from the stored net (a discount,
 * the share of a partly credited line) becomes a line allowance or charge of exactly that
 * difference.
 */
import { currencyExponent, formatAmount, formatScaledTrimmed, parseAmount, parseScaled, pow10, roundHalfAwayFromZero } from '../../domain/money/index.ts';
import type { Line, LineAllowanceCharge, TaxCategory, VatCategoryCode } from '../../domain/einvoice/model.ts';
import { formatPercentage, parsePercentage, percentageOf } from '../../domain/tax/index.ts';

const SCALE = 6;

export interface StoredLine {
  description: string;
  quantity: string;
  unit_price: string;
  base_quantity?: string | null;
  unit_code?: string | null;
  discount: string | null;
  period_start?: string | null;
  period_end?: string | null;
  tax: { category: string; percentage: string };
  net_amount: string;
}

/** A line's tax category; category O carries no rate (BR-O-05). */
export function taxCategoryOf(tax: { category: string; percentage: string }): TaxCategory {
  const category = tax.category as VatCategoryCode;
  return category === 'O' ? { category } : { category, percent: formatScaledTrimmed(parseScaled(tax.percentage, SCALE), SCALE) };
}

/** The net unit price of a gross price: price ÷ (1 + rate), to six decimals. */
function netPrice(unitPrice: bigint, tax: { category: string; percentage: string }, pricesIncludeTax: boolean): bigint {
  if (!pricesIncludeTax) return unitPrice;
  const rate = parseScaled(tax.percentage, SCALE);
  return roundHalfAwayFromZero(unitPrice * 100n * pow10(SCALE), 100n * pow10(SCALE) + rate);
}

/** "Item name": the first line of the description, at most 200 characters (the whole text goes to BT-154). */
function itemName(description: string): string {
  const first = description.split(/\r?\n/)[0]?.trim() ?? '';
  const name = first === '' ? description.trim() : first;
  return name.length > 200 ? `${name.slice(0, 199)}…` : name || '-';
}

/** The discount's percentage, or null for an amount (or a stored "0%", which never yields an allowance). */
function statedPercentage(discount: string): bigint | null {
  try {
    return parsePercentage(discount, 'Discount', 'discount');
  } catch {
    return null;
  }
}

export function einvoiceLine(line: StoredLine, index: number, currency: string, pricesIncludeTax: boolean): Line {
  const quantity = parseScaled(line.quantity, SCALE);
  const baseQuantity = parseScaled(line.base_quantity ?? '1', SCALE);
  const price = netPrice(parseScaled(line.unit_price, SCALE), line.tax, pricesIncludeTax);
  const exponent = pow10(currencyExponent(currency));
  // quantity × price ÷ base quantity in minor units, rounded as the totals module rounds it.
  const base = roundHalfAwayFromZero(quantity * price * exponent, baseQuantity * pow10(SCALE));
  const net = parseAmount(line.net_amount, currency);
  const difference = net - base;

  const adjustment = (amount: bigint, reason: string): LineAllowanceCharge => {
    // A percentage discount states its base and rate (BT-137/138) when they give the amount exactly.
    const percent = line.discount !== null && !pricesIncludeTax ? statedPercentage(line.discount) : null;
    const described = percent !== null && percentageOf(base, percent) === amount;
    return {
      amount: formatAmount(amount, currency),
      reason,
      ...(described ? { baseAmount: formatAmount(base, currency), percentage: formatPercentage(percent) } : {}),
    };
  };
  const allowances = difference < 0n ? [adjustment(-difference, 'Discount')] : [];
  const charges = difference > 0n ? [{ amount: formatAmount(difference, currency), reason: quantity < 0n ? 'Discount on the returned item' : 'Adjustment' }] : [];

  const description = line.description.trim();
  const period = line.period_start || line.period_end ? { ...(line.period_start ? { start: line.period_start } : {}), ...(line.period_end ? { end: line.period_end } : {}) } : undefined;
  return {
    id: String(index + 1),
    quantity: formatScaledTrimmed(quantity, SCALE),
    unitCode: line.unit_code ?? 'C62',
    netAmount: formatAmount(net, currency),
    ...(period ? { period } : {}),
    ...(allowances.length > 0 ? { allowances } : {}),
    ...(charges.length > 0 ? { charges } : {}),
    price: {
      net: formatScaledTrimmed(price, SCALE),
      ...(baseQuantity !== pow10(SCALE) ? { baseQuantity: formatScaledTrimmed(baseQuantity, SCALE), baseUnitCode: line.unit_code ?? 'C62' } : {}),
    },
    tax: taxCategoryOf(line.tax),
    item: { name: itemName(description), ...(description !== itemName(description) ? { description } : {}) },
  };
}
