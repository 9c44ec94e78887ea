/**
 * Product queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import type { Executor } from '../../kernel/context.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { applyCatalogueFilters, applyCatalogueList } from '../../db/catalogue-list.ts';
import { customFieldSearch } from '../../db/custom-fields.ts';
import { applySort, countRows, num, text, type SortSpec } from '../../db/sorted-list.ts';

/** `?sort=` of GET /products (besides `created`). */
const PRODUCTS_SORT: SortSpec = {
  name: [text('products.name')],
  sku: [text('products.sku')],
  unit_price: [num('products.unit_price')],
  created_at: [text('products.created_at')],
};
import type { ProductListQueryInput } from './products.schemas.ts';

export class ProductsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('products').where('products.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<ProductsTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One page, newest first (`created`) or in `sort` order; `limit + 1` rows. */
  list(query: ProductListQueryInput): Promise<ProductsTable[]> {
    let q = this.scoped().selectAll();
    if (query.ids !== undefined) q = q.where('products.id', 'in', query.ids);
    if (query.sort === 'created' || query.sort === undefined) return applyCatalogueList(q, { ...query, sort: 'created' }, ['name', 'sku', 'description'], customFieldSearch(this.db, 'products.custom_fields')).execute();
    return applySort(applyCatalogueFilters(q, query, ['name', 'sku', 'description'], customFieldSearch(this.db, 'products.custom_fields')), PRODUCTS_SORT, query.sort, 'products.id', query.cursor, query.limit).execute();
  }

  /** Tax rates' names with their percentage ("VAT 19%"), for the CSV export. */
  async taxRateNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('tax_rates').select(['id', 'name', 'percentage']).where('organization_id', '=', this.orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, `${row.name} ${row.percentage}%`]));
  }

  /** How many match the list's filters. */
  count(query: Pick<ProductListQueryInput, 'q' | 'archived' | 'ids'>): Promise<number> {
    let q = this.scoped().selectAll();
    if (query.ids !== undefined) q = q.where('products.id', 'in', query.ids);
    return countRows(applyCatalogueFilters(q, query, ['name', 'sku', 'description'], customFieldSearch(this.db, 'products.custom_fields')));
  }

  /** Whether another product of the organization already carries `sku`. */
  async skuTaken(sku: string, exceptId?: string): Promise<boolean> {
    let q = this.scoped().select('id').where('sku', '=', sku);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  async insert(row: Omit<ProductsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('products').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<ProductsTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('products').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('products').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Whether a finalized invoice has a line from this product (drafts just lose the link). */
  async isOnIssuedInvoices(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('invoice_lines')
      .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .select('invoice_lines.id')
      .where('invoice_lines.organization_id', '=', this.orgId)
      .where('invoice_lines.product_id', '=', id)
      .where('invoices.status', '!=', 'draft')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
