/**
 * Customer queries, created for one organization: every query starts from `scoped()`,
 * which carries the organization filter, so no query here can reach another tenant's rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/context.ts';
import type { CustomersTable } from '../../db/schema.ts';
import { containsPattern } from '../../db/dialect.ts';
import { decodeCursor } from '../../shared/pagination.ts';
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

  async list(query: CustomerListQueryInput): Promise<CustomersTable[]> {
    let q = this.scoped().selectAll();
    if (query.archived !== 'all') q = q.where('archived', '=', query.archived === 'true' ? 1 : 0);
    if (query.q !== undefined && query.q.trim() !== '') {
      const pattern = containsPattern(query.q.trim());
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(tax_id)`, 'like', sql`${pattern} escape '\\'`),
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
