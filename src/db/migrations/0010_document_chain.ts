/**
 * The document chain (tamper evidence): one entry per issued invoice, credit note, payment
 * and refund, each hash covering the document's canonical form and the previous entry's
 * hash (domain/integrity.ts); one head row per organization holding the last entry.
 *
 * This migration only creates the tables. Documents issued before it are chained by the
 * application (modules/integrity/chain.repo.ts, `chainExistingDocuments`), once per
 * organization, in the transaction that creates the organization's head row: a migration
 * may not import application code, and a second copy of the canonical form here would be a
 * second definition that must never drift from the first.
 *
 * Entries are append-only: triggers refuse UPDATE and DELETE on document_chain, as for
 * issued invoices and credit notes (migrations 0003/0004).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const MESSAGE = 'document chain entries never change once written';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('document_chain')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // 1, 2, 3 … per organization, no gap.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    // The document's number (invoices and credit notes), for people reading a break.
    .addColumn('number', 'text')
    // The canonical form's version the hash was computed with.
    .addColumn('format', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_chain_pkey', ['organization_id', 'seq'])
    // A document is chained once; also the index of the "document without an entry" check.
    .addUniqueConstraint('document_chain_document_key', ['organization_id', 'type', 'document_id'])
    .execute();

  await db.schema
    .createTable('document_chain_heads')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const statements =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? [
          `create function settle_guard_document_chain() returns trigger language plpgsql as $$
           begin
             raise exception '${MESSAGE}' using errcode = 'integrity_constraint_violation';
           end $$`,
          `create trigger document_chain_frozen before update or delete on document_chain
           for each row execute function settle_guard_document_chain()`,
        ]
      : [
          `create trigger document_chain_frozen_update before update on document_chain begin select raise(abort, '${MESSAGE}'); end`,
          `create trigger document_chain_frozen_delete before delete on document_chain begin select raise(abort, '${MESSAGE}'); end`,
        ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
