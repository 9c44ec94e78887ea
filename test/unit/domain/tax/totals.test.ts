/** Hand-computed invoice totals (EN 16931 rules); the arithmetic is written out next to each case. */

import { describe, expect, it } from 'vitest';
import { computeInvoiceTotals } from '../../../../src/domain/tax/index.ts';
import { AE0, E0, S19, S20, S7, Z0, line, shown } from './helpers.ts';

describe('computeInvoiceTotals — net prices', () => {
  it('several rates on one invoice, tax per rate', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [line('3', '19.99', S19), line('2', '4.50', S7), line('1', '100', Z0)],
    });
    // 3 × 19.99 = 59.97; 2 × 4.50 = 9.00; 100.00.
    // 19%: 59.97 × 0.19 = 11.3943 → 11.39; 7%: 9.00 × 0.07 = 0.63; Z: 0.
    expect(shown(totals)).toEqual({
      lines: ['59.97', '9.00', '100.00'],
      subtotal: '168.97',
      allowance_total: '0.00',
      charge_total: '0.00',
      taxes: ['S 7%: 9.00 → 0.63', 'S 19%: 59.97 → 11.39', 'Z 0%: 100.00 → 0.00'],
      tax_total: '12.02',
      total: '180.99',
    });
    expect(totals.taxes.map((t) => t.key)).toEqual(['vat-7', 'vat-19', 'zero']);
  });

  it('percentage and amount line discounts', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [
        line('10', '12.50', S19, { discount: '10%' }), // 125.00 − 12.50 = 112.50
        line('3', '9.99', S19, { discount: '5.00' }), // 29.97 − 5.00 = 24.97
        line('7', '1.15', S19, { discount: '12.5%' }), // 8.05 − round(1.00625) = 8.05 − 1.01 = 7.04
      ],
    });
    // 144.51 × 0.19 = 27.4569 → 27.46
    expect(shown(totals)).toMatchObject({
      lines: ['112.50', '24.97', '7.04'],
      subtotal: '144.51',
      taxes: ['S 19%: 144.51 → 27.46'],
      total: '171.97',
    });
    expect(totals.lines[2]).toMatchObject({ base_amount: 805n, allowance_amount: 101n, charge_amount: 0n, line_total: 704n });
  });

  it('line allowances and charges besides the discount', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      // 4 × 25.00 = 100.00 − 10% − 2.00 + 7.50 (charge) + 1% (charge) = 100 − 10 − 2 + 7.5 + 1 = 96.50
      lines: [line('4', '25', S19, { discount: '10%', allowances: ['2.00'], charges: ['7.50', '1%'] })],
    });
    expect(totals.lines[0]).toMatchObject({ base_amount: 10000n, allowance_amount: 1200n, charge_amount: 850n, net_amount: 9650n });
  });

  it('document allowances and charges with their own rates', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [line('1', '200.00', S19), line('1', '50.00', S7)],
      allowances: [{ amount: '20.00', tax: S19 }],
      charges: [
        { amount: '5.95', tax: S19 },
        { amount: '2.00', tax: S7 },
      ],
    });
    // 19%: 200 − 20 + 5.95 = 185.95 → 35.3305 → 35.33; 7%: 50 + 2 = 52.00 → 3.64
    // total = 250.00 − 20.00 + 7.95 + 38.97 = 276.92
    expect(shown(totals)).toEqual({
      lines: ['200.00', '50.00'],
      subtotal: '250.00',
      allowance_total: '20.00',
      charge_total: '7.95',
      taxes: ['S 7%: 52.00 → 3.64', 'S 19%: 185.95 → 35.33'],
      tax_total: '38.97',
      total: '276.92',
    });
  });

  it('exempt and reverse-charge lines: 0 tax, own breakdown rows', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [line('1', '1000', AE0), line('2', '150', E0), line('1', '100', S20)],
    });
    expect(shown(totals)).toMatchObject({
      subtotal: '1400.00',
      taxes: ['S 20%: 100.00 → 20.00', 'E 0%: 300.00 → 0.00', 'AE 0%: 1000.00 → 0.00'],
      tax_total: '20.00',
      total: '1420.00',
    });
  });

  it('rounds tax once per category, not per line', () => {
    // Three lines of 0.07 at 19%: per line 0.0133 → 0.01, three times = 0.03.
    // Per category: 0.21 × 0.19 = 0.0399 → 0.04 (what EN 16931 BR-CO-17 expects).
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [line('1', '0.07', S19), line('1', '0.07', S19), line('1', '0.07', S19)],
    });
    expect(shown(totals)).toMatchObject({ taxes: ['S 19%: 0.21 → 0.04'], tax_total: '0.04', total: '0.25' });
  });

  it('sub-cent unit prices and base quantities', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [
        line('1000', '0.004', S19), // 4.00
        line('1', '0.004', S19), // 0.004 → 0.00
        line('1', '0.005', S19), // 0.005 → 0.01 (half away from zero)
        line('-1', '0.005', S19), // −0.005 → −0.01
        line('37', '12.50', S19, { base_quantity: '100' }), // 37 × 12.50 / 100 = 4.625 → 4.63
        line('0.333333', '3', S19), // 0.999999 → 1.00
      ],
    });
    expect(shown(totals).lines).toEqual(['4.00', '0.00', '0.01', '-0.01', '4.63', '1.00']);
    // 9.63 × 0.19 = 1.8297 → 1.83
    expect(shown(totals)).toMatchObject({ subtotal: '9.63', tax_total: '1.83', total: '11.46' });
  });

  it('a return line mirrors the sale line, discount included', () => {
    const sale = computeInvoiceTotals({ currency: 'EUR', prices_include_tax: false, lines: [line('2', '10', S19, { discount: '5.00' })] });
    const ret = computeInvoiceTotals({ currency: 'EUR', prices_include_tax: false, lines: [line('-2', '10', S19, { discount: '5.00' })] });
    expect(shown(sale)).toMatchObject({ subtotal: '15.00', tax_total: '2.85', total: '17.85' });
    expect(shown(ret)).toMatchObject({ subtotal: '-15.00', tax_total: '-2.85', total: '-17.85' });
  });
});

