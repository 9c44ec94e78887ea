/**
 * One payment over several invoices (issue 15): a customer pays one sum that is applied to
 * several of their open invoices. It is stored as one payment row per invoice (each with its
 * own applied and excess amounts, refunds and events, exactly like a single-invoice payment),
 * sharing `payments.group_id`. Null for a payment recorded on one invoice.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('payments').addColumn('group_id', 'text').execute();
  await db.schema.createIndex('payments_group_idx').on('payments').columns(['organization_id', 'group_id']).execute();
}
