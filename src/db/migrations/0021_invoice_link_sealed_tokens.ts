/**
 * Customer links that keep working across e-mails (issue 15, round 3): beside the token's
 * SHA-256 (still the only thing the public page looks up), invoice_links keeps the token
 * sealed with the installation's secret box (AES-256-GCM, associated data: organization,
 * invoice and link), so every e-mail about an invoice can carry its one live link instead
 * of replacing it. Nullable: links made before this migration have no sealed token (their
 * URL is unknown; the next e-mail replaces them once), and revoking a link clears it.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('invoice_links').addColumn('token_sealed', 'text').execute();
}
