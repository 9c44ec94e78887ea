/**
 * Saved payment methods and automatic charges (issue 15, round 2):
 * - gateway_customers: the provider's customer (e.g. Stripe "cus_…") of a Settle customer,
 *   made on first need; one per organization, customer and provider.
 * - saved_payment_methods: the cards and SEPA mandates a customer saved through the
 *   provider's hosted setup page; references and display facts only (brand, last 4 digits,
 *   expiry), never card data. Unique per organization, provider and method: a setup reported
 *   by any number of webhook events is stored once. Removed methods keep their row
 *   (removed_at) so a late, repeated event cannot bring them back.
 * - auto_charges: one row per invoice of a `charge_automatically` subscription, written in
 *   the transaction that finalizes it: attempts, the next attempt time, the attempt in
 *   progress (its amount and method, so a crashed run repeats the same call with the same
 *   idempotency key), and the outcome.
 * customer_id columns carry no foreign key: deleting a customer (without documents) removes
 * its rows in the same transaction (payment-methods' subscriber of customer.deleted).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('gateway_customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('customer_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gateway_customers_customer_idx').on('gateway_customers').columns(['organization_id', 'customer_id', 'provider']).unique().execute();

  await db.schema
    .createTable('saved_payment_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('customer_ref', 'text', (c) => c.notNull())
    .addColumn('payment_method_ref', 'text', (c) => c.notNull())
    /** card | sepa_debit | … (the provider's method type) */
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('last4', 'text')
    .addColumn('exp_month', 'integer')
    .addColumn('exp_year', 'integer')
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('setup_event_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('saved_payment_methods_ref_idx').on('saved_payment_methods').columns(['organization_id', 'provider', 'payment_method_ref']).unique().execute();
  await db.schema.createIndex('saved_payment_methods_customer_idx').on('saved_payment_methods').columns(['organization_id', 'customer_id', 'created_at']).execute();

  await db.schema
    .createTable('auto_charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text')
    /** pending (waiting for next_attempt_at) | charging (an attempt in progress) | succeeded | failed (gave up) | stopped (paid, voided or credited otherwise) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('first_attempt_at', 'text')
    .addColumn('last_attempt_at', 'text')
    /** The attempt in progress (status charging): what is charged, so a re-run repeats the same call. */
    .addColumn('charging_amount', 'bigint')
    .addColumn('charging_method_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('payment_intent_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auto_charges_invoice_idx').on('auto_charges').columns(['organization_id', 'invoice_id']).unique().execute();
  await db.schema.createIndex('auto_charges_invoice_fk_idx').on('auto_charges').column('invoice_id').execute();
  await db.schema.createIndex('auto_charges_due_idx').on('auto_charges').columns(['status', 'next_attempt_at']).execute();
}
