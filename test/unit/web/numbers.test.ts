import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../../../web/src/i18n/numbers.ts';

const ok = (value: string) => ({ ok: true, value });

describe('parseDecimal reads numbers as people type them', () => {
  it.each([
    ['de-DE', '1.500,00', '1500.00'],
    ['de-DE', '1.234,56', '1234.56'],
    ['de-DE', '1500', '1500'],
    ['de-DE', '12,5', '12.5'],
    ['de-DE', '12.5', '12.5'],
    ['de-DE', '1.500', '1500'],
    ['de-DE', '-0,75', '-0.75'],
    ['de-DE', '1.234.567,891', '1234567.891'],
    ['en-US', '1,500.00', '1500.00'],
    ['en-US', '12.50', '12.50'],
    ['en-US', '12,5', '12.5'],
    ['en-US', '0.000001', '0.000001'],
    ['fr-FR', '1\u202f500,00', '1500.00'],
    ['fr-FR', '1 500,00', '1500.00'],
    ['fr-FR', '1\u00a0500,25', '1500.25'],
    ['es-ES', '1.500,00', '1500.00'],
    ['de-CH', '1\u2019500.50', '1500.50'],
    ['de-CH', "1'500.50", '1500.50'],
    ['en-US', '007', '7'],
    ['en-US', '-0', '0'],
  ])('%s "%s" → %s', (locale, text, expected) => {
    expect(parseDecimal(text, locale)).toEqual(ok(expected));
  });

  it('keeps every digit of a long number, which a float would not', () => {
    expect(parseDecimal('12.345.678.901.234.567,89', 'de-DE')).toEqual(ok('12345678901234567.89'));
  });

  it.each([
    ['de-DE', '1,2,3'],
    ['de-DE', '1.50.0,00'],
    ['en-US', '1,50,000.00'],
    ['en-US', 'abc'],
    ['en-US', '12.5.1'],
    ['en-US', '1e5'],
    ['en-US', '--1'],
    ['en-US', '.'],
    ['en-US', '$5'],
  ])('%s refuses "%s"', (locale, text) => {
    expect(parseDecimal(text, locale)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('says empty for nothing typed', () => {
    expect(parseDecimal('  ', 'de-DE')).toEqual({ ok: false, reason: 'empty' });
  });

  it('takes a trailing % where a percentage is asked for', () => {
    expect(parseDecimal('5 %', 'de-DE', { percent: true })).toEqual(ok('5'));
    expect(parseDecimal('12,5%', 'de-DE', { percent: true })).toEqual(ok('12.5'));
    expect(parseDecimal('5%', 'en-US')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('formatDecimal shows API decimals for editing', () => {
  it.each([
    ['de-DE', '1500.00', '1.500,00'],
    ['en-US', '1500.5', '1,500.5'],
    ['en-US', '0.000001', '0.000001'],
    ['de-DE', '-3', '-3'],
    ['en-US', '12345678901234567.89', '12,345,678,901,234,567.89'],
  ])('%s %s → %s', (locale, value, expected) => {
    expect(formatDecimal(value, locale)).toBe(expected);
  });

  it('round-trips through parseDecimal in every supported locale', () => {
    for (const locale of ['de-DE', 'en-US', 'en-GB', 'fr-FR', 'es-ES', 'de-CH', 'fr-CA']) {
      for (const value of ['0', '1500.00', '1234567.891', '-0.5', '19']) {
        expect(parseDecimal(formatDecimal(value, locale), locale), `${locale} ${value}`).toEqual(ok(value));
      }
    }
  });

  it('pads to the minimum fraction digits asked for', () => {
    expect(formatDecimal('12', 'de-DE', { minimumFractionDigits: 2 })).toBe('12,00');
  });
});

import { datePatternOf, formatDateInput, parseDate } from '../../../web/src/i18n/dates.ts';

describe('dates in the locale order', () => {
  it.each([
    ['de-DE', 'DD.MM.YYYY'],
    ['en-US', 'MM/DD/YYYY'],
    ['en-GB', 'DD/MM/YYYY'],
    ['fr-FR', 'DD/MM/YYYY'],
    ['es-ES', 'DD/MM/YYYY'],
  ])('%s types dates as %s', (locale, format) => {
    expect(datePatternOf(locale).format).toBe(format);
  });

  it.each([
    ['de-DE', '06.12.2026', '2026-12-06'],
    ['de-DE', '6.12.26', '2026-12-06'],
    ['en-US', '12/06/2026', '2026-12-06'],
    ['fr-FR', '06/12/2026', '2026-12-06'],
    ['es-ES', '6-12-2026', '2026-12-06'],
    ['en-US', '2026-12-06', '2026-12-06'],
    ['de-DE', '29.02.2028', '2028-02-29'],
  ])('%s reads "%s" as %s', (locale, text, iso) => {
    expect(parseDate(text, locale)).toBe(iso);
  });

  it.each([
    ['de-DE', '31.02.2026'],
    ['de-DE', '29.02.2027'],
    ['en-US', '13/06/2026'],
    ['en-US', 'yesterday'],
    ['en-US', '12/06'],
    ['en-US', '12/06/202'],
  ])('%s refuses "%s"', (locale, text) => {
    expect(parseDate(text, locale)).toBeNull();
  });

  it('shows ISO dates in the locale order and reads them back', () => {
    for (const locale of ['de-DE', 'en-US', 'fr-FR', 'es-ES', 'en-GB']) {
      const shown = formatDateInput('2026-12-06', locale);
      expect(parseDate(shown, locale), locale).toBe('2026-12-06');
    }
    expect(formatDateInput('2026-12-06', 'de-DE')).toBe('06.12.2026');
    expect(formatDateInput('2026-12-06', 'en-US')).toBe('12/06/2026');
  });
});
