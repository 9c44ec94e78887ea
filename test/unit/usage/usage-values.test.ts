/**
 * The value a usage event contributes to its metric (usage-values.ts): exact decimals for sum
 * and max within ±10^12 and 6 decimals, text for unique_count, nothing for count; every
 * refusal names `properties.<field>`. Property test: any value in range round-trips exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventValue } from '../../../src/modules/usage/usage-values.ts';

const sum = { aggregation: 'sum' as const, field: 'gb' };

describe('eventValue', () => {
  it('reads nothing for count metrics, whatever the properties', () => {
    expect(eventValue({ aggregation: 'count', field: null }, { gb: 'x' })).toEqual({ value: null, valueScaled: null });
    expect(eventValue({ aggregation: 'count', field: null }, null)).toEqual({ value: null, valueScaled: null });
  });

  it('reads sums and maxima exactly, from numbers and decimal strings', () => {
    expect(eventValue(sum, { gb: 12 })).toEqual({ value: '12', valueScaled: '12000000' });
    expect(eventValue(sum, { gb: ' 1.500000 ' })).toEqual({ value: '1.5', valueScaled: '1500000' });
    expect(eventValue(sum, { gb: -0.000001 })).toEqual({ value: '-0.000001', valueScaled: '-1' });
    expect(eventValue({ aggregation: 'max', field: 'gb' }, { gb: '1000000000000' })).toEqual({ value: '1000000000000', valueScaled: '1000000000000000000' });
  });

  it('refuses what is missing, not a number, too precise or too large, naming properties.<field>', () => {
    for (const properties of [null, {}, { gb: null }, { gb: 'ten' }, { gb: '1e3' }, { gb: 1e21 }, { gb: '0.0000001' }, { gb: '1000000000000.000001' }, { gb: true }, { gb: [1] }, { gb: { n: 1 } }, { gb: Number.NaN }]) {
      const result = eventValue(sum, properties);
      expect(result, JSON.stringify(properties)).toMatchObject({ path: 'properties.gb' });
    }
  });

  it('reads only own properties (not what an object inherits)', () => {
    expect(eventValue({ aggregation: 'unique_count', field: 'constructor' }, {})).toMatchObject({ path: 'properties.constructor' });
    expect(eventValue({ aggregation: 'unique_count', field: 'toString' }, { toString: 'x' })).toEqual({ value: 'x', valueScaled: null });
  });

  it('reads unique_count values as text', () => {
    expect(eventValue({ aggregation: 'unique_count', field: 'user' }, { user: 'alice' })).toEqual({ value: 'alice', valueScaled: null });
    expect(eventValue({ aggregation: 'unique_count', field: 'user' }, { user: 42 })).toEqual({ value: '42', valueScaled: null });
    expect(eventValue({ aggregation: 'unique_count', field: 'user' }, { user: '' })).toMatchObject({ path: 'properties.user' });
  });

  it('round-trips every value within range exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (scaled) => {
        const negative = scaled < 0n;
        const digits = (negative ? -scaled : scaled).toString().padStart(7, '0');
        const text = `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
        const result = eventValue(sum, { gb: text });
        expect(result).toMatchObject({ valueScaled: scaled.toString() });
      }),
    );
  });
});
