import { describe, expect, it } from 'vitest';
import {
  ALL_RATES,
  blankInvoice,
  emptyAdjustment,
  emptyLine,
  foldAdjustments,
  formErrors,
  lineNetsByRate,
  liveTotals,
  prepareRequest,
  type EditorValues,
} from '../../../web/src/pages/invoices/editorModel.ts';
import type { TaxRate } from '../../../web/src/pages/invoices/invoiceApi.ts';

const rate = (id: string, percentage: string) => ({ id, name: `VAT ${percentage}%`, category: 'S', percentage, archived: false }) as unknown as TaxRate;
const RATES = [rate('r7', '7'), rate('r19', '19')];

function invoice(over: Partial<EditorValues> = {}): EditorValues {
  return {
    ...blankInvoice('EUR'),
    lines: [
      { ...emptyLine(), quantity: '2', unit_price: '1500.00', tax_rate_id: 'r19' },
      { ...emptyLine(), quantity: '1', unit_price: '100.00', tax_rate_id: 'r7' },
    ],
    ...over,
  };
}

describe('the invoice editor model', () => {
  it('opens clean: a blank invoice has totals and no issues', () => {
    const live = liveTotals(blankInvoice('EUR'), RATES);
    expect(live.ok).toBe(true);
    if (!live.ok) return;
    expect(live.issues).toEqual([]);
    expect(live.computed).toEqual([false]);
    expect(live.totals.total).toBe(0n);
  });

  it('counts an incomplete line as zero and totals the rest', () => {
    const values = invoice();
    values.lines.push({ ...emptyLine(), unit_price: '' });
    values.lines.push({ ...emptyLine(), unit_price: '5', discount: '200%' });
    const live = liveTotals(values, RATES);
    if (!live.ok) throw new Error(live.message);
    expect(live.computed).toEqual([true, true, false, false]);
    expect(live.issues.map((i) => i.path)).toEqual(['lines.3.discount']);
    expect(live.totals.subtotal).toBe(310000n);
  });

  it('leaves an allowance being typed out of the totals instead of blanking them', () => {
    const values = invoice({ allowances: [emptyAdjustment('Discount')] });
    const live = liveTotals(values, RATES);
    if (!live.ok) throw new Error(live.message);
    expect(live.totals.subtotal).toBe(310000n);
    expect(live.issues).toEqual([]);
  });

  it('splits a percentage discount on all lines into one allowance per rate', () => {
    const values = invoice({ allowances: [{ ...emptyAdjustment('Discount'), amount: '5%' }] });
    const request = prepareRequest(values);
    expect(request.body.allowances).toEqual([
      { reason: 'Discount', amount: '5%', tax_rate_id: 'r19' },
      { reason: 'Discount', amount: '5%', tax_rate_id: 'r7' },
    ]);
    const live = liveTotals(values, RATES);
    if (!live.ok) throw new Error(live.message);
    expect(live.totals.allowance_total).toBe(15500n);
  });

  it('splits an amount discount exactly in proportion to each rate’s net', () => {
    const values = invoice({ allowances: [{ ...emptyAdjustment('Discount'), amount: '100.00' }] });
    const { body, allowanceOrigin } = prepareRequest(values);
    // 3000.00 : 100.00 → 96.77 + 3.23 = 100.00
    expect(body.allowances).toEqual([
      { reason: 'Discount', amount: '96.77', tax_rate_id: 'r19' },
      { reason: 'Discount', amount: '3.23', tax_rate_id: 'r7' },
    ]);
    expect(allowanceOrigin).toEqual([0, 0]);
    expect(formErrors({ 'allowances.1.tax_rate_id': 'bad' }, prepareRequest(values))).toEqual({ 'allowances.0.amount': 'bad' });
  });

  it('keeps one rate when the lines have only one, and a row tied to a rate as it is', () => {
    const values = invoice({ lines: [{ ...emptyLine(), quantity: '1', unit_price: '10', tax_rate_id: 'r7' }] });
    values.allowances = [{ ...emptyAdjustment('A'), amount: '1.00' }, { ...emptyAdjustment('B'), amount: '2%', tax_rate_id: 'r7' }];
    expect(prepareRequest(values).body.allowances).toEqual([
      { reason: 'A', amount: '1.00', tax_rate_id: 'r7' },
      { reason: 'B', amount: '2%', tax_rate_id: 'r7' },
    ]);
  });

  it('folds a split back into one discount on all lines when loading', () => {
    const values = invoice();
    const nets = lineNetsByRate(values);
    const stored = [
      { key: 'a', reason: 'Discount', amount: '96.77', tax_rate_id: 'r19' },
      { key: 'b', reason: 'Discount', amount: '3.23', tax_rate_id: 'r7' },
      { key: 'c', reason: 'Loyalty', amount: '5%', tax_rate_id: 'r19' },
      { key: 'd', reason: 'Loyalty', amount: '5%', tax_rate_id: 'r7' },
      { key: 'e', reason: 'Other', amount: '10.00', tax_rate_id: 'r19' },
      { key: 'f', reason: 'Other', amount: '10.00', tax_rate_id: 'r7' },
    ];
    const folded = foldAdjustments(stored, nets, 'EUR');
    expect(folded.map((a) => [a.reason, a.amount, a.tax_rate_id])).toEqual([
      ['Discount', '100.00', ALL_RATES],
      ['Loyalty', '5%', ALL_RATES],
      ['Other', '10.00', 'r19'],
      ['Other', '10.00', 'r7'],
    ]);
  });
});
