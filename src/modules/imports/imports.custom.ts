/**
 * Custom field columns of an import (`custom_fields.<key>` in the mapping, customers and
 * products): the cells read as the API reads values — numbers in the file's decimal format,
 * dates YYYY-MM-DD, selects one of the options — and checked by the same rules
 * (domain/custom-fields.ts) while planning, so a dry run reports them by row and column.
 */
import { applyCustomFieldValues, parseCustomFieldValues, type CustomFieldDefinition, type CustomFieldValues } from '../../domain/custom-fields.ts';
import { DecimalError, normalizeLocaleDecimal, type DecimalSeparator } from '../../domain/money/index.ts';
import type { Cells, RowProblems } from './imports.rows.ts';

export const CUSTOM_FIELD_TARGET = 'custom_fields.';

/** Takes a row's custom field cells out of `cells` (they are not the record's own fields): key → cell. */
export function takeCustomCells(cells: Cells): Map<string, string> {
  const custom = new Map<string, string>();
  for (const [field, value] of cells) {
    if (!field.startsWith(CUSTOM_FIELD_TARGET)) continue;
    custom.set(field.slice(CUSTOM_FIELD_TARGET.length), value);
    cells.delete(field);
  }
  return custom;
}

/**
 * The `custom_fields` input of a row, or undefined when the row gives none and may leave them
 * (an update). A new record is checked whole, required fields included, as the API does.
 */
export function customFieldsInput(
  custom: Map<string, string>,
  definitions: readonly CustomFieldDefinition[],
  separator: DecimalSeparator,
  /** The existing record's values (JSON as stored); `null` for a new record. */
  existing: { stored: string | null } | null,
  problems: RowProblems,
): CustomFieldValues | undefined {
  if (custom.size === 0 && existing !== null) return undefined;
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const input: CustomFieldValues = {};
  for (const [key, cell] of custom) {
    if (byKey.get(key)?.type !== 'number') {
      input[key] = cell;
      continue;
    }
    try {
      input[key] = normalizeLocaleDecimal(cell, separator);
    } catch (error) {
      if (!(error instanceof DecimalError)) throw error;
      problems.add(`${CUSTOM_FIELD_TARGET}${key}`, error.message);
    }
  }
  const current = existing === null ? {} : parseCustomFieldValues(existing.stored);
  for (const issue of applyCustomFieldValues(definitions, current, input).issues) problems.add(issue.path, issue.message);
  return input;
}
