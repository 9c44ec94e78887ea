/**
 * The billing core: invoices with their lines, allowances and charges; gapless document
 * number sequences; payments, refunds and customer credit; credit notes; idempotency keys.
 * Money columns are integer minor units of the document's currency; quantities and unit
 * prices are exact decimal text as entered (normalised), as EN 16931 works on them.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // One counter row per organization, document kind and scope (the year, when the number
  // format contains one). Incremented with UPDATE … RETURNING inside the finalizing transaction.
  await db.schema
    .createTable('document_sequences')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_sequences_pk', ['organization_id', 'kind', 'scope'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('terms', 'text')
    .addColumn('subtotal', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allowance_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('charge_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_paid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_credited', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_due', 'bigint', (c) => c.notNull().defaultTo(0))
    // JSON: the per-rate tax breakdown, and the frozen customer and seller at finalization.
    .addColumn('taxes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('customer_snapshot', 'text')
    .addColumn('seller_snapshot', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('uncollectible_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_org_number_idx').on('invoices').columns(['organization_id', 'number']).unique().execute();
  await db.schema.createIndex('invoices_org_id_idx').on('invoices').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('invoices_org_status_idx').on('invoices').columns(['organization_id', 'status', 'id']).execute();
  await db.schema.createIndex('invoices_org_customer_idx').on('invoices').columns(['organization_id', 'customer_id', 'id']).execute();
  await db.schema.createIndex('invoices_org_issue_idx').on('invoices').columns(['organization_id', 'issue_date']).execute();
  await db.schema.createIndex('invoices_org_due_idx').on('invoices').columns(['organization_id', 'due_date']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('products.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('unit_price', 'text', (c) => c.notNull())
    .addColumn('discount', 'text')
    .addColumn('tax_rate_id', 'text', (c) => c.references('tax_rates.id'))
    .addColumn('tax_name', 'text')
    .addColumn('tax_category', 'text', (c) => c.notNull())
    .addColumn('tax_percentage', 'text', (c) => c.notNull())
    .addColumn('tax_exemption_reason', 'text')
    .addColumn('net_amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_lines_invoice_idx').on('invoice_lines').columns(['invoice_id', 'position']).execute();
  await db.schema.createIndex('invoice_lines_product_idx').on('invoice_lines').columns(['organization_id', 'product_id']).execute();

  // Document-level allowances (discounts) and charges (shipping, fees), each with its own tax rate.
  await db.schema
    .createTable('invoice_adjustments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('net_amount', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_id', 'text', (c) => c.references('tax_rates.id'))
    .addColumn('tax_name', 'text')
    .addColumn('tax_category', 'text', (c) => c.notNull())
    .addColumn('tax_percentage', 'text', (c) => c.notNull())
    .addColumn('tax_exemption_reason', 'text')
    .execute();
  await db.schema.createIndex('invoice_adjustments_invoice_idx').on('invoice_adjustments').columns(['invoice_id', 'kind', 'position']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    // amount received = applied to the invoice + excess left as customer credit.
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('applied_amount', 'bigint', (c) => c.notNull())
    .addColumn('excess_amount', 'bigint', (c) => c.notNull())
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_org_id_idx').on('payments').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('payments_org_invoice_idx').on('payments').columns(['organization_id', 'invoice_id']).execute();
  await db.schema.createIndex('payments_org_customer_idx').on('payments').columns(['organization_id', 'customer_id']).execute();
  await db.schema.createIndex('payments_org_date_idx').on('payments').columns(['organization_id', 'date']).execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_org_payment_idx').on('refunds').columns(['organization_id', 'payment_id']).execute();

  // Customer credit as a ledger: + from overpayments and credit notes, − when applied or refunded.
  await db.schema
    .createTable('customer_credit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_credit_org_customer_idx')
    .on('customer_credit_entries')
    .columns(['organization_id', 'customer_id', 'currency'])
    .execute();

  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    // How much of the total lowered the invoice's amount due, and how much became customer credit.
    .addColumn('applied_amount', 'bigint', (c) => c.notNull())
    .addColumn('credit_amount', 'bigint', (c) => c.notNull())
    .addColumn('taxes', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('customer_snapshot', 'text', (c) => c.notNull())
    .addColumn('seller_snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_notes_org_number_idx').on('credit_notes').columns(['organization_id', 'number']).unique().execute();
  await db.schema.createIndex('credit_notes_org_invoice_idx').on('credit_notes').columns(['organization_id', 'invoice_id']).execute();
  await db.schema.createIndex('credit_notes_org_issue_idx').on('credit_notes').columns(['organization_id', 'issue_date']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['organization_id', 'key'])
    .execute();
}
