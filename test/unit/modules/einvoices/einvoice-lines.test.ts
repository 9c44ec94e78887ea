/**
 * An issued line as an EN 16931 line (einvoice-lines.ts): the stored net printed verbatim, and
 * whatever separates quantity × price from it as one line allowance or charge of exactly the
 * difference; a percentage discount states its base and rate.
 */
import { describe, expect, it } from 'vitest';
import { einvoiceLine } from '../../../../src/modules/einvoices/einvoice-lines.ts';

const tax = { category: 'S', percentage: '19' };
const line = (fields: { quantity?: string; unit_price?: string; discount?: string | null; net_amount: string; base_quantity?: string }) => ({
  description: 'Workshop',
  quantity: '2',
  unit_price: '950',
  discount: null,
  tax,
  ...fields,
});

describe('e-invoice lines', () => {
  it('states a percentage discount with its base and rate', () => {
    const out = einvoiceLine(line({ discount: '10%', net_amount: '1710.00' }), 0, 'EUR', false);
    expect(out).toMatchObject({ id: '1', quantity: '2', unitCode: 'C62', netAmount: '1710.00', price: { net: '950' }, tax: { category: 'S', percent: '19' } });
    expect(out.allowances).toEqual([{ amount: '190.00', reason: 'Discount', baseAmount: '1900.00', percentage: '10' }]);
  });

  it('gives an amount discount as its amount, and none for 0 %', () => {
    expect(einvoiceLine(line({ discount: '5.00', net_amount: '1895.00' }), 0, 'EUR', false).allowances).toEqual([{ amount: '5.00', reason: 'Discount' }]);
    expect(einvoiceLine(line({ discount: '0%', net_amount: '1900.00' }), 0, 'EUR', false).allowances).toBeUndefined();
  });

  it('turns a return line’s mirrored discount into a charge, so net = quantity × price − allowances + charges holds', () => {
    const out = einvoiceLine(line({ quantity: '-1', unit_price: '100', discount: '10%', net_amount: '-90.00' }), 0, 'EUR', false);
    expect(out.netAmount).toBe('-90.00');
    expect(out.allowances).toBeUndefined();
    expect(out.charges).toEqual([{ amount: '10.00', reason: 'Discount on the returned item' }]);
  });

  it('prints the price base quantity when it is not 1', () => {
    const out = einvoiceLine({ ...line({ quantity: '250', unit_price: '12', net_amount: '30.00', base_quantity: '100' }), unit_code: 'KGM' }, 0, 'EUR', false);
    expect(out.price).toEqual({ net: '12', baseQuantity: '100', baseUnitCode: 'KGM' });
    expect(out.allowances).toBeUndefined();
  });
});
