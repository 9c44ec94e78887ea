/**
 * What an import would do, row by row, decided before anything is written: each valid row
 * becomes a creation, an update of the duplicate it matches, or a skip; each invalid one
 * adds its problems. Duplicates are looked up in the organization and within the file.
 */
import type { Executor } from '../../kernel/context.ts';
import type { CustomersTable, ProductsTable, TaxRatesTable } from '../../db/schema.ts';
import { formatScaledTrimmed, normalizeLocaleDecimal, parseScaled, type DecimalSeparator } from '../../domain/money/index.ts';
import { isTaxCategory } from '../../domain/tax/index.ts';
import type { CustomFieldDefinition } from '../../domain/custom-fields.ts';
import { parseStoredAddress } from '../../kernel/http/schemas.ts';
import type { CsvTable } from './imports.csv.ts';
import { DUPLICATE_KEY, type Columns, type ImportType } from './imports.fields.ts';
import { customFieldsInput, takeCustomCells } from './imports.custom.ts';
import { ImportsRepo } from './imports.repo.ts';
import {
  RowProblems,
  cellsOf,
  customerToCreate,
  customerToUpdate,
  productToCreate,
  productToUpdate,
  taxRateToCreate,
  taxRateToUpdate,
  type Cells,
  type RowError,
  type TaxRateResolver,
} from './imports.rows.ts';

export type OnDuplicate = 'report' | 'update' | 'skip';

export type Action =
  | { row: number; kind: 'create'; input: unknown }
  | { row: number; kind: 'update'; id: string; input: unknown }
  | { row: number; kind: 'skip' };

export interface Plan {
  actions: Action[];
  errors: RowError[];
}

interface PlanOptions {
  type: ImportType;
  decimalSeparator: DecimalSeparator;
  onDuplicate: OnDuplicate;
  /** The organization's custom fields of the type (none for tax rates). */
  customFields: readonly CustomFieldDefinition[];
}

/** How one type reads its rows: the duplicate key of a row, the existing records, create and update inputs. */
interface Reader<E> {
  keyOf(cells: Cells): string | undefined;
  existing(keys: string[]): Promise<Map<string, E>>;
  idOf(existing: E): string;
  duplicate: string;
  toCreate(cells: Cells, problems: RowProblems): unknown;
  toUpdate(cells: Cells, problems: RowProblems, existing: E): unknown;
  /** The existing record's custom field values (JSON as stored). */
  customFieldsOf(existing: E): string | null;
}

const PERCENT_SCALE = 4;

/** Tax rates named by id, name, "name percentage%" (as the products export writes them) or a percentage. */
function taxRateResolver(rates: TaxRatesTable[], separator: DecimalSeparator): TaxRateResolver {
  return (cell) => {
    const lower = cell.toLowerCase();
    let matches = rates.filter((r) => r.id === cell || r.name.toLowerCase() === lower || `${r.name} ${r.percentage}%`.toLowerCase() === lower);
    if (matches.length === 0) {
      try {
        const percentage = formatScaledTrimmed(parseScaled(normalizeLocaleDecimal(cell.replace(/\s*%$/u, ''), separator), PERCENT_SCALE), PERCENT_SCALE);
        matches = rates.filter((r) => r.percentage === percentage);
      } catch {
        // not a percentage either
      }
    }
    const usable = matches.filter((r) => r.archived === 0);
    if (usable.length === 1 && usable[0]) return { id: usable[0].id };
    if (usable.length > 1) return { error: `matches several tax rates (${usable.map((r) => `${r.name} ${r.percentage}%`).join(', ')}); give the name` };
    if (matches.length > 0) return { error: 'is an archived tax rate; choose an active one' };
    return { error: 'is not a tax rate of this organization (give its name or percentage, e.g. "VAT 19%" or "19")' };
  };
}

