/** Amounts, numbers and dates on documents per locale, printed from the exact decimal strings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { supportedLocale } from '../../../src/domain/document-language.ts';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../../src/modules/documents/locale-format.ts';

const NNBSP = '\u202f'; // narrow no-break space: French thousands separator
const NBSP = '\u00a0'; // no-break space: before the currency sign in German and French

describe('formatMoney', () => {
  it('follows each locale’s separators and currency pattern', () => {
    expect(formatMoney('1234.56', 'EUR', 'de')).toBe(`1.234,56${NBSP}€`);
    expect(formatMoney('1234.56', 'EUR', 'fr')).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatMoney('1234.56', 'EUR', 'en')).toBe('€1,234.56');
    expect(formatMoney('1234.56', 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney('1234.56', 'CHF', 'de-CH')).toBe(`CHF${NBSP}1'234.56`);
  });

  it('prints exactly the digits given: JPY without decimals, BHD with three, unit prices with more', () => {
    expect(formatMoney('1235', 'JPY', 'en')).toBe('¥1,235');
    expect(formatMoney('1234.567', 'BHD', 'en')).toBe(`BHD${NBSP}1,234.567`);
    expect(formatMoney('0.004', 'EUR', 'de')).toBe(`0,004${NBSP}€`);
    expect(formatMoney('120.00', 'EUR', 'en')).toBe('€120.00');
  });

  it('keeps digits no float could hold', () => {
    expect(formatMoney('12345678901234567.89', 'EUR', 'en')).toBe('€12,345,678,901,234,567.89');
    expect(formatMoney('0.10', 'EUR', 'en')).toBe('€0.10');
  });

  it('places the minus sign as the locale does, and never shows −0', () => {
    expect(formatMoney('-1234.50', 'EUR', 'en')).toBe('-€1,234.50');
    expect(formatMoney('-1234.50', 'EUR', 'de')).toBe(`-1.234,50${NBSP}€`);
    expect(formatMoney('-0.00', 'EUR', 'en')).toBe('€0.00');
  });

  it('groups as the locale does: Indian lakh grouping, no grouping of four digits in Spanish', () => {
    expect(formatMoney('1234567.00', 'INR', 'en-IN')).toBe('₹12,34,567.00');
    expect(formatMoney('1234.56', 'EUR', 'es')).toBe(`1234,56${NBSP}€`);
    expect(formatMoney('12345.67', 'EUR', 'es')).toBe(`12.345,67${NBSP}€`);
  });

  it('agrees with Intl formatting the same decimal string, for any amount and locale', () => {
    const amount = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.constantFrom(0, 2, 3))
      .map(([negative, minor, digits]) => {
        const text = minor.toString().padStart(digits + 1, '0');
        const whole = text.slice(0, text.length - digits);
        // −0 is left out: Intl prints "-€0.00", documents print €0.00 (tested above).
        return `${negative && minor > 0n ? '-' : ''}${whole}${digits > 0 ? `.${text.slice(text.length - digits)}` : ''}`;
      });
    const locale = fc.constantFrom('en', 'de', 'fr', 'es', 'en-IN', 'de-CH', 'ar-EG', 'ja', 'pt-BR');
    const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'BHD', 'GBP');
    fc.assert(
      fc.property(amount, locale, currency, (value, loc, cur) => {
        const digits = value.split('.')[1]?.length ?? 0;
        const intl = new Intl.NumberFormat(loc, { style: 'currency', currency: cur, minimumFractionDigits: digits, maximumFractionDigits: digits });
        // Node's Intl formats decimal strings exactly (the string overload is missing from the TS lib).
        expect(formatMoney(value, cur, loc)).toBe(intl.format(value as unknown as number));
      }),
    );
  });

  it('shows anything that is not a decimal as it is, and falls back to English for unknown locales', () => {
    expect(formatMoney('n/a', 'EUR', 'de')).toBe('n/a');
    expect(formatMoney('5.00', 'EUR', 'xx-YY')).toBe('€5.00');
    expect(formatMoney('5.00', 'EUR', '<script>')).toBe('€5.00');
    expect(supportedLocale('not a tag!')).toBe('en');
    expect(supportedLocale('de-AT')).toBe('de-AT');
  });
});

describe('formatNumber, formatPercent, formatDate', () => {
  it('formats quantities with the locale’s separators, keeping every digit', () => {
    expect(formatNumber('1234.5', 'en')).toBe('1,234.5');
    expect(formatNumber('1234.5', 'de')).toBe('1.234,5');
    expect(formatNumber('0.000001', 'fr')).toBe('0,000001');
    expect(formatNumber('-2', 'en')).toBe('-2');
  });

  it('formats percentages as the locale writes them', () => {
    expect(formatPercent('19', 'en')).toBe('19%');
    expect(formatPercent('7.5', 'de')).toBe(`7,5${NBSP}%`);
    expect(formatPercent('20', 'fr')).toBe(`20${NBSP}%`);
  });

  it('formats calendar dates per locale, whatever the server’s time zone', () => {
    expect(formatDate('2026-11-23', 'en')).toBe('Nov 23, 2026');
    expect(formatDate('2026-11-23', 'de')).toBe('23.11.2026');
    expect(formatDate('2026-11-23', 'fr')).toBe('23 nov. 2026');
    expect(formatDate('2026-11-23', 'es')).toBe('23 nov 2026');
    expect(formatDate('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
