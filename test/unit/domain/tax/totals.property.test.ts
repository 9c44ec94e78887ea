/** Property tests for invoice totals: they always add up, in every currency and in both price modes. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECIMAL_SCALE, DomainError, currencyExponent, formatScaledTrimmed, parseScaled, roundHalfAwayFromZero } from '../../../../src/domain/money/index.ts';
import {
  computeInvoiceTotals,
  type DocumentAdjustmentInput,
  type InvoiceTotals,
  type InvoiceTotalsInput,
  type LineInput,
  type TaxInput,
} from '../../../../src/domain/tax/index.ts';

const RATES: TaxInput[] = [
  { category: 'S', percentage: '19', key: 's19' },
  { category: 'S', percentage: '7', key: 's7' },
  { category: 'S', percentage: '5.5', key: 's5.5' },
  { category: 'S', percentage: '19.000', key: 's19-legacy' }, // same rate, another key: one breakdown row
  { category: 'Z', percentage: '0', key: 'z' },
  { category: 'AE', percentage: '0', key: 'ae' },
  { category: 'L', percentage: '7', key: 'igic' },
];

const decimal = (min: bigint, max: bigint, scale: number) => fc.bigInt({ min, max }).map((v) => formatScaledTrimmed(v, scale));

function invoiceArbitrary(options: { documentAdjustments: boolean }): fc.Arbitrary<InvoiceTotalsInput> {
  return fc.constantFrom('EUR', 'JPY', 'BHD').chain((currency) => {
    const exponent = currencyExponent(currency);
    const amount = decimal(0n, 5000n * 10n ** BigInt(exponent), exponent);
    const tax = fc.constantFrom(...RATES);
    const line: fc.Arbitrary<LineInput> = fc.record(
      {
        quantity: decimal(-50_000n, 5_000_000n, 3), // −50 … 5000, 3 decimals
        unit_price: decimal(0n, 2_000_000_000n, 6), // 0 … 2000, 6 decimals
        base_quantity: fc.constantFrom('1', '10', '100', '0.5', '3'),
        discount: fc.oneof(decimal(0n, 10_000n, 2).map((p) => `${p}%`), amount),
        tax,
      },
      { requiredKeys: ['quantity', 'unit_price', 'tax'] },
    );
    const adjustment: fc.Arbitrary<DocumentAdjustmentInput> = fc.record({ amount, tax });
    const adjustments = options.documentAdjustments ? fc.array(adjustment, { maxLength: 3 }) : fc.constant([]);
    return fc.record({
      currency: fc.constant(currency),
      prices_include_tax: fc.boolean(),
      lines: fc.array(line, { maxLength: 8 }),
      allowances: adjustments,
      charges: adjustments,
    });
  });
}

/** Computes totals; random amount discounts can exceed their line, which is rejected: skip those. */
function totalsOf(input: InvoiceTotalsInput): InvoiceTotals {
  try {
    return computeInvoiceTotals(input);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_discount') fc.pre(false);
    throw error;
  }
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
const groupOf = (tax: TaxInput) => `${tax.category}|${formatScaledTrimmed(parseScaled(tax.percentage, DECIMAL_SCALE), DECIMAL_SCALE)}`;

describe('computeInvoiceTotals properties', () => {
  it('totals add up and the breakdown covers exactly the taxable base', () => {
    fc.assert(
      fc.property(invoiceArbitrary({ documentAdjustments: true }), (input) => {
        const t = totalsOf(input);
        expect(t.total).toBe(t.subtotal - t.allowance_total + t.charge_total + t.tax_total);
        expect(sum(t.taxes.map((x) => x.taxable_amount))).toBe(t.subtotal - t.allowance_total + t.charge_total);
        expect(sum(t.taxes.map((x) => x.tax_amount))).toBe(t.tax_total);
        expect(t.subtotal).toBe(sum(t.lines.map((l) => l.net_amount)));
        // One breakdown row per category and rate, whatever the keys.
        expect(new Set(t.taxes.map((x) => `${x.category}|${x.percentage}`)).size).toBe(t.taxes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('taxes each category once, on the sum of its items', () => {
    fc.assert(
      fc.property(invoiceArbitrary({ documentAdjustments: true }), (input) => {
        const t = totalsOf(input);
        for (const row of t.taxes) {
          const inGroup = (tax: TaxInput) => groupOf(tax) === `${row.category}|${row.percentage}`;
          const percentage = parseScaled(row.percentage, DECIMAL_SCALE);
          const hundred = 100n * 10n ** BigInt(DECIMAL_SCALE);
          // Entered amounts (net or gross) of this group: lines + charges − allowances.
          const entered =
            sum(t.lines.filter((_, i) => inGroup(input.lines[i]!.tax)).map((l) => l.line_total)) +
            sum(t.charges.filter((_, i) => inGroup(input.charges![i]!.tax)).map((c) => c.amount)) -
            sum(t.allowances.filter((_, i) => inGroup(input.allowances![i]!.tax)).map((a) => a.amount));
          if (input.prices_include_tax) {
            expect(row.taxable_amount + row.tax_amount).toBe(entered);
            expect(row.tax_amount).toBe(roundHalfAwayFromZero(entered * percentage, hundred + percentage));
          } else {
            expect(row.taxable_amount).toBe(entered);
            expect(row.tax_amount).toBe(roundHalfAwayFromZero(entered * percentage, hundred));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with prices including tax, the total is exactly the gross amounts entered', () => {
    fc.assert(
      fc.property(invoiceArbitrary({ documentAdjustments: true }), (input) => {
        const t = totalsOf({ ...input, prices_include_tax: true });
        const gross = sum(t.lines.map((l) => l.line_total)) + sum(t.charges.map((c) => c.amount)) - sum(t.allowances.map((a) => a.amount));
        expect(t.total).toBe(gross);
      }),
    );
  });

  it('does not depend on the order of lines, allowances and charges', () => {
    fc.assert(
      fc.property(invoiceArbitrary({ documentAdjustments: true }), (input) => {
        const t = totalsOf(input);
        const reversed = totalsOf({
          ...input,
          lines: [...input.lines].reverse(),
          allowances: [...(input.allowances ?? [])].reverse(),
          charges: [...(input.charges ?? [])].reverse(),
        });
        const strip = (x: InvoiceTotals) => ({
          subtotal: x.subtotal,
          allowance_total: x.allowance_total,
          charge_total: x.charge_total,
          tax_total: x.tax_total,
          total: x.total,
          taxes: x.taxes.map(({ category, percentage, taxable_amount, tax_amount }) => ({ category, percentage, taxable_amount, tax_amount })),
        });
        expect(strip(reversed)).toEqual(strip(t));
      }),
    );
  });

  it('a credit of every line (negated quantities) is the exact mirror of the invoice', () => {
    fc.assert(
      fc.property(invoiceArbitrary({ documentAdjustments: false }), (input) => {
        const t = totalsOf(input);
        const negate = (q: string) => (q.startsWith('-') ? q.slice(1) : `-${q}`);
        const credit = totalsOf({ ...input, lines: input.lines.map((l) => ({ ...l, quantity: negate(l.quantity) })) });
        expect(credit.lines.map((l) => l.net_amount)).toEqual(t.lines.map((l) => -l.net_amount));
        expect(credit.taxes.map((x) => x.tax_amount)).toEqual(t.taxes.map((x) => -x.tax_amount));
        expect(credit.total).toBe(-t.total);
      }),
    );
  });
});
