/** Small builders for totals tests: readable inputs, and outputs formatted for comparison. */

import { formatAmount } from '../../../../src/domain/money/index.ts';
import type { InvoiceTotals, LineInput, TaxInput } from '../../../../src/domain/tax/index.ts';

export const S19: TaxInput = { category: 'S', percentage: '19', key: 'vat-19' };
export const S7: TaxInput = { category: 'S', percentage: '7', key: 'vat-7' };
export const S20: TaxInput = { category: 'S', percentage: '20', key: 'vat-20' };
export const Z0: TaxInput = { category: 'Z', percentage: '0', key: 'zero' };
export const E0: TaxInput = { category: 'E', percentage: '0', key: 'exempt' };
export const AE0: TaxInput = { category: 'AE', percentage: '0', key: 'reverse-charge' };

export function line(quantity: string, unit_price: string, tax: TaxInput, extra: Partial<LineInput> = {}): LineInput {
  return { quantity, unit_price, tax, ...extra };
}

/** The totals as decimal strings in the invoice currency, so expectations read like an invoice. */
export function shown(totals: InvoiceTotals) {
  const f = (minor: bigint) => formatAmount(minor, totals.currency);
  return {
    lines: totals.lines.map((l) => f(l.net_amount)),
    subtotal: f(totals.subtotal),
    allowance_total: f(totals.allowance_total),
    charge_total: f(totals.charge_total),
    taxes: totals.taxes.map((t) => `${t.category} ${t.percentage}%: ${f(t.taxable_amount)} → ${f(t.tax_amount)}`),
    tax_total: f(totals.tax_total),
    total: f(totals.total),
  };
}
