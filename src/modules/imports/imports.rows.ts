/**
 * One CSV record into the input of the customers, products or tax rates API, validated by
 * that API's own schemas (and, for tax rates, its EN 16931 consistency rules), with every
 * problem reported as {row, column, message}. Empty cells are absent values: on create the
 * field's default, on update the stored value stays.
 */
import type { z } from 'zod';
import { DecimalError, normalizeLocaleDecimal, type DecimalSeparator } from '../../domain/money/index.ts';
import { AppError } from '../../shared/errors.ts';
import { CreateCustomer, UpdateCustomer, type CreateCustomerInput, type UpdateCustomerInput } from '../customers/customers.schemas.ts';
import { CreateProduct, UpdateProduct, type CreateProductInput, type UpdateProductInput } from '../products/products.schemas.ts';
import { CreateTaxRate, UpdateTaxRate, type CreateTaxRateInput, type UpdateTaxRateInput } from '../tax-rates/tax-rates.schemas.ts';
import { assertTaxRateConsistent } from '../tax-rates/tax-rates.service.ts';
import type { Columns } from './imports.fields.ts';

export interface RowError {
  /** 1-based data row: the first line after the header is row 1. */
  row: number;
  /** The column's header as in the file; null when the problem is the row as a whole. */
  column: string | null;
  message: string;
}

/** The non-empty cells of a record by field, trimmed. */
export type Cells = Map<string, string>;

export function cellsOf(cells: readonly string[], columns: Columns): Cells {
  const out: Cells = new Map();
  for (const [field, column] of columns) {
    const value = (cells[column.index] ?? '').trim();
    if (value !== '') out.set(field, value);
  }
  return out;
}

/** Collects a row's problems, naming the column each field was read from. */
export class RowProblems {
  readonly errors: RowError[] = [];
  constructor(
    readonly row: number,
    private readonly columns: Columns,
  ) {}

  add(field: string | null, message: string): void {
    const column = field === null ? null : (this.columns.get(field) ?? [...this.columns].find(([f]) => f.startsWith(`${field}.`))?.[1]);
    this.errors.push({ row: this.row, column: column?.header ?? null, message: column === undefined && field !== null ? `${field}: ${message}` : message });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** The schema's verdict, its issues added to `problems` (paths as field names; `alias` renames). */
function parsed<S extends z.ZodType>(schema: S, input: unknown, problems: RowProblems, alias: Record<string, string> = {}): z.output<S> | null {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    // An empty cell is an absent value: say so rather than "expected string, received undefined".
    const message = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined ? 'is required' : issue.message;
    problems.add(path === '' ? null : (alias[path] ?? path), message);
  }
  return null;
}

function decimal(value: string, separator: DecimalSeparator, field: string, problems: RowProblems): string | undefined {
  try {
    return normalizeLocaleDecimal(value, separator);
  } catch (error) {
    if (error instanceof DecimalError) {
      problems.add(field, error.message);
      return undefined;
    }
    throw error;
  }
}

// ── Customers ──────────────────────────────────────────────────────────────

type AddressInput = Record<string, string | null>;

function customerFields(cells: Cells, problems: RowProblems, address: AddressInput | null): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const addressCells: AddressInput = {};
  for (const [field, value] of cells) {
    if (field.startsWith('address.')) addressCells[field.slice('address.'.length)] = value;
    else if (field === 'payment_terms_days') {
      if (/^\d{1,5}$/.test(value)) input[field] = Number(value);
      else problems.add(field, 'must be a whole number of days');
    } else input[field] = value;
  }
  if (Object.keys(addressCells).length > 0) input.address = { ...(address ?? {}), ...addressCells };
  return input;
}

export function customerToCreate(cells: Cells, problems: RowProblems): CreateCustomerInput | null {
  const input = customerFields(cells, problems, null);
  const out = parsed(CreateCustomer, input, problems);
  return problems.ok ? out : null;
}