async function readerFor(db: Executor, orgId: string, options: PlanOptions): Promise<Reader<unknown>> {
  const repo = new ImportsRepo(db, orgId);
  const separator = options.decimalSeparator;
  switch (options.type) {
    case 'customers': {
      const reader: Reader<CustomersTable> = {
        keyOf: (cells) => cells.get('email')?.toLowerCase(),
        existing: (keys) => repo.customersByEmail(keys),
        idOf: (c) => c.id,
        duplicate: 'a customer with this e-mail already exists',
        toCreate: (cells, problems) => customerToCreate(cells, problems),
        toUpdate: (cells, problems, c) => customerToUpdate(cells, problems, parseStoredAddress(c.address)),
        customFieldsOf: (c) => c.custom_fields,
      };
      return reader;
    }
    case 'products': {
      const resolve = taxRateResolver(await repo.taxRates(), separator);
      const reader: Reader<ProductsTable> = {
        keyOf: (cells) => cells.get('sku'),
        existing: (keys) => repo.productsBySku(keys),
        idOf: (p) => p.id,
        duplicate: 'a product with this SKU already exists',
        toCreate: (cells, problems) => productToCreate(cells, separator, resolve, problems),
        toUpdate: (cells, problems) => productToUpdate(cells, separator, resolve, problems),
        customFieldsOf: (p) => p.custom_fields,
      };
      return reader;
    }
    case 'tax_rates': {
      const rates = await repo.taxRates();
      const reader: Reader<TaxRatesTable> = {
        keyOf: (cells) => cells.get('name')?.toLowerCase(),
        existing: (keys) => {
          const wanted = new Set(keys);
          const byName = new Map<string, TaxRatesTable>();
          for (const rate of rates) if (wanted.has(rate.name.toLowerCase()) && !byName.has(rate.name.toLowerCase())) byName.set(rate.name.toLowerCase(), rate);
          return Promise.resolve(byName);
        },
        idOf: (r) => r.id,
        duplicate: 'a tax rate with this name already exists',
        toCreate: (cells, problems) => taxRateToCreate(cells, separator, problems),
        toUpdate: (cells, problems, r) =>
          taxRateToUpdate(cells, separator, problems, {
            category: isTaxCategory(r.category) ? r.category : 'S',
            percentage: r.percentage,
            exemption_reason: r.exemption_reason,
            exemption_reason_code: r.exemption_reason_code,
          }),
        customFieldsOf: () => null,
      };
      return reader;
    }
  }
}

function withCustomFields(input: unknown, customFields: Record<string, string> | undefined): unknown {
  return customFields === undefined || Object.keys(customFields).length === 0 ? input : { ...(input as object), custom_fields: customFields };
}

export async function planImport(db: Executor, orgId: string, table: CsvTable, columns: Columns, options: PlanOptions): Promise<Plan> {
  const reader = await readerFor(db, orgId, options);
  const rows = table.records.map((record) => {
    const values = cellsOf(record.cells, columns);
    return { ...record, values, custom: takeCustomCells(values) };
  });
  const keys = rows.map((r) => reader.keyOf(r.values)).filter((k): k is string => k !== undefined);
  const existing = await reader.existing(keys);
  const keyField = DUPLICATE_KEY[options.type];
  const seen = new Map<string, number>();
  const plan: Plan = { actions: [], errors: [] };
  for (const { row, cells, values, custom } of rows) {
    const problems = new RowProblems(row, columns);
    if (cells.length > table.headers.length && cells.slice(table.headers.length).some((cell) => cell.trim() !== '')) {
      problems.add(null, `has ${cells.length} cells but the header names ${table.headers.length} columns`);
    }
    const key = reader.keyOf(values);
    const earlier = key === undefined ? undefined : seen.get(key);
    if (key !== undefined && earlier !== undefined) problems.add(keyField, `repeats row ${earlier} (the same ${keyField} twice in the file)`);
    else if (key !== undefined) seen.set(key, row);
    const match = key === undefined ? undefined : existing.get(key);
    let action: Action | null = null;
    if (match !== undefined && options.onDuplicate === 'skip') action = { row, kind: 'skip' };
    else if (match !== undefined && options.onDuplicate === 'report') problems.add(keyField, reader.duplicate);
    else if (match !== undefined) {
      const input = reader.toUpdate(values, problems, match);
      const customFields = customFieldsInput(custom, options.customFields, options.decimalSeparator, { stored: reader.customFieldsOf(match) }, problems);
      if (input !== null) action = { row, kind: 'update', id: reader.idOf(match), input: withCustomFields(input, customFields) };
    } else {
      const input = reader.toCreate(values, problems);
      const customFields = customFieldsInput(custom, options.customFields, options.decimalSeparator, null, problems);
      if (input !== null) action = { row, kind: 'create', input: withCustomFields(input, customFields) };
    }
    if (problems.ok && action !== null) plan.actions.push(action);
    else plan.errors.push(...problems.errors);
  }
  return plan;
}
