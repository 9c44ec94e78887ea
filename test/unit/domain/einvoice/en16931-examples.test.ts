/**
 * Recomputes the totals of the 20 EN 16931 business cases of the XRechnung test suite, in both
 * syntaxes (UBL and CII), and checks every figure the file declares: each line net, allowance
 * and charge totals, the VAT breakdown per category and rate, tax total, grand total, amount due.
 * The examples are copied into ./examples (Apache-2.0, see SOURCES.md there) so the test runs
 * anywhere; the expected figures come only from the files.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../../../src/domain/money/index.ts';
import { computeInvoiceTotals } from '../../../../src/domain/tax/index.ts';
import { normalisePercent, parseEInvoice } from './parse-einvoice.ts';

const directory = fileURLToPath(new URL('./examples/', import.meta.url));
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.xml'))
  .sort();

describe('EN 16931 example invoices', () => {
  it('has all 20 business cases in both syntaxes', () => {
    // Guards against a silently shrinking suite (a missing file would otherwise just mean fewer tests).
    expect(files).toHaveLength(40);
    expect(files.filter((f) => f.endsWith('_ubl.xml'))).toHaveLength(20);
  });

  it.each(files)('%s: recomputed totals match every declared figure', (file) => {
    const { input, declared } = parseEInvoice(readFileSync(directory + file, 'utf8'));
    const currency = input.currency;
    /** Normalises a declared figure ("336.9" → "336.90"), rejecting more decimals than the currency has. */
    const money = (value: string | undefined) => formatAmount(parseAmount(value ?? '0', currency), currency);
    const show = (minor: bigint) => formatAmount(minor, currency);
    const byRate = (a: { category: string; percentage: string }, b: { category: string; percentage: string }) =>
      `${a.category}:${a.percentage}`.localeCompare(`${b.category}:${b.percentage}`);

    const totals = computeInvoiceTotals(input);

    // Prepaid amount (BT-113) and rounding amount (BT-114) are facts the seller states, not
    // results of the lines: a payment already received and a cash rounding chosen by the seller
    // (01.17a rounds 336.90 up to 336.91). They are read from the file and only used to check
    // that amount due = grand total − prepaid + rounding (BR-CO-16) holds with OUR grand total.
    const prepaid = parseAmount(declared.prepaid ?? '0', currency);
    const rounding = parseAmount(declared.rounding ?? '0', currency);

    const computed = {
      lineNets: totals.lines.map((line) => show(line.net_amount)),
      lineTotal: show(totals.subtotal),
      allowanceTotal: show(totals.allowance_total),
      chargeTotal: show(totals.charge_total),
      taxExclusive: show(totals.subtotal - totals.allowance_total + totals.charge_total),
      breakdown: totals.taxes
        .map((t) => ({ category: t.category, percentage: t.percentage, taxable: show(t.taxable_amount), tax: show(t.tax_amount) }))
        .sort(byRate),
      taxTotal: show(totals.tax_total),
      taxInclusive: show(totals.total),
      payable: show(totals.total - prepaid + rounding),
    };
    const expected = {
      lineNets: declared.lineNets.map(money),
      lineTotal: money(declared.lineTotal),
      // BT-107/BT-108 are optional and absent when there are no allowances/charges: then 0.
      allowanceTotal: money(declared.allowanceTotal),
      chargeTotal: money(declared.chargeTotal),
      taxExclusive: money(declared.taxExclusive),
      breakdown: declared.breakdown
        .map((b) => ({ category: b.category, percentage: normalisePercent(b.percentage), taxable: money(b.taxable), tax: money(b.tax) }))
        .sort(byRate),
      taxTotal: money(declared.taxTotal),
      taxInclusive: money(declared.taxInclusive),
      payable: money(declared.payable),
    };
    expect(expected.lineNets.length).toBeGreaterThan(0);
    expect(computed).toEqual(expected);
  });
});
