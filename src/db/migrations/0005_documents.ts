/**
 * Documents that leave the building: branding for printed documents (logo, accent colour,
 * footer, bank details), the e-mail template, outgoing e-mail kept as messages (the outbox
 * the UI shows), background jobs (the transactional outbox a worker claims), and the
 * revocable public links customers open without logging in.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('accent_color', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('document_footer', 'text').execute();
  // JSON: {account_holder, bank_name, iban, bic, instructions}, each optional.
  await db.schema.alterTable('organizations').addColumn('bank_details', 'text').execute();
  // Null means the built-in template of the customer's language.
  await db.schema.alterTable('organizations').addColumn('email_subject_template', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('email_body_template', 'text').execute();

  // One logo per organization, validated on upload; base64 text keeps both databases alike.
  await db.schema
    .createTable('organization_logos')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Who the invoice was last sent to (sent_at exists since 0002); not part of the frozen document.
  await db.schema.alterTable('invoices').addColumn('sent_to', 'text').execute();

  await db.schema
    .createTable('invoice_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    // Random, unguessable, the capability itself (like a hosted invoice URL).
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invoice_links_invoice_idx').on('invoice_links').columns(['organization_id', 'invoice_id']).execute();

  await db.schema
    .createTable('email_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link_url', 'text')
    .addColumn('attachment_name', 'text')
    // queued → sending → sent; failed after the last attempt; outbox when no SMTP is configured.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_messages_org_idx').on('email_messages').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('email_messages_invoice_idx').on('email_messages').columns(['organization_id', 'invoice_id']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending → running → done; back to pending with a later run_at on failure; failed after max_attempts.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();
}
