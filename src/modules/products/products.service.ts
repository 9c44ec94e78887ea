/**
 * Product use cases. Each change runs in one transaction with its audit event. A product's
 * tax rate must belong to the same organization; its SKU is unique within the organization.
 */
import { customFieldCsvColumns } from '../../kernel/http/csv-custom-fields.ts';
import { inTransaction } from '../../db/transaction.ts';
import { catalogueCursorKey } from '../../db/catalogue-list.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { formatScaledTrimmed, padFraction } from '../../domain/money/index.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { sortedPage } from '../../db/sorted-list.ts';
import { allPages, csvDialect, sendCsv, CSV_PAGE, type CsvColumn } from '../../kernel/http/csv-export.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { emit } from '../../kernel/events.ts';
import { customFieldsOut, resolveCustomFields } from '../../db/custom-fields.ts';
import { isForeignKeyViolation } from '../../db/dialect.ts';
import { TaxRatesRepo } from '../tax-rates/tax-rates.repo.ts';
import { ProductsRepo } from './products.repo.ts';
import { UNIT_PRICE_SCALE } from './products.schemas.ts';
import type { CreateProductInput, ProductListQueryInput, ProductOut, UpdateProductInput } from './products.schemas.ts';

/** A scaled unit price as text: trailing zeros dropped, but at least 2 decimals ("12.50", "0.004"). */
export function formatUnitPrice(scaled: number): string {
  return padFraction(formatScaledTrimmed(BigInt(scaled), UNIT_PRICE_SCALE), 2);
}

export function productOut(row: ProductsTable): ProductOut {
  const { organization_id: _org, custom_fields: customFields, ...rest } = row;
  return { ...rest, unit_price: formatUnitPrice(row.unit_price), archived: row.archived === 1, custom_fields: customFieldsOut(customFields) };
}

function skuConflict(sku: string | null): AppError {
  return new AppError('conflict', `Another product already has the SKU "${sku ?? ''}"`, [
    { path: 'sku', message: 'is already used by another product' },
  ]);
}

function unknownTaxRate(): AppError {
  return AppError.validation('tax_rate_id', 'is not a tax rate of this organization');
}

/**
 * A tax rate newly given to a product must exist in the organization and be active. The
 * message is the same whether the id is unknown or another organization's.
 */
async function assertTaxRateUsable(trx: Executor, orgId: string, taxRateId: string): Promise<void> {
  const rate = await new TaxRatesRepo(trx, orgId).find(taxRateId);
  if (!rate) throw unknownTaxRate();
  if (rate.archived === 1) throw AppError.validation('tax_rate_id', 'is an archived tax rate; choose an active one');
}

/** Maps constraint violations raised by a write that raced with another request. */
function writeError(error: unknown, sku: string | null): unknown {
  if (isUniqueViolation(error)) return skuConflict(sku);
  if (isForeignKeyViolation(error)) return unknownTaxRate();
  return error;
}

async function readProducts(ctx: RequestContext, query: ProductListQueryInput): Promise<Page<ProductOut>> {
  const rows = await new ProductsRepo(ctx.db.kysely, ctx.orgId).list(query);
  return query.sort === 'created' || query.sort === undefined
    ? toPage(rows, query.limit, (row) => catalogueCursorKey('created', row), productOut)
    : sortedPage(rows, query.limit, query.sort, productOut);
}

/** A page of products and how many match the filters in all. */
export async function listProducts(ctx: RequestContext, query: ProductListQueryInput): Promise<Page<ProductOut> & { total: number }> {
  const [page, total] = await Promise.all([readProducts(ctx, query), new ProductsRepo(ctx.db.kysely, ctx.orgId).count(query)]);
  return { ...page, total };
}

type ProductRow = ProductOut & { tax_rate: string | null };

const PRODUCT_COLUMNS: CsvColumn<ProductRow>[] = [
  { header: { en: 'Name', de: 'Name', fr: 'Nom', es: 'Nombre' }, value: (p) => p.name },
  { header: { en: 'SKU', de: 'Artikelnummer', fr: 'Référence', es: 'Referencia' }, value: (p) => p.sku },
  { header: { en: 'Description', de: 'Beschreibung', fr: 'Description', es: 'Descripción' }, value: (p) => p.description },
  { header: { en: 'Unit price', de: 'Einzelpreis', fr: 'Prix unitaire', es: 'Precio unitario' }, value: (p) => ({ decimal: p.unit_price }) },
  { header: { en: 'Unit', de: 'Einheit', fr: 'Unité', es: 'Unidad' }, value: (p) => p.unit },
  { header: { en: 'Tax rate', de: 'Steuersatz', fr: 'Taux de TVA', es: 'Tipo de IVA' }, value: (p) => p.tax_rate },
  { header: { en: 'Archived', de: 'Archiviert', fr: 'Archivé', es: 'Archivado' }, value: (p) => (p.archived ? 'x' : null) },
  { header: { en: 'Created', de: 'Angelegt', fr: 'Créé le', es: 'Creado' }, value: (p) => p.created_at.slice(0, 10) },
];

