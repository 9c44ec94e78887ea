/**
 * Quotes (estimates, issue #19): `quotes` with the invoice's content columns plus the expiry
 * date, the customer's answer (accepted by name, time and address; declined with a reason),
 * the invoice it was converted into and the customer page's token (SHA-256 + sealed copy, as
 * invoice links since 0021); `quote_lines` and `quote_adjustments` mirror invoice_lines and
 * invoice_adjustments (as of 0023), tax snapshots included, so a conversion copies them exactly.
 *
 * email_messages.quote_id: a quote sent by e-mail, whose PDF is attached at send time.
 *
 * Quotes are not accounting documents: no freezing triggers and no document chain. Deleting a
 * customer deletes its quotes; deleting a product or tax rate keeps the quote's snapshot; deleting
 * the draft invoice a quote became clears quotes.invoice_id (the quote can be converted again).
 *
 * Self-contained: kysely only.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text')
    .addColumn('expiry_date', 'text')
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('terms', 'text')
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('allowance_total', 'bigint', (c) => c.notNull())
    .addColumn('charge_total', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('taxes', 'text', (c) => c.notNull())
    .addColumn('buyer_reference', 'text')
    .addColumn('purchase_order_reference', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('sent_to', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_name', 'text')
    .addColumn('accepted_ip', 'text')
    .addColumn('declined_at', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id').onDelete('set null'))
    .addColumn('converted_at', 'text')
    .addColumn('link_token_hash', 'text', (c) => c.unique())
    .addColumn('link_token_sealed', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quotes_org_id_idx').on('quotes').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('quotes_org_customer_idx').on('quotes').columns(['organization_id', 'customer_id']).execute();
  await db.schema.createIndex('quotes_customer_fk_idx').on('quotes').column('customer_id').execute();
  await db.schema.createIndex('quotes_invoice_fk_idx').on('quotes').column('invoice_id').execute();
  await db.schema.createIndex('quotes_org_number_idx').on('quotes').columns(['organization_id', 'number']).unique().execute();

  await db.schema
    .createTable('quote_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('products.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('unit_price', 'text', (c) => c.notNull())
    .addColumn('discount', 'text')
    .addColumn('tax_rate_id', 'text', (c) => c.references('tax_rates.id').onDelete('set null'))
    .addColumn('tax_name', 'text')
    .addColumn('tax_category', 'text', (c) => c.notNull())
    .addColumn('tax_percentage', 'text', (c) => c.notNull())
    .addColumn('tax_exemption_reason', 'text')
    .addColumn('net_amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_exemption_reason_code', 'text')
    .addColumn('unit_code', 'text')
    .addColumn('base_quantity', 'text', (c) => c.notNull().defaultTo('1'))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .execute();
  await db.schema.createIndex('quote_lines_quote_idx').on('quote_lines').columns(['quote_id', 'position']).execute();
  await db.schema.createIndex('quote_lines_product_fk_idx').on('quote_lines').column('product_id').execute();
  await db.schema.createIndex('quote_lines_tax_rate_fk_idx').on('quote_lines').column('tax_rate_id').execute();

  await db.schema
    .createTable('quote_adjustments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('net_amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_id', 'text', (c) => c.references('tax_rates.id').onDelete('set null'))
    .addColumn('tax_name', 'text')
    .addColumn('tax_category', 'text', (c) => c.notNull())
    .addColumn('tax_percentage', 'text', (c) => c.notNull())
    .addColumn('tax_exemption_reason', 'text')
    .addColumn('tax_exemption_reason_code', 'text')
    .addColumn('percentage', 'text')
    .addColumn('base_amount', 'bigint')
    .execute();
  await db.schema.createIndex('quote_adjustments_quote_idx').on('quote_adjustments').columns(['quote_id', 'kind', 'position']).execute();
  await db.schema.createIndex('quote_adjustments_tax_rate_fk_idx').on('quote_adjustments').column('tax_rate_id').execute();

  await db.schema.alterTable('email_messages').addColumn('quote_id', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('email_messages').dropColumn('quote_id').execute();
  await db.schema.dropTable('quote_adjustments').execute();
  await db.schema.dropTable('quote_lines').execute();
  await db.schema.dropTable('quotes').execute();
}
