/**
 * Accounts are joined and recovered by e-mail, never by someone else's word:
 *
 * - A membership added by an admin is an invitation (`invitation_pending = 1`, inactive)
 *   until the person behind the e-mail address accepts it through a single-use link.
 * - `account_tokens` holds those links and password-reset links. Only a SHA-256 of the
 *   token is stored, and only once the delivery job has minted it (`token_hash` is null
 *   until then), so the plaintext exists nowhere but in the e-mail. Single use: `used_at`.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('memberships').addColumn('invitation_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('memberships').addColumn('invited_by', 'text').execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'invitation' | 'password_reset'
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // The organization an invitation is for; null for a password reset.
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').columns(['user_id', 'purpose']).execute();
}
