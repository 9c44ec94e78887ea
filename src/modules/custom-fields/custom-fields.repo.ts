/**
 * Custom field definitions of one organization (every query starts from `scoped()`), and
 * the clean-up of values when a definition goes: customers, products and draft invoices lose
 * the key; finalized invoices keep theirs (they are part of the issued document).
 */
import type { Executor } from '../../kernel/context.ts';
import type { CustomFieldDefinitionsTable } from '../../db/schema.ts';
import { parseCustomFieldValues, storeCustomFieldValues, type CustomFieldResource } from '../../domain/custom-fields.ts';

export class CustomFieldsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('custom_field_definitions').where('organization_id', '=', this.orgId);
  }

  list(resource?: CustomFieldResource): Promise<CustomFieldDefinitionsTable[]> {
    let q = this.scoped().selectAll();
    if (resource !== undefined) q = q.where('resource', '=', resource);
    return q.orderBy('resource').orderBy('position').orderBy('id').execute();
  }

  find(id: string): Promise<CustomFieldDefinitionsTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  async keyTaken(resource: string, key: string): Promise<boolean> {
    return (await this.scoped().select('id').where('resource', '=', resource).where('key', '=', key).executeTakeFirst()) !== undefined;
  }

  async countFor(resource: string): Promise<{ count: number; maxPosition: number }> {
    const row = await this.scoped()
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max<number | null>('position').as('max_position')])
      .where('resource', '=', resource)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), maxPosition: row?.max_position === null || row?.max_position === undefined ? -1 : Number(row.max_position) };
  }

  async insert(row: Omit<CustomFieldDefinitionsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('custom_field_definitions').values({ ...row, organization_id: this.orgId }).execute();
  }

  async update(id: string, changes: Partial<Omit<CustomFieldDefinitionsTable, 'id' | 'organization_id' | 'resource' | 'key' | 'type'>>): Promise<void> {
    await this.db.updateTable('custom_field_definitions').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('custom_field_definitions').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Removes the key's values from the resource's rows (drafts only for invoices); returns how many rows changed. */
  async removeValues(resource: CustomFieldResource, key: string): Promise<number> {
    const table = resource === 'customer' ? 'customers' : resource === 'product' ? 'products' : 'invoices';
    let q = this.db.selectFrom(table).select(['id', 'custom_fields']).where('organization_id', '=', this.orgId).where('custom_fields', 'like', `%"${key}":%`);
    if (table === 'invoices') q = q.where('status', '=', 'draft');
    const rows = await q.orderBy('id').execute();
    let changed = 0;
    for (const row of rows) {
      const values = parseCustomFieldValues(row.custom_fields);
      if (values[key] === undefined) continue;
      delete values[key];
      await this.db.updateTable(table).set({ custom_fields: storeCustomFieldValues(values) }).where('organization_id', '=', this.orgId).where('id', '=', row.id).execute();
      changed += 1;
    }
    return changed;
  }
}
