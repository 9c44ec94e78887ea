/**
 * Custom fields (issue #19): the organization's own fields on customers, products and
 * invoices. Pure rules: what a definition is, and whether a set of values fits the
 * definitions of a resource. Every value is a string — text as written, numbers as exact
 * decimal strings ("1234.50"), dates as YYYY-MM-DD, selects one of the definition's options.
 */

export const CUSTOM_FIELD_RESOURCES = ['customer', 'product', 'invoice'] as const;
export type CustomFieldResource = (typeof CUSTOM_FIELD_RESOURCES)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Keys: a slug, lowercase letters, digits and underscores, starting with a letter. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;
/** The longest text value (and option) stored. */
export const CUSTOM_FIELD_TEXT_MAX = 500;
/** How many definitions one resource may have. */
export const CUSTOM_FIELD_MAX_PER_RESOURCE = 50;

export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  printed: boolean;
}

export type CustomFieldValues = Record<string, string>;

export interface CustomFieldIssue {
  path: string;
  message: string;
}

const DECIMAL = /^-?\d{1,18}(\.\d{1,10})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Why one value does not fit its definition, or null when it does. */
export function customFieldValueProblem(definition: CustomFieldDefinition, value: unknown): string | null {
  if (typeof value !== 'string') {
    return definition.type === 'number' ? 'must be a decimal string such as "12.50"' : 'must be a string';
  }
  if (value.length > CUSTOM_FIELD_TEXT_MAX) return `must be at most ${CUSTOM_FIELD_TEXT_MAX} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  switch (definition.type) {
    case 'text':
      return null;
    case 'number':
      return DECIMAL.test(value) ? null : 'must be a decimal string such as "12.50"';
    case 'date':
      return isRealDate(value) ? null : 'must be a real date written YYYY-MM-DD';
    case 'select':
      return definition.options.includes(value) ? null : `must be one of: ${definition.options.join(', ')}`;
  }
}

/**
 * The values after applying `input` to `current`: keys given set their value (null or ""
 * clears it), keys not given keep theirs. Text is trimmed. Every problem names its field as
 * `custom_fields.<key>`: unknown keys, wrong types, options not in the list, and required
 * fields left without a value. Values of fields no longer defined are dropped.
 */
export function applyCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  current: CustomFieldValues,
  input: unknown,
): { values: CustomFieldValues; issues: CustomFieldIssue[] } {
  const issues: CustomFieldIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { values: current, issues: [{ path: 'custom_fields', message: 'must be an object of field keys to values' }] };
  }
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values: CustomFieldValues = {};
  for (const [key, value] of Object.entries(current)) if (byKey.has(key)) values[key] = value;
  for (const [key, raw] of Object.entries(input as Record<string, unknown>)) {
    const definition = byKey.get(key);
    const path = `custom_fields.${key.slice(0, 60)}`;
    if (definition === undefined) {
      issues.push({ path, message: 'is not a custom field defined for this resource' });
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === null || value === '') {
      delete values[key];
      continue;
    }
    const problem = customFieldValueProblem(definition, value);
    if (problem !== null) issues.push({ path, message: problem });
    else values[key] = value as string;
  }
  for (const definition of definitions) {
    if (definition.required && values[definition.key] === undefined && !issues.some((i) => i.path === `custom_fields.${definition.key}`)) {
      issues.push({ path: `custom_fields.${definition.key}`, message: 'is required' });
    }
  }
  return { values, issues };
}

/** Stored values (JSON text, possibly null or damaged) as an object of strings. */
export function parseCustomFieldValues(json: string | null): CustomFieldValues {
  if (json === null || json === '') return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Values as stored: JSON with the keys sorted, or null when there are none. */
export function storeCustomFieldValues(values: CustomFieldValues): string | null {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return null;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, values[k]])));
}

/** One printed line of a document: the definition's label and the value. */
export interface PrintedCustomField {
  label: string;
  type: CustomFieldType;
  value: string;
}

/** The lines a document prints: printed definitions with a value, in definition order. */
export function printedCustomFields(definitions: readonly CustomFieldDefinition[], values: CustomFieldValues): PrintedCustomField[] {
  return definitions.filter((d) => d.printed && values[d.key] !== undefined).map((d) => ({ label: d.label, type: d.type, value: values[d.key] ?? '' }));
}
