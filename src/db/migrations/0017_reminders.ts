/**
 * Reminders (dunning) and late fees (issue 15):
 * - reminder_settings: one row per organization once its reminders were saved (none: the
 *   built-in defaults, disabled). `steps` and `late_fee` are JSON as the API takes them.
 * - invoice_reminders: every reminder sent (or deliberately skipped) for an invoice. The
 *   unique index on (invoice_id, step) is what makes a step happen at most once per invoice,
 *   whatever runs twice: it is written in the same transaction that queues the e-mail and
 *   creates the late fee. Reminders sent by hand ("Send reminder now") have no step (null),
 *   so any number of them fit.
 * - invoice_reminder_pauses: invoices whose reminders are paused (operational state beside
 *   the finalized document, which never changes).
 * - customers.reminders_enabled: the customer's opt-out (1 = reminders are sent).
 * - invoices.late_fee_for_invoice_id: a late-fee invoice names the overdue invoice it charges for.
 * - email_messages.purpose: 'reminder' for reminder e-mails (null: the invoice itself).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('reminder_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('late_fee', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invoice_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    /** days relative to the due date; null: sent by hand */
    .addColumn('step', 'integer')
    /** sent | skipped */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text')
    .addColumn('email_message_id', 'text')
    .addColumn('late_fee_invoice_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_reminders_step_idx').on('invoice_reminders').columns(['invoice_id', 'step']).unique().execute();
  await db.schema.createIndex('invoice_reminders_org_idx').on('invoice_reminders').columns(['organization_id', 'invoice_id']).execute();

  await db.schema
    .createTable('invoice_reminder_pauses')
    .addColumn('invoice_id', 'text', (c) => c.primaryKey().references('invoices.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('paused_by', 'text')
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('customers').addColumn('reminders_enabled', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('invoices').addColumn('late_fee_for_invoice_id', 'text', (c) => c.references('invoices.id')).execute();
  await db.schema.createIndex('invoices_late_fee_for_idx').on('invoices').columns(['late_fee_for_invoice_id']).execute();
  await db.schema.alterTable('email_messages').addColumn('purpose', 'text').execute();
}

