/** Invalid input is refused with a DomainError that names the field, never rounded or guessed. */

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../src/domain/money/index.ts';
import {
  TAX_CATEGORIES,
  computeInvoiceTotals,
  isTaxCategory,
  isZeroRateCategory,
  requiresExemptionReason,
  type InvoiceTotalsInput,
  type LineInput,
} from '../../../../src/domain/tax/index.ts';
import { S19, S7, line } from './helpers.ts';

function rejection(input: InvoiceTotalsInput): DomainError {
  try {
    computeInvoiceTotals(input);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const invoice = (...lines: LineInput[]): InvoiceTotalsInput => ({ currency: 'EUR', prices_include_tax: false, lines });

describe('tax categories', () => {
  it('lists the EN 16931 codes', () => {
    expect(TAX_CATEGORIES).toEqual(['S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M']);
    expect(isTaxCategory('AE')).toBe(true);
    expect(isTaxCategory('X')).toBe(false);
  });

  it('knows which are 0% and which need an exemption reason', () => {
    expect(TAX_CATEGORIES.filter(isZeroRateCategory)).toEqual(['Z', 'E', 'AE', 'K', 'G', 'O']);
    expect(TAX_CATEGORIES.filter(requiresExemptionReason)).toEqual(['E', 'AE', 'K', 'G', 'O']);
  });
});

describe('computeInvoiceTotals rejects', () => {
  it('an unknown currency', () => {
    const error = rejection({ ...invoice(line('1', '1', S19)), currency: 'EUX' });
    expect(error).toMatchObject({ code: 'unknown_currency', path: 'currency' });
  });

  it('tax percentages outside 0..100 and rates that break the category rules', () => {
    expect(rejection(invoice(line('1', '1', { category: 'S', percentage: '100.5', key: 'k' })))).toMatchObject({
      code: 'invalid_tax',
      path: 'lines.0.tax.percentage',
      message: 'Tax percentage must be between 0 and 100',
    });
    expect(rejection(invoice(line('1', '1', { category: 'S', percentage: '-1', key: 'k' }))).code).toBe('invalid_tax');
    expect(rejection(invoice(line('1', '1', { category: 'AE', percentage: '19', key: 'k' }))).message).toBe(
      'Tax category AE (Reverse charge) must have a 0% rate',
    );
    expect(rejection(invoice(line('1', '1', { category: 'S', percentage: '0', key: 'k' }))).message).toMatch(/use category Z/);
    expect(rejection(invoice(line('1', '1', { category: 'VAT', percentage: '19', key: 'k' })))).toMatchObject({
      code: 'invalid_tax',
      path: 'lines.0.tax.category',
    });
    expect(rejection(invoice(line('1', '1', { category: 'S', percentage: '19', key: '' }))).path).toBe('lines.0.tax.key');
  });

  it('one tax key used with two different rates', () => {
    const error = rejection(invoice(line('1', '1', S19), line('1', '1', { ...S7, key: S19.key })));
    expect(error.message).toBe('Tax rate "vat-19" is used with two different categories or percentages');
  });

  it('a discount larger than the line, negative or over 100%', () => {
    expect(rejection(invoice(line('1', '10', S19, { discount: '10.01' })))).toMatchObject({
      code: 'invalid_discount',
      path: 'lines.0.discount',
      message: 'Line 1: the discount is larger than the line amount',
    });
    expect(rejection(invoice(line('1', '10', S19, { discount: '101%' }))).message).toBe('Line 1: discount percentage must be between 0 and 100');
    expect(rejection(invoice(line('1', '10', S19, { discount: '-1.00' }))).message).toBe('Line 1: discount must not be negative');
    expect(rejection(invoice(line('-1', '10', S19, { discount: '10.01' }))).code).toBe('invalid_discount');
    // Exactly the line amount is fine: a free item.
    expect(computeInvoiceTotals(invoice(line('1', '10', S19, { discount: '10.00' }))).total).toBe(0n);
    expect(computeInvoiceTotals(invoice(line('1', '10', S19, { discount: '100%' }))).total).toBe(0n);
  });

  it('too many decimals, negative prices and a zero base quantity', () => {
    expect(rejection(invoice(line('1.1234567', '1', S19)))).toMatchObject({
      code: 'invalid_decimal',
      path: 'lines.0.quantity',
      message: 'Line 1: quantity must have at most 6 decimal places',
    });
    expect(rejection(invoice(line('1', '0.0000001', S19))).path).toBe('lines.0.unit_price');
    expect(rejection(invoice(line('1', '-5', S19))).message).toBe('Line 1: unit price must not be negative; use a negative quantity for a return');
    expect(rejection(invoice(line('1', '5', S19, { base_quantity: '0' }))).path).toBe('lines.0.base_quantity');
    expect(rejection(invoice(line('1', '5', S19, { discount: '0.001' }))).message).toBe(
      'Line 1: discount "0.001" has more decimal places than EUR allows (2)',
    );
  });

  it('negative or over-precise document allowances and charges', () => {
    const base = invoice(line('1', '100', S19));
    expect(rejection({ ...base, allowances: [{ amount: '-5', tax: S19 }] })).toMatchObject({
      path: 'allowances.0.amount',
      message: 'Allowance 1: amount must not be negative',
    });
    expect(rejection({ ...base, charges: [{ amount: '5.001', tax: S19 }] }).path).toBe('charges.0.amount');
  });
});
