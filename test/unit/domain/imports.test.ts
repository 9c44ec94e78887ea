/** Locale decimals for CSV imports, and the guess of what a column header means. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatScaled, normalizeLocaleDecimal, parseScaled } from '../../../src/domain/money/index.ts';
import { guessImportField, guessImportMapping } from '../../../src/domain/import-fields.ts';

describe('normalizeLocaleDecimal', () => {
  it('reads both conventions exactly', () => {
    expect(normalizeLocaleDecimal('1.234,56', ',')).toBe('1234.56');
    expect(normalizeLocaleDecimal('1 234,56', ',')).toBe('1234.56');
    expect(normalizeLocaleDecimal('1\u202f234,56', ',')).toBe('1234.56');
    expect(normalizeLocaleDecimal('1.234.567', ',')).toBe('1234567');
    expect(normalizeLocaleDecimal('0,004', ',')).toBe('0.004');
    expect(normalizeLocaleDecimal('-3,5', ',')).toBe('-3.5');
    expect(normalizeLocaleDecimal('1,234.56', '.')).toBe('1234.56');
    expect(normalizeLocaleDecimal("1'234.5", '.')).toBe('1234.5');
    expect(normalizeLocaleDecimal(' 12 ', '.')).toBe('12');
  });

  it('refuses what is ambiguous or not a number', () => {
    for (const [text, separator] of [
      ['1,5', '.'],
      ['1.23,4', ','],
      ['1.2345,6', ','],
      ['1.234 567,8', ','],
      ['1,2,3', ','],
      ['12e3', '.'],
      ['abc', '.'],
      ['', ','],
      ['€12', '.'],
    ] as const) {
      expect(() => normalizeLocaleDecimal(text, separator), `${text} with ${separator}`).toThrow(/must be a number such as/);
    }
  });

  it('round-trips any decimal written with German grouping', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (scaled) => {
        const plain = formatScaled(scaled, 2);
        const [whole = '', fraction = ''] = plain.split('.');
        const german = `${whole.replace(/\B(?=(\d{3})+$)/g, '.')},${fraction}`;
        expect(parseScaled(normalizeLocaleDecimal(german, ','), 2)).toBe(scaled);
      }),
    );
  });
});

describe('guessImportField', () => {
  it('knows English, German, French and Spanish headers', () => {
    expect(guessImportMapping('customers', ['Firma', 'E-Mail', 'Land', 'PLZ', 'Ort', 'Kontakt-Mail'])).toEqual({
      Firma: 'name',
      'E-Mail': 'email',
      Land: 'address.country',
      PLZ: 'address.postal_code',
      Ort: 'address.city',
      'Kontakt-Mail': null,
    });
    expect(guessImportField('customers', 'Courriel')).toBe('email');
    expect(guessImportField('customers', 'País')).toBe('address.country');
    expect(guessImportField('products', 'Precio unitario')).toBe('unit_price');
    expect(guessImportField('products', 'Artikelnummer')).toBe('sku');
    expect(guessImportField('products', 'Tax rate')).toBe('tax_rate');
    expect(guessImportField('tax_rates', 'Satz')).toBe('percentage');
    expect(guessImportField('customers', 'Preis')).toBeNull();
  });

  it('gives each field to the first header only', () => {
    expect(guessImportMapping('customers', ['Name', 'Firma'])).toEqual({ Name: 'name', Firma: null });
  });
});