/** GET /products?format=csv: every product matching the filters, with its tax rate's name. */
export async function sendProductsCsv(ctx: RequestContext, request: FastifyRequest, reply: FastifyReply, query: ProductListQueryInput): Promise<FastifyReply> {
  const language = csvDialect(query.locale, request.headers['accept-language']).language;
  const name = { en: 'products', de: 'produkte', fr: 'produits', es: 'productos' }[language];
  return sendCsv(request, reply, `${name}-${nowIso(ctx.clock).slice(0, 10)}`, query.locale, [...PRODUCT_COLUMNS, ...(await customFieldCsvColumns<ProductRow>(ctx.db.kysely, ctx.orgId, 'product'))], () =>
    allPages(async (cursor) => {
      const page = await readProducts(ctx, { ...query, cursor, limit: CSV_PAGE });
      const names = await new ProductsRepo(ctx.db.kysely, ctx.orgId).taxRateNames(page.data.map((p) => p.tax_rate_id).filter((id): id is string => id !== null));
      return { rows: page.data.map((p) => ({ ...p, tax_rate: p.tax_rate_id === null ? null : (names.get(p.tax_rate_id) ?? null) })), next: page.next_cursor };
    }),
  );
}

export async function getProduct(ctx: RequestContext, id: string): Promise<ProductOut> {
  const row = await new ProductsRepo(ctx.db.kysely, ctx.orgId).find(id);
  if (!row) throw AppError.notFound('Product');
  return productOut(row);
}

export async function createProduct(ctx: RequestContext, input: CreateProductInput): Promise<ProductOut> {
  const now = nowIso(ctx.clock);
  const { custom_fields: customFields, ...fields } = input;
  const row: Omit<ProductsTable, 'organization_id'> = {
    id: newId('prd'),
    ...fields,
    custom_fields: null,
    unit_price: Number(input.unit_price),
    archived: input.archived ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new ProductsRepo(trx, ctx.orgId);
      if (row.tax_rate_id !== null) await assertTaxRateUsable(trx, ctx.orgId, row.tax_rate_id);
      if (row.sku !== null && (await repo.skuTaken(row.sku))) throw skuConflict(row.sku);
      row.custom_fields = await resolveCustomFields(trx, ctx.orgId, 'product', null, customFields ?? {});
      await repo.insert(row);
      const out = productOut({ ...row, organization_id: ctx.orgId });
      await emit(trx, ctx, { type: 'product.created', resource: { type: 'product', id: row.id }, after: out });
      return out;
    });
  } catch (error) {
    throw writeError(error, row.sku);
  }
}

export async function updateProduct(ctx: RequestContext, id: string, input: UpdateProductInput): Promise<ProductOut> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const repo = new ProductsRepo(trx, ctx.orgId);
      const before = await repo.find(id);
      if (!before) throw AppError.notFound('Product');
      const { unit_price, archived, custom_fields: customFields, ...rest } = input;
      if (rest.tax_rate_id !== undefined && rest.tax_rate_id !== null && rest.tax_rate_id !== before.tax_rate_id) {
        await assertTaxRateUsable(trx, ctx.orgId, rest.tax_rate_id);
      }
      if (rest.sku !== undefined && rest.sku !== null && rest.sku !== before.sku && (await repo.skuTaken(rest.sku, id))) {
        throw skuConflict(rest.sku);
      }
      const changes: Partial<ProductsTable> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      if (unit_price !== undefined) changes.unit_price = Number(unit_price);
      if (archived !== undefined) changes.archived = archived ? 1 : 0;
      if (customFields !== undefined) changes.custom_fields = await resolveCustomFields(trx, ctx.orgId, 'product', before.custom_fields, customFields);
      await repo.update(id, { ...changes, updated_at: nowIso(ctx.clock) });
      const after = await repo.find(id);
      if (!after) throw AppError.notFound('Product');
      const archiving = archived === true && before.archived === 0;
      await emit(trx, ctx, {
        type: 'product.updated',
        resource: { type: 'product', id },
        before: productOut(before),
        after: productOut(after),
        ...(archiving ? { audit: { action: 'product.archived' } } : {}),
      });
      return productOut(after);
    });
  } catch (error) {
    throw writeError(error, input.sku ?? null);
  }
}

export async function deleteProduct(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new ProductsRepo(trx, ctx.orgId);
    const before = await repo.find(id);
    if (!before) throw AppError.notFound('Product');
    if (await repo.isOnIssuedInvoices(id)) {
      throw AppError.conflict('This product appears on finalized invoices and cannot be deleted; archive it instead');
    }
    await repo.delete(id);
    await emit(trx, ctx, { type: 'product.deleted', resource: { type: 'product', id: id }, before: productOut(before) });
  });
}