describe('computeInvoiceTotals — other currencies', () => {
  it('JPY has no minor unit', () => {
    const totals = computeInvoiceTotals({
      currency: 'JPY',
      prices_include_tax: false,
      lines: [
        line('3', '1980', { category: 'S', percentage: '10', key: 'jp-10' }), // 5940
        line('1', '333', { category: 'S', percentage: '8', key: 'jp-8' }), // 333
        line('3', '0.5', { category: 'S', percentage: '10', key: 'jp-10' }), // 1.5 → 2
      ],
    });
    // 10%: 5942 → 594.2 → 594; 8%: 333 → 26.64 → 27
    expect(shown(totals)).toEqual({
      lines: ['5940', '333', '2'],
      subtotal: '6275',
      allowance_total: '0',
      charge_total: '0',
      taxes: ['S 8%: 333 → 27', 'S 10%: 5942 → 594'],
      tax_total: '621',
      total: '6896',
    });
  });

  it('BHD has three decimals', () => {
    const totals = computeInvoiceTotals({
      currency: 'BHD',
      prices_include_tax: false,
      lines: [line('2', '12.345', { category: 'S', percentage: '10', key: 'bh' }), line('3', '1.2345', { category: 'S', percentage: '10', key: 'bh' })],
    });
    // 24.690 + 3.7035 → 3.704 = 28.394; tax 2.8394 → 2.839; total 31.233
    expect(shown(totals)).toMatchObject({ lines: ['24.690', '3.704'], subtotal: '28.394', tax_total: '2.839', total: '31.233' });
  });
});

describe('computeInvoiceTotals — prices including tax', () => {
  it('extracts tax per category from the gross sum, so net + tax = gross', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: true,
      lines: [line('2', '11.90', S19), line('1', '5.35', S7), line('3', '0.99', S19)],
    });
    // 19%: gross 23.80 + 2.97 = 26.77; tax = 26.77 × 19/119 = 4.2742 → 4.27; net 22.50
    // 7%: gross 5.35; tax = 5.35 × 7/107 = 0.35; net 5.00
    // The 19% tax 4.27 is split over the lines by allocate: 4.27 × 23.80/26.77 = 3.796 → 3.80
    // (largest remainder), 4.27 × 2.97/26.77 = 0.474 → 0.47; nets 20.00 and 2.50.
    expect(shown(totals)).toEqual({
      lines: ['20.00', '5.00', '2.50'],
      subtotal: '27.50',
      allowance_total: '0.00',
      charge_total: '0.00',
      taxes: ['S 7%: 5.00 → 0.35', 'S 19%: 22.50 → 4.27'],
      tax_total: '4.62',
      total: '32.12',
    });
    expect(totals.lines.map((l) => l.line_total)).toEqual([2380n, 535n, 297n]);
  });

  it('gross allowances and charges are part of their category’s gross sum', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: true,
      lines: [line('1', '119.00', S19)],
      allowances: [{ amount: '11.90', tax: S19 }],
      charges: [{ amount: '4.90', tax: S19 }],
    });
    // gross 119.00 − 11.90 + 4.90 = 112.00; tax = 112 × 19/119 = 17.882 → 17.88; net 94.12
    // split of 17.88 over [119.00, −11.90, 4.90]: 19.00, −1.90, 0.78 → nets 100.00, 10.00 (allowance), 4.12
    expect(shown(totals)).toMatchObject({
      lines: ['100.00'],
      allowance_total: '10.00',
      charge_total: '4.12',
      taxes: ['S 19%: 94.12 → 17.88'],
      total: '112.00',
    });
  });
});
