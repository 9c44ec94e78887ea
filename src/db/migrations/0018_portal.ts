/**
 * The customer portal, invoice views and payment receipts (#15):
 * - portal_links: one unguessable link per customer to its portal (/portal/{token}); only the
 *   token's SHA-256 is stored, as for invoice links (0008). Revoked links keep their row.
 * - invoices.viewed_at: when the customer first opened the invoice's page (operational, like
 *   sent_at: not part of the frozen document, so the guards of 0003/0009 — which list the
 *   frozen columns — let it be set once on an issued invoice).
 * - organizations.send_payment_receipts: e-mail a receipt to the customer on each payment (0/1).
 * - email_messages.payment_id: a receipt e-mail (its PDF is rendered at send time), and
 *   email_messages.customer_id: a message about a customer rather than an invoice (portal link).
 *
 * Self-contained: kysely only.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('portal_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('portal_links_org_customer_idx').on('portal_links').columns(['organization_id', 'customer_id']).execute();
  await db.schema.createIndex('portal_links_customer_fk_idx').on('portal_links').column('customer_id').execute();

  await db.schema.alterTable('invoices').addColumn('viewed_at', 'text').execute();
  await db.schema.alterTable('organizations').addColumn('send_payment_receipts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('email_messages').addColumn('payment_id', 'text').execute();
  await db.schema.alterTable('email_messages').addColumn('customer_id', 'text').execute();
}
