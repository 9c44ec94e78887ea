/**
 * What a CSV column can be imported into, per type, and how a mapping ({"E-Mail": "email"})
 * is checked against the file's header. Mapping problems name `mapping`.
 */
import { AppError } from '../../shared/errors.ts';
import { IMPORT_FIELDS, type ImportType } from '../../domain/import-fields.ts';

export { IMPORT_TYPES, IMPORT_FIELDS, DUPLICATE_KEY, type ImportType } from '../../domain/import-fields.ts';

/** A mapped column: which header, at which position. */
export interface Column {
  header: string;
  index: number;
}

/** Field → column, checked: every header exists, every target is a field of the type, no field twice. */
export type Columns = Map<string, Column>;

function mappingError(message: string): AppError {
  return AppError.validation('mapping', message);
}

/** The mapping as sent: a JSON object from column header to field ("" or null: not imported). */
export function parseMapping(text: string): Record<string, string | null> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw mappingError('must be a JSON object from column header to field, e.g. {"E-Mail": "email"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw mappingError('must be a JSON object from column header to field, e.g. {"E-Mail": "email"}');
  }
  const mapping: Record<string, string | null> = {};
  for (const [header, target] of Object.entries(value as Record<string, unknown>)) {
    if (target !== null && typeof target !== 'string') throw mappingError(`the target of "${header.slice(0, 100)}" must be a field name or null`);
    mapping[header] = target === '' ? null : target;
  }
  return mapping;
}

/** `customKeys`: the organization's custom fields of the type, mapped as `custom_fields.<key>`. */
export function resolveColumns(type: ImportType, mapping: Record<string, string | null>, headers: readonly string[], customKeys: readonly string[] = []): Columns {
  const { fields, required } = IMPORT_FIELDS[type];
  const targets = [...fields, ...customKeys.map((key) => `custom_fields.${key}`)];
  const columns: Columns = new Map();
  for (const [header, target] of Object.entries(mapping)) {
    if (target === null) continue;
    const index = headers.indexOf(header.trim());
    if (index < 0) throw mappingError(`"${header.slice(0, 100)}" is not a column of the file (its columns: ${headers.filter(Boolean).join(', ').slice(0, 300)})`);
    if (!targets.includes(target)) throw mappingError(`"${target.slice(0, 100)}" is not a field of ${type} (one of: ${targets.join(', ')})`);
    const taken = columns.get(target);
    if (taken) throw mappingError(`"${target}" is mapped from both "${taken.header}" and "${header}"`);
    columns.set(target, { header: headers[index] ?? header, index });
  }
  const missing = required.filter((field) => !columns.has(field));
  if (missing.length > 0) throw mappingError(`must map a column to ${missing.join(' and ')}`);
  return columns;
}
