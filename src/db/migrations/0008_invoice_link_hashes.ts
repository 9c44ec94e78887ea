/**
 * Customer-link tokens are kept only as a hash, like session and API tokens: whoever reads
 * the database (a backup, a replica, a support dump) can no longer open customers' invoice
 * pages. The token is 256 random bits, so a plain SHA-256 (hex) is a safe lookup key.
 *
 * Existing links keep working: their hash is computed here, in JavaScript, so the migration
 * is the same on both databases (and self-contained: it never imports application code).
 * Then the clear `token` column goes. PostgreSQL drops it (its unique constraint with it);
 * SQLite cannot drop a UNIQUE column, so there the table is rebuilt without it.
 */
import crypto from 'node:crypto';
import { PostgresAdapter, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface OldLink {
  id: string;
  organization_id: string;
  invoice_id: string;
  token: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** Rows per statement when copying: well under SQLite's and PostgreSQL's bind-parameter limits. */
const BATCH = 500;

export async function up(db: AnyDb): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const links = (await db.selectFrom('invoice_links').selectAll().orderBy('id').execute()) as OldLink[];

  if (postgres) {
    await db.schema.alterTable('invoice_links').addColumn('token_hash', 'text').execute();
    for (const link of links) {
      await db.updateTable('invoice_links').set({ token_hash: sha256(link.token) }).where('id', '=', link.id).execute();
    }
    await db.schema.alterTable('invoice_links').alterColumn('token_hash', (c) => c.setNotNull()).execute();
    await db.schema.alterTable('invoice_links').addUniqueConstraint('invoice_links_token_hash_key', ['token_hash']).execute();
    // Its unique constraint goes with it.
    await db.schema.alterTable('invoice_links').dropColumn('token').execute();
    return;
  }

  await db.schema
    .createTable('invoice_links_hashed')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    // SHA-256 (hex) of the random token; the token itself is shown once and never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  for (let i = 0; i < links.length; i += BATCH) {
    const rows = links.slice(i, i + BATCH).map(({ token, ...link }) => ({ ...link, token_hash: sha256(token) }));
    await db.insertInto('invoice_links_hashed').values(rows).execute();
  }
  // Dropping the table drops its index too; nothing refers to invoice_links.
  await db.schema.dropTable('invoice_links').execute();
  await db.schema.alterTable('invoice_links_hashed').renameTo('invoice_links').execute();
  await db.schema.createIndex('invoice_links_invoice_idx').on('invoice_links').columns(['organization_id', 'invoice_id']).execute();
}
