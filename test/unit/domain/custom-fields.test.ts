/** The pure rules of custom field values (domain/custom-fields.ts). */
import { describe, expect, it } from 'vitest';
import { applyCustomFieldValues, parseCustomFieldValues, printedCustomFields, storeCustomFieldValues, type CustomFieldDefinition } from '../../../src/domain/custom-fields.ts';

const def = (key: string, type: CustomFieldDefinition['type'], extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  key,
  label: key.toUpperCase(),
  type,
  options: [],
  required: false,
  printed: false,
  ...extra,
});

const DEFS = [def('code', 'text', { printed: true }), def('amount', 'number'), def('day', 'date', { printed: true }), def('size', 'select', { options: ['S', 'M'], required: true })];

describe('custom field values', () => {
  it('merges, trims and clears', () => {
    const { values, issues } = applyCustomFieldValues(DEFS, { code: 'A', size: 'S', gone: 'x' }, { code: '  B ', amount: '-0.50', day: '2024-02-29', size: 'M' });
    expect(issues).toEqual([]);
    expect(values).toEqual({ code: 'B', amount: '-0.50', day: '2024-02-29', size: 'M' });
    expect(applyCustomFieldValues(DEFS, values, { code: null, amount: '' }).values).toEqual({ day: '2024-02-29', size: 'M' });
  });

  it('names every bad field', () => {
    const { issues } = applyCustomFieldValues(DEFS, {}, { amount: 1.5, day: '2023-02-29', nope: 'x', code: 'x'.repeat(501) });
    expect(issues.map((i) => i.path).sort()).toEqual(['custom_fields.amount', 'custom_fields.code', 'custom_fields.day', 'custom_fields.nope', 'custom_fields.size']);
    expect(applyCustomFieldValues(DEFS, {}, { size: 'L' }).issues).toEqual([{ path: 'custom_fields.size', message: 'must be one of: S, M' }]);
    expect(applyCustomFieldValues(DEFS, {}, ['x']).issues[0]?.path).toBe('custom_fields');
  });

  it('stores sorted JSON, reads damaged text as none, prints printed fields in order', () => {
    expect(storeCustomFieldValues({ b: '2', a: '1' })).toBe('{"a":"1","b":"2"}');
    expect(storeCustomFieldValues({})).toBeNull();
    expect(parseCustomFieldValues('not json')).toEqual({});
    expect(parseCustomFieldValues('{"a":"1","b":2}')).toEqual({ a: '1' });
    expect(printedCustomFields(DEFS, { day: '2026-01-01', code: 'X', amount: '1' })).toEqual([
      { label: 'CODE', type: 'text', value: 'X' },
      { label: 'DAY', type: 'date', value: '2026-01-01' },
    ]);
  });
});
