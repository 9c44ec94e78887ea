/** Document allowances and charges as a percentage of the lines at their tax rate (BT-94/BT-101), and category O alone (BR-O-11). */
import { describe, expect, it } from 'vitest';
import { categoryMixProblems, computeInvoiceTotals, DomainError, percentageOf } from '../../../../src/domain/tax/index.ts';
import { S19, S7, line, shown } from './helpers.ts';

describe('percentage allowances and charges', () => {
  it('take the percentage of the lines at the same tax key, rounded half away from zero', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: false,
      lines: [line('3', '33.33', S19), line('1', '0.15', S19), line('1', '200', S7)],
      allowances: [{ amount: '5%', tax: S19 }],
      charges: [{ amount: '2.5 %', tax: S7 }],
    });
    // 19%: 99.99 + 0.15 = 100.14 × 5% = 5.007 → 5.01; 7%: 200.00 × 2.5% = 5.00.
    expect(totals.allowances[0]).toMatchObject({ amount: 501n, net_amount: 501n, percentage: '5', base_amount: 10014n });
    expect(totals.charges[0]).toMatchObject({ amount: 500n, percentage: '2.5', base_amount: 20000n });
    // 19%: 100.14 − 5.01 = 95.13 → 18.0747 → 18.07; 7%: 205.00 → 14.35.
    expect(shown(totals)).toMatchObject({ allowance_total: '5.01', charge_total: '5.00', taxes: ['S 7%: 205.00 → 14.35', 'S 19%: 95.13 → 18.07'], total: '332.55' });
  });

  it('when prices include tax, the base is the gross of the lines and the amount is gross too', () => {
    const totals = computeInvoiceTotals({
      currency: 'EUR',
      prices_include_tax: true,
      lines: [line('1', '119.00', S19)],
      allowances: [{ amount: '10%', tax: S19 }],
    });
    // Gross 119.00 − 11.90 = 107.10 at 19%: tax 107.10 × 19/119 = 17.10, net 90.00.
    expect(totals.allowances[0]).toMatchObject({ amount: 1190n, base_amount: 11900n, net_amount: 1000n });
    expect(totals.total).toBe(10710n);
    expect(totals.tax_total).toBe(1710n);
  });

  it('an amount carries no percentage; rounding is half away from zero at the half cent', () => {
    const totals = computeInvoiceTotals({ currency: 'EUR', prices_include_tax: false, lines: [line('1', '10', S19)], allowances: [{ amount: '1.00', tax: S19 }] });
    expect(totals.allowances[0]).toMatchObject({ percentage: null, base_amount: null });
    expect(percentageOf(1n, 50_000_000n)).toBe(1n); // 0.01 × 50% = 0.005 → 0.01
    expect(percentageOf(-1n, 50_000_000n)).toBe(-1n);
    expect(percentageOf(12345n, 12_500_000n)).toBe(1543n); // 123.45 × 12.5% = 15.43125 → 15.43
  });

  it('refuse a percentage of nothing, out of range, or malformed, naming allowances.N.amount', () => {
    const attempt = (amount: string, tax = S19) => () =>
      computeInvoiceTotals({ currency: 'EUR', prices_include_tax: false, lines: [line('1', '10', S19)], allowances: [{ amount, tax }] });
    for (const [amount, tax] of [['101%', S19], ['0%', S19], ['-5%', S19], ['x%', S19], ['5%', S7]] as const) {
      let thrown: unknown;
      try {
        attempt(amount, tax)();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, amount).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).path).toBe('allowances.0.amount');
    }
    expect(attempt('100%')).not.toThrow();
  });
});

describe('category O stands alone', () => {
  it('lists the untaxed parts beside taxed ones, and explicit O rates beside other categories', () => {
    expect(categoryMixProblems([{ path: 'lines.0', category: 'O', tax_rate_id: null }, { path: 'lines.1', category: 'O', tax_rate_id: null }])).toEqual([]);
    expect(categoryMixProblems([{ path: 'lines.0', category: 'S', tax_rate_id: 'a' }])).toEqual([]);
    const problems = categoryMixProblems([
      { path: 'lines.0', category: 'S', tax_rate_id: 'a' },
      { path: 'lines.1', category: 'O', tax_rate_id: null },
      { path: 'allowances.0', category: 'O', tax_rate_id: 'o' },
    ]);
    expect(problems.map((p) => p.path)).toEqual(['lines.1.tax_rate_id', 'allowances.0.tax_rate_id']);
    expect(problems[0]?.message).toBe("choose a tax rate: a line without one is 'not subject to VAT' and cannot stand beside taxed lines");
    expect(problems[1]?.message).toMatch(/BR-O-11/);
  });
});
