/**
 * CSV imports (issue #19): one row per import that ran for real (dry runs leave nothing).
 * `hash` is the SHA-256 of the file's bytes with the import's options (type, mapping, decimal
 * separator, delimiter, duplicate handling): unique per organization, so the same file
 * imported again answers the first import instead of creating its rows twice.
 *
 * Self-contained: kysely only.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_org_hash_idx').on('imports').columns(['organization_id', 'hash']).unique().execute();
  await db.schema.createIndex('imports_org_created_idx').on('imports').columns(['organization_id', 'created_at', 'id']).execute();
}
