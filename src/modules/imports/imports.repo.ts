/**
 * Import queries, created for one organization: every query carries the organization filter.
 * Besides the imports table, the look-ups that find duplicates among existing customers,
 * products and tax rates (read-only, in chunks so no statement exceeds the parameter limits).
 */
import type { Executor } from '../../kernel/context.ts';
import type { CustomersTable, ImportsTable, ProductsTable, TaxRatesTable } from '../../db/schema.ts';

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class ImportsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  findByHash(hash: string): Promise<ImportsTable | undefined> {
    return this.db.selectFrom('imports').selectAll().where('organization_id', '=', this.orgId).where('hash', '=', hash).executeTakeFirst();
  }

  find(id: string): Promise<ImportsTable | undefined> {
    return this.db.selectFrom('imports').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  /** Newest first; `limit + 1` rows after the cursor (created_at|id). */
  list(limit: number, cursor: { createdAt: string; id: string } | null): Promise<ImportsTable[]> {
    let q = this.db.selectFrom('imports').selectAll().where('organization_id', '=', this.orgId);
    if (cursor) q = q.where((eb) => eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  }

  async insert(row: Omit<ImportsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('imports').values({ ...row, organization_id: this.orgId }).execute();
  }

  /** Existing customers by lower-cased e-mail (the oldest one when several share it). */
  async customersByEmail(emails: readonly string[]): Promise<Map<string, CustomersTable>> {
    const found = new Map<string, CustomersTable>();
    for (const chunk of chunks([...new Set(emails)])) {
      const rows = await this.db
        .selectFrom('customers')
        .selectAll()
        .where('organization_id', '=', this.orgId)
        .where('email', 'in', chunk)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const row of rows) if (row.email !== null && !found.has(row.email.toLowerCase())) found.set(row.email.toLowerCase(), row);
    }
    return found;
  }

  /** Existing products by SKU. */
  async productsBySku(skus: readonly string[]): Promise<Map<string, ProductsTable>> {
    const found = new Map<string, ProductsTable>();
    for (const chunk of chunks([...new Set(skus)])) {
      const rows = await this.db.selectFrom('products').selectAll().where('organization_id', '=', this.orgId).where('sku', 'in', chunk).execute();
      for (const row of rows) if (row.sku !== null) found.set(row.sku, row);
    }
    return found;
  }

  /** Every tax rate of the organization (a short list), oldest first. */
  taxRates(): Promise<TaxRatesTable[]> {
    return this.db.selectFrom('tax_rates').selectAll().where('organization_id', '=', this.orgId).orderBy('created_at').orderBy('id').execute();
  }
}
