/**
 * Tax rate queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import type { TaxRatesTable } from '../../db/schema.ts';
import { containsPattern } from '../../db/dialect.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { TaxRateListQueryInput } from './tax-rates.schemas.ts';

/**
 * True when a write failed because a foreign key would dangle (a product pointing at a tax
 * rate deleted at the same moment). Belongs beside isUniqueViolation in db/dialect.ts.
 */
export class TaxRatesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('tax_rates').where('tax_rates.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<TaxRatesTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(query: TaxRateListQueryInput): Promise<TaxRatesTable[]> {
    let q = this.scoped().selectAll();
    if (query.archived !== 'all') q = q.where('archived', '=', query.archived === 'true' ? 1 : 0);
    if (query.q !== undefined && query.q.trim() !== '') {
      const pattern = containsPattern(query.q.trim());
      q = q.where((eb) => eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`));
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

  async insert(row: Omit<TaxRatesTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('tax_rates').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<TaxRatesTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('tax_rates').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('tax_rates').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Whether any product of the organization (archived or not) uses the rate. */
  /** Whether a product, an invoice line or an allowance/charge refers to the rate. */
  async isInUse(id: string): Promise<boolean> {
    for (const table of ['products', 'invoice_lines', 'invoice_adjustments'] as const) {
      const row = await this.db
        .selectFrom(table)
        .select('id')
        .where('organization_id', '=', this.orgId)
        .where('tax_rate_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (row !== undefined) return true;
    }
    return false;
  }
}
