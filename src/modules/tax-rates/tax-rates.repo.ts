/**
 * Tax rate queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import type { Executor } from '../../kernel/context.ts';
import type { TaxRatesTable } from '../../db/schema.ts';
import { applyCatalogueList } from '../../db/catalogue-list.ts';
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

  list(query: TaxRateListQueryInput): Promise<TaxRatesTable[]> {
    return applyCatalogueList(this.scoped().selectAll(), query, ['name']).execute();
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
