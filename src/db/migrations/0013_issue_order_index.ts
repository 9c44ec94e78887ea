/**
 * The issue-date order check (db/sequences.ts `lastIssuedInSeries`, run under the number
 * lock on every finalize and credit note) asks for the last document of a series by
 * `issue_date desc, number desc`. With an index on (organization_id, issue_date) alone SQLite
 * sorted every document of the latest issue date to find the highest number (a temporary
 * B-tree), so its cost grew with the documents issued that day — all of them, in a bulk run.
 * With `number` in the index the answer is the index's last entry. The new indexes cover
 * every query the old ones served (same leading columns), so those are dropped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('invoices_org_issue_number_idx').on('invoices').columns(['organization_id', 'issue_date', 'number']).execute();
  await db.schema.dropIndex('invoices_org_issue_idx').execute();
  await db.schema.createIndex('credit_notes_org_issue_number_idx').on('credit_notes').columns(['organization_id', 'issue_date', 'number']).execute();
  await db.schema.dropIndex('credit_notes_org_issue_idx').execute();
}