/** The changes for an existing customer; its stored address is kept where the file has no cell. */
export function customerToUpdate(cells: Cells, problems: RowProblems, address: AddressInput | null): UpdateCustomerInput | null {
  const input = customerFields(cells, problems, address);
  const out = parsed(UpdateCustomer, input, problems);
  return problems.ok ? out : null;
}

// ── Products ───────────────────────────────────────────────────────────────

/** Finds the tax rate a cell names ("VAT 19%", "19", "19,0 %", a name or an id): its id, or a message. */
export type TaxRateResolver = (cell: string) => { id: string } | { error: string };

function productFields(cells: Cells, separator: DecimalSeparator, resolveTaxRate: TaxRateResolver, problems: RowProblems): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, value] of cells) {
    if (field === 'unit_price') {
      const price = decimal(value.replace(/^[€$£]\s*|\s*[€$£]$|\s*(EUR|USD|GBP|CHF)$/giu, ''), separator, field, problems);
      if (price !== undefined) input.unit_price = price;
    } else if (field === 'tax_rate') {
      const rate = resolveTaxRate(value);
      if ('id' in rate) input.tax_rate_id = rate.id;
      else problems.add('tax_rate', rate.error);
    } else input[field] = value;
  }
  return input;
}

export function productToCreate(cells: Cells, separator: DecimalSeparator, resolveTaxRate: TaxRateResolver, problems: RowProblems): CreateProductInput | null {
  const out = parsed(CreateProduct, productFields(cells, separator, resolveTaxRate, problems), problems, { tax_rate_id: 'tax_rate' });
  return problems.ok ? out : null;
}

export function productToUpdate(cells: Cells, separator: DecimalSeparator, resolveTaxRate: TaxRateResolver, problems: RowProblems): UpdateProductInput | null {
  const out = parsed(UpdateProduct, productFields(cells, separator, resolveTaxRate, problems), problems, { tax_rate_id: 'tax_rate' });
  return problems.ok ? out : null;
}

// ── Tax rates ──────────────────────────────────────────────────────────────

function taxRateFields(cells: Cells, separator: DecimalSeparator, problems: RowProblems): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, value] of cells) {
    if (field === 'percentage') {
      const percentage = decimal(value.replace(/\s*%$/u, ''), separator, field, problems);
      if (percentage !== undefined) input.percentage = percentage;
    } else if (field === 'category') input.category = value.toUpperCase();
    else input[field] = value;
  }
  return input;
}

/** EN 16931's rules on the complete rate, reported on the row. */
function consistent(rate: Parameters<typeof assertTaxRateConsistent>[0], problems: RowProblems): boolean {
  try {
    assertTaxRateConsistent(rate);
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.fieldErrors.length === 0) problems.add(null, error.message);
    for (const fieldError of error.fieldErrors) problems.add(fieldError.path, fieldError.message);
    return false;
  }
}

export function taxRateToCreate(cells: Cells, separator: DecimalSeparator, problems: RowProblems): CreateTaxRateInput | null {
  const out = parsed(CreateTaxRate, taxRateFields(cells, separator, problems), problems);
  if (out === null || !problems.ok) return null;
  return consistent(out, problems) ? out : null;
}

export function taxRateToUpdate(
  cells: Cells,
  separator: DecimalSeparator,
  problems: RowProblems,
  stored: Parameters<typeof assertTaxRateConsistent>[0],
): UpdateTaxRateInput | null {
  const out = parsed(UpdateTaxRate, taxRateFields(cells, separator, problems), problems);
  if (out === null || !problems.ok) return null;
  const merged = {
    category: out.category ?? stored.category,
    percentage: out.percentage ?? stored.percentage,
    exemption_reason: out.exemption_reason !== undefined ? out.exemption_reason : stored.exemption_reason,
    exemption_reason_code: out.exemption_reason_code !== undefined ? out.exemption_reason_code : stored.exemption_reason_code,
  };
  return consistent(merged, problems) ? out : null;
}
