/**
 * Two-factor sign-in (TOTP) and what goes with it:
 * - users: the authenticator secret once enabled (`totp_secret`, `totp_enabled_at`), a secret
 *   being set up but not yet confirmed (`totp_pending_secret`), and the last time step a code
 *   was accepted for (`totp_last_step`), so one code cannot be used twice.
 * - recovery_codes: single-use codes for a lost phone, stored as SHA-256 (they are random).
 * - login_challenges: the state between the password step and the code step of a sign-in,
 *   known to the client only by a random token (SHA-256 stored), short-lived, few attempts.
 * - organizations.require_two_factor: admins and owners must use 2FA to work in it.
 * - sessions: the browser and address they were opened from, for the sessions list.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').columns(['user_id', 'code_hash']).execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('organizations').addColumn('require_two_factor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('ip_address', 'text').execute();
}
