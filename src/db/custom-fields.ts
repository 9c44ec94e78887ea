/**
 * Custom fields as the resources that carry them need them (customers, products, invoices):
 * the organization's definitions for one resource, the values of a create or update checked
 * against them (a 422 naming `custom_fields.<key>`), the lines a document prints, and the
 * search over stored values. The definitions themselves are managed by
 * modules/custom-fields; the rules are domain/custom-fields.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import {
  applyCustomFieldValues,
  CUSTOM_FIELD_TYPES,
  parseCustomFieldValues,
  printedCustomFields,
  storeCustomFieldValues,
  type CustomFieldDefinition,
  type CustomFieldResource,
  type CustomFieldType,
  type CustomFieldValues,
  type PrintedCustomField,
} from '../domain/custom-fields.ts';
import { AppError } from '../shared/errors.ts';
import type { CustomFieldDefinitionsTable } from './schema.ts';
import { dialectOf } from './dialect.ts';
import type { DialectName, Executor } from './executor.ts';

export function definitionOf(row: CustomFieldDefinitionsTable): CustomFieldDefinition {
  let options: string[] = [];
  if (row.options !== null) {
    const parsed: unknown = JSON.parse(row.options);
    if (Array.isArray(parsed)) options = parsed.filter((o): o is string => typeof o === 'string');
  }
  const type = (CUSTOM_FIELD_TYPES as readonly string[]).includes(row.type) ? (row.type as CustomFieldType) : 'text';
  return { key: row.key, label: row.label, type, options, required: row.required === 1, printed: row.printed === 1 };
}

/** The organization's definitions for one resource, in display order. */
/**
 * Definitions read inside a transaction, kept for its life: an import writes thousands of
 * records in one transaction, each checking its values (a third of the import's time on
 * PostgreSQL when read per row). Only transactions are cached — they end, and definitions are
 * never changed and then read again in one (the custom-fields module writes them alone).
 */
const perTransaction = new WeakMap<Executor, Map<string, Promise<CustomFieldDefinition[]>>>();

export function customFieldDefinitions(db: Executor, orgId: string, resource: CustomFieldResource): Promise<CustomFieldDefinition[]> {
  if (!db.isTransaction) return readDefinitions(db, orgId, resource);
  let cached = perTransaction.get(db);
  if (cached === undefined) perTransaction.set(db, (cached = new Map<string, Promise<CustomFieldDefinition[]>>()));
  const key = `${orgId}\n${resource}`;
  let definitions = cached.get(key);
  if (definitions === undefined) cached.set(key, (definitions = readDefinitions(db, orgId, resource)));
  return definitions;
}

async function readDefinitions(db: Executor, orgId: string, resource: CustomFieldResource): Promise<CustomFieldDefinition[]> {
  const rows = await db
    .selectFrom('custom_field_definitions')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('resource', '=', resource)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(definitionOf);
}

/**
 * The values to store after a create (current null) or update: `input` undefined keeps the
 * stored ones as they are. Throws a 422 listing every bad field as `custom_fields.<key>`.
 */
export async function resolveCustomFields(db: Executor, orgId: string, resource: CustomFieldResource, current: string | null, input: unknown): Promise<string | null> {
  if (input === undefined) return current;
  const definitions = await customFieldDefinitions(db, orgId, resource);
  const { values, issues } = applyCustomFieldValues(definitions, parseCustomFieldValues(current), input);
  if (issues.length > 0) {
    throw new AppError('validation', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return storeCustomFieldValues(values);
}

/**
 * The required fields a stored set of values lacks (a definition made required after the
 * record was saved): `custom_fields.<key>` issues, empty when all are there.
 */
export async function missingRequiredCustomFields(db: Executor, orgId: string, resource: CustomFieldResource, valuesJson: string | null): Promise<{ path: string; message: string }[]> {
  const values = parseCustomFieldValues(valuesJson);
  const definitions = await customFieldDefinitions(db, orgId, resource);
  return definitions.filter((d) => d.required && (values[d.key] ?? '') === '').map((d) => ({ path: `custom_fields.${d.key}`, message: `is required ("${d.label}")` }));
}

/** Stored values as the API returns them. */
export function customFieldsOut(json: string | null): CustomFieldValues {
  return parseCustomFieldValues(json);
}

/** The printed lines of an invoice's values as of now (frozen into custom_fields_printed at finalization). */
export async function printedInvoiceCustomFields(db: Executor, orgId: string, valuesJson: string | null): Promise<PrintedCustomField[]> {
  const values = parseCustomFieldValues(valuesJson);
  if (Object.keys(values).length === 0) return [];
  return printedCustomFields(await customFieldDefinitions(db, orgId, 'invoice'), values);
}

/** The lines a document prints: frozen ones once finalized, else those of the draft's values now. */
export async function invoiceDocumentCustomFields(db: Executor, orgId: string, invoice: { custom_fields: string | null; custom_fields_printed: string | null }): Promise<PrintedCustomField[]> {
  if (invoice.custom_fields_printed !== null) {
    try {
      const parsed: unknown = JSON.parse(invoice.custom_fields_printed);
      return Array.isArray(parsed) ? (parsed as PrintedCustomField[]) : [];
    } catch {
      return [];
    }
  }
  return printedInvoiceCustomFields(db, orgId, invoice.custom_fields);
}

/**
 * A search condition: some custom field value of the row (its JSON column) contains the
 * pattern (a `containsPattern`, lower case). Keys are not searched, only values.
 */
export function customFieldValueMatches(dialect: DialectName, column: string, pattern: string): RawBuilder<boolean> {
  return dialect === 'postgres'
    ? sql<boolean>`exists (select 1 from jsonb_each_text(${sql.ref(column)}::jsonb) as cf where lower(cf.value) like ${pattern} escape '\\')`
    : sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) as cf where lower(cf.value) like ${pattern} escape '\\')`;
}

/** customFieldValueMatches for the dialect of an executor. */
export function customFieldSearch(db: Executor, column: string): (pattern: string) => RawBuilder<boolean> {
  const dialect = dialectOf(db);
  return (pattern) => customFieldValueMatches(dialect, column, pattern);
}
