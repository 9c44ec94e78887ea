/**
 * Custom fields (issue #19): the organization's own fields on customers, products and
 * invoices.
 *
 * - custom_field_definitions: one row per field (resource, key unique per organization and
 *   resource, label, type, select options as a JSON array, required, printed, position);
 * - customers, products, invoices: custom_fields, the values as JSON text {key: value}
 *   (text on both databases, like the other JSON documents; null: none);
 * - invoices: custom_fields_printed, the printed lines [{label, type, value}] frozen at
 *   finalization so an issued document keeps printing what it was issued with.
 *
 * Existing rows get NULL. Both invoice columns are frozen with the issued document by a
 * trigger of their own (the triggers of 0003/0023 and their column lists stay as they are):
 * once an invoice is not a draft, neither changes. Finalizing writes custom_fields_printed in
 * the same update that moves the draft out of 'draft', which the guard allows (old.status).
 *
 * Self-contained: kysely only.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('custom_field_definitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('resource', 'text', (c) => c.notNull().check(sql`resource in ('customer', 'product', 'invoice')`))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('text', 'number', 'date', 'select')`))
    .addColumn('options', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('printed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('custom_field_definitions_key_unique', ['organization_id', 'resource', 'key'])
    .execute();

  await db.schema.alterTable('customers').addColumn('custom_fields', 'text').execute();
  await db.schema.alterTable('products').addColumn('custom_fields', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('custom_fields', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('custom_fields_printed', 'text').execute();

  const message = 'the custom fields of a finalized invoice never change';
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(
        `create function settle_guard_invoice_custom_fields() returns trigger language plpgsql as $$
         begin
           if old.status <> 'draft' and (new.custom_fields is distinct from old.custom_fields
               or new.custom_fields_printed is distinct from old.custom_fields_printed) then
             raise exception '${message}' using errcode = 'integrity_constraint_violation';
           end if;
           return new;
         end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger invoices_custom_fields_frozen before update on invoices for each row execute function settle_guard_invoice_custom_fields()`).execute(db);
  } else {
    await sql
      .raw(
        `create trigger invoices_custom_fields_frozen before update on invoices
         when old.status <> 'draft' and (new.custom_fields is not old.custom_fields or new.custom_fields_printed is not old.custom_fields_printed)
         begin select raise(abort, '${message}'); end`,
      )
      .execute(db);
  }
}
