/**
 * Accounting export (issue 19): the chart of accounts each organization's journal export
 * books to. One row per organization once its accounts were saved (none: the SKR03 preset for
 * German organizations, the generic chart otherwise). `accounts` is the JSON the API takes
 * (receivable, payment methods, revenue and tax accounts by tax code); `preset` names the
 * chart it started from (skr03, skr04, generic).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('account_charts')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('accounts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
