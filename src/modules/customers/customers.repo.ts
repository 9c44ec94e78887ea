/**
 * Customer queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import type { Executor } from '../../kernel/context.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { applyCatalogueFilters, applyCatalogueList } from '../../db/catalogue-list.ts';
import { customFieldSearch } from '../../db/custom-fields.ts';
import { applySort, countRows, text, type SortSpec } from '../../db/sorted-list.ts';

/** `?sort=` of GET /customers (besides `created`). */
const CUSTOMERS_SORT: SortSpec = {
  name: [text('customers.name')],
  email: [text('customers.email')],
  created_at: [text('customers.created_at')],
};
import type { CustomerListQueryInput } from './customers.schemas.ts';

export class CustomersRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('customers').where('customers.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<CustomersTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** One page, newest first (`created`) or in `sort` order; `limit + 1` rows. */
  list(query: CustomerListQueryInput): Promise<CustomersTable[]> {
    let q = this.scoped().selectAll();
    if (query.ids !== undefined) q = q.where('customers.id', 'in', query.ids);
    if (query.sort === 'created' || query.sort === undefined) return applyCatalogueList(q, { ...query, sort: 'created' }, ['name', 'email', 'tax_id'], customFieldSearch(this.db, 'customers.custom_fields')).execute();
    return applySort(applyCatalogueFilters(q, query, ['name', 'email', 'tax_id'], customFieldSearch(this.db, 'customers.custom_fields')), CUSTOMERS_SORT, query.sort, 'customers.id', query.cursor, query.limit).execute();
  }

  /** How many match the list's filters. */
  count(query: Pick<CustomerListQueryInput, 'q' | 'archived' | 'ids'>): Promise<number> {
    let q = this.scoped().selectAll();
    if (query.ids !== undefined) q = q.where('customers.id', 'in', query.ids);
    return countRows(applyCatalogueFilters(q, query, ['name', 'email', 'tax_id'], customFieldSearch(this.db, 'customers.custom_fields')));
  }

  async insert(row: Omit<CustomersTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('customers').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<CustomersTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('customers').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('customers').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Whether a finalized invoice (which must outlive the customer) refers to it. */
  async hasDocuments(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('invoices')
      .select('id')
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', id)
      .where('status', '!=', 'draft')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Subscriptions or reported usage: billing history that names the customer (migration 0014). */
  async hasRecurringBilling(id: string): Promise<boolean> {
    const subscription = await this.db.selectFrom('subscriptions').select('id').where('organization_id', '=', this.orgId).where('customer_id', '=', id).limit(1).executeTakeFirst();
    if (subscription) return true;
    const usage = await this.db.selectFrom('usage_events').select('id').where('organization_id', '=', this.orgId).where('customer_id', '=', id).limit(1).executeTakeFirst();
    return usage !== undefined;
  }

  /** Drafts are work in progress: they go with the customer (their lines cascade). */
  async deleteDrafts(id: string): Promise<void> {
    await this.db
      .deleteFrom('invoices')
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', id)
      .where('status', '=', 'draft')
      .execute();
  }
}
