/**
 * Forward-only migrations, applied on start and by `settle migrate`. Each migration is a
 * module in ./migrations listed here in order; they are never edited once released.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_billing.ts';
import * as m0003 from './migrations/0003_invoice_guards.ts';
import * as m0004 from './migrations/0004_credit_note_guards.ts';
import * as m0005 from './migrations/0005_documents.ts';
import * as m0006 from './migrations/0006_report_summaries.ts';
import * as m0007 from './migrations/0007_account_invitations.ts';
import * as m0008 from './migrations/0008_invoice_link_hashes.ts';
import * as m0009 from './migrations/0009_credit_note_lines.ts';
import * as m0010 from './migrations/0010_document_chain.ts';
import * as m0011 from './migrations/0011_two_factor.ts';
import * as m0012 from './migrations/0012_event_stream.ts';
import * as m0013 from './migrations/0013_issue_order_index.ts';
import * as m0014 from './migrations/0014_automatic_billing.ts';
import * as m0015 from './migrations/0015_foreign_key_indexes.ts';
import * as m0016 from './migrations/0016_payment_gateways.ts';
import * as m0017 from './migrations/0017_reminders.ts';
import * as m0018 from './migrations/0018_portal.ts';
import * as m0019 from './migrations/0019_payment_groups.ts';
import * as m0020 from './migrations/0020_saved_payment_methods.ts';
import * as m0021 from './migrations/0021_invoice_link_sealed_tokens.ts';
import * as m0022 from './migrations/0022_portal_link_sealed_tokens.ts';
import * as m0023 from './migrations/0023_einvoice_fields.ts';
import * as m0024 from './migrations/0024_quotes.ts';
import * as m0025 from './migrations/0025_imports.ts';
import * as m0026 from './migrations/0026_account_charts.ts';
import * as m0027 from './migrations/0027_custom_fields.ts';

/** Every migration by name, in order (exported for tests that stop before one). */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_billing': m0002,
  '0003_invoice_guards': m0003,
  '0004_credit_note_guards': m0004,
  '0005_documents': m0005,
  '0006_report_summaries': m0006,
  '0007_account_invitations': m0007,
  '0008_invoice_link_hashes': m0008,
  '0009_credit_note_lines': m0009,
  '0010_document_chain': m0010,
  '0011_two_factor': m0011,
  '0012_event_stream': m0012,
  '0013_issue_order_index': m0013,
  '0014_automatic_billing': m0014,
  '0015_foreign_key_indexes': m0015,
  '0016_payment_gateways': m0016,
  '0017_reminders': m0017,
  '0018_portal': m0018,
  '0019_payment_groups': m0019,
  '0020_saved_payment_methods': m0020,
  '0021_invoice_link_sealed_tokens': m0021,
  '0022_portal_link_sealed_tokens': m0022,
  '0023_einvoice_fields': m0023,
  '0024_quotes': m0024,
  '0025_imports': m0025,
  '0026_account_charts': m0026,
  '0027_custom_fields': m0027,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableName: 'settle_migrations', migrationLockTableName: 'settle_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  const failed = results?.find((r) => r.status === 'Error');
  if (failed) throw new Error(`migration ${failed.migrationName} failed`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
