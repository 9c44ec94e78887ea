/**
 * Portal links that keep working across e-mails, as customer links do since 0021: beside the
 * token's SHA-256 (the only thing the portal looks up), portal_links keeps the token sealed
 * with the installation's secret box (associated data: organization, customer and link), so
 * "Send portal link" e-mails the live link instead of replacing it. Nullable: links made
 * before have none (the next e-mail replaces them once), and revoking a link clears it.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('portal_links').addColumn('token_sealed', 'text').execute();
}
