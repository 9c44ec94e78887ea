/**
 * Product queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import type { ProductsTable } from '../../db/schema.ts';
import { containsPattern } from '../../db/dialect.ts';
import { decodeCursor } from '../../shared/pagination.ts';
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

  async list(query: ProductListQueryInput): Promise<ProductsTable[]> {
    let q = this.scoped().selectAll();
    if (query.archived !== 'all') q = q.where('archived', '=', query.archived === 'true' ? 1 : 0);
    if (query.q !== undefined && query.q.trim() !== '') {
      const pattern = containsPattern(query.q.trim());
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(sku)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(description)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (query.sort === 'name') {
      if (query.cursor) {
        const [name, id] = decodeCursor(query.cursor, 2) as [string, string];
        q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
      }
      q = q.orderBy('name', 'asc').orderBy('id', 'asc');
    } else {
      if (query.cursor) {
        const [id] = decodeCursor(query.cursor, 1) as [string];
        q = q.where('id', '<', id);
      }
      q = q.orderBy('id', 'desc');
    }
    return q.limit(query.limit + 1).execute();
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
