/**
 * CSV imports of customers, products and tax rates. A real run is all-or-nothing in one
 * transaction: every row is validated first (by the same schemas and rules as the APIs) and
 * one bad row imports nothing; then each row is written through the same use case as
 * POST/PATCH of its API, so the same domain events (customer.created …) reach the audit log,
 * the events API and webhooks. A run is idempotent by its file: the SHA-256 of the bytes
 * and the options is stored with the import, and the same file again answers the first run.
 */
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, ImportsTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { customFieldDefinitions } from '../../db/custom-fields.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { DecimalSeparator } from '../../domain/money/index.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { decodeCursor, encodeCursor, type Page } from '../../shared/pagination.ts';
import { createCustomer, updateCustomer } from '../customers/customers.service.ts';
import type { CreateCustomerInput, UpdateCustomerInput } from '../customers/customers.schemas.ts';
import { createProduct, updateProduct } from '../products/products.service.ts';
import type { CreateProductInput, UpdateProductInput } from '../products/products.schemas.ts';
import { createTaxRate, updateTaxRate } from '../tax-rates/tax-rates.service.ts';
import type { CreateTaxRateInput, UpdateTaxRateInput } from '../tax-rates/tax-rates.schemas.ts';
import { readCsv, type Delimiter } from './imports.csv.ts';
import { resolveColumns, type Columns, type ImportType } from './imports.fields.ts';
import { planImport, type Action, type OnDuplicate } from './imports.plan.ts';
import { ImportsRepo } from './imports.repo.ts';
import { RowProblems, type RowError } from './imports.rows.ts';
import type { ImportRecordOut, ImportResultOut } from './imports.schemas.ts';

/** At most this many row problems are listed in an answer (error_count has them all). */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportOptions {
  type: ImportType;
  mapping: Record<string, string | null>;
  decimalSeparator: DecimalSeparator;
  dryRun: boolean;
  onDuplicate: OnDuplicate;
  delimiter: Delimiter | undefined;
}

export interface Upload {
  bytes: Buffer;
  fileName: string | null;
}

/** A real run refused because rows are invalid: nothing was imported (422). */
export class ImportRejected extends Error {
  constructor(readonly result: ImportResultOut) {
    super(`${result.error_count} row problem(s); nothing was imported`);
  }
}

export function importRecordOut(row: ImportsTable): ImportRecordOut {
  const { organization_id: _org, hash: _hash, type, ...rest } = row;
  return { ...rest, type: type as ImportType };
}

function storedResult(row: ImportsTable, replayed: boolean): ImportResultOut {
  return { ...importRecordOut(row), dry_run: false, valid: row.rows, error_count: 0, errors: [], replayed };
}

/** SHA-256 of the options that change what the file means, then the file's bytes. */
export function importHash(bytes: Buffer, options: ImportOptions, delimiter: Delimiter): string {
  const mapping = Object.entries(options.mapping)
    .filter(([, target]) => target !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify({ type: options.type, mapping, decimal_separator: options.decimalSeparator, on_duplicate: options.onDuplicate, delimiter }));
  hash.update('\n');
  hash.update(bytes);
  return hash.digest('hex');
}

/** Writes one planned row through its API's use case; a refusal becomes the row's problem. */
async function write(ctx: RequestContext, type: ImportType, action: Action, columns: Columns): Promise<void> {
  if (action.kind === 'skip') return;
  try {
    if (type === 'customers') {
      if (action.kind === 'create') await createCustomer(ctx, action.input as CreateCustomerInput);
      else await updateCustomer(ctx, action.id, action.input as UpdateCustomerInput);
    } else if (type === 'products') {
      if (action.kind === 'create') await createProduct(ctx, action.input as CreateProductInput);
      else await updateProduct(ctx, action.id, action.input as UpdateProductInput);
    } else if (action.kind === 'create') await createTaxRate(ctx, action.input as CreateTaxRateInput);
    else await updateTaxRate(ctx, action.id, action.input as UpdateTaxRateInput);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = new RowProblems(action.row, columns);
    if (error.fieldErrors.length === 0) problems.add(null, error.message);
    for (const fieldError of error.fieldErrors) problems.add(fieldError.path === 'tax_rate_id' ? 'tax_rate' : fieldError.path, fieldError.message);
    throw new RowsRefused(problems.errors);
  }
}

class RowsRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super('a row was refused while writing');
  }
}

export async function runImport(ctx: RequestContext, upload: Upload, options: ImportOptions): Promise<{ status: 200 | 201; result: ImportResultOut }> {
  const table = await readCsv(upload.bytes, options.delimiter);
  const customFields = options.type === 'tax_rates' ? [] : await customFieldDefinitions(ctx.db.kysely, ctx.orgId, options.type === 'customers' ? 'customer' : 'product');
  const columns = resolveColumns(
    options.type,
    options.mapping,
    table.headers,
    customFields.map((d) => d.key),
  );
  const hash = importHash(upload.bytes, options, table.delimiter);
  const base = { type: options.type, file_name: upload.fileName, rows: table.records.length, dry_run: options.dryRun, replayed: false };
  const refused = (errors: RowError[], valid: number): ImportRejected =>
    new ImportRejected({ ...base, id: null, valid, created: 0, updated: 0, skipped: 0, created_by: null, created_at: null, error_count: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) });
  try {
    return await inTransaction(ctx.db, async (trx: Transaction<Database>) => {
      const repo = new ImportsRepo(trx, ctx.orgId);
      if (!options.dryRun) {
        const earlier = await repo.findByHash(hash);
        if (earlier) return { status: 200 as const, result: storedResult(earlier, true) };
      }
      const plan = await planImport(trx, ctx.orgId, table, columns, { ...options, customFields });
      const invalidRows = new Set(plan.errors.map((e) => e.row)).size;
      const count = (kind: Action['kind']) => plan.actions.filter((a) => a.kind === kind).length;
      const counts = { created: count('create'), updated: count('update'), skipped: count('skip') };
      if (options.dryRun) {
        const result: ImportResultOut = {
          ...base,
          id: null,
          valid: table.records.length - invalidRows,
          ...counts,
          created_by: null,
          created_at: null,
          error_count: plan.errors.length,
          errors: plan.errors.slice(0, MAX_LISTED_ERRORS),
        };
        return { status: 200 as const, result };
      }
      if (plan.errors.length > 0) throw refused(plan.errors, table.records.length - invalidRows);
      // The import's row first: a concurrent run of the same file waits here, then finds it.
      const row: Omit<ImportsTable, 'organization_id'> = {
        id: newId('imp'),
        type: options.type,
        hash,
        file_name: upload.fileName,
        rows: table.records.length,
        ...counts,
        created_by: ctx.actor.userId,
        created_at: nowIso(ctx.clock),
      };
      await repo.insert(row);
      const writing: RequestContext = { ...ctx, db: { ...ctx.db, kysely: trx } };
      for (const action of plan.actions) await write(writing, options.type, action, columns);
      return { status: 201 as const, result: storedResult({ ...row, organization_id: ctx.orgId }, false) };
    });
  } catch (error) {
    if (error instanceof RowsRefused) throw refused(error.errors, table.records.length - new Set(error.errors.map((e) => e.row)).size);
    if (isUniqueViolation(error) && !ctx.db.kysely.isTransaction) {
      // The same file imported at the same moment by another request: answer that import.
      const earlier = await new ImportsRepo(ctx.db.kysely, ctx.orgId).findByHash(hash);
      if (earlier) return { status: 200, result: storedResult(earlier, true) };
    }
    throw error;
  }
}

export async function listImports(ctx: RequestContext, query: { limit: number; cursor?: string | undefined }): Promise<Page<ImportRecordOut>> {
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, 2);
  const rows = await new ImportsRepo(ctx.db.kysely, ctx.orgId).list(query.limit, cursor === null ? null : { createdAt: String(cursor[0]), id: String(cursor[1]) });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(importRecordOut), next_cursor: rows.length > query.limit && last ? encodeCursor([last.created_at, last.id]) : null };
}

export async function getImport(ctx: RequestContext, id: string): Promise<ImportRecordOut> {
  const row = await new ImportsRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Import');
  return importRecordOut(row);
}
