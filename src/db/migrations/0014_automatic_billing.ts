/**
 * Automatic billing (issue 14):
 * - organizations.time_zone: the IANA zone "today", due dates and billing dates are computed
 *   in; null means the default for the organization's country (domain/time-zone.ts), so no
 *   backfill is needed and a country change moves an unset zone with it.
 * - subscriptions ("Recurring billing") and subscription_items (fixed lines and metered
 *   items): the cycle, the state of billing (the next period to bill and when), pause and
 *   cancellation. `next_billing_at` is the instant the next invoice is due (the local
 *   midnight of its billing date in the organization's zone), so one index orders the
 *   due work of every organization.
 * - invoices.subscription_id, period_start, period_end: what a generated invoice bills.
 *   invoices.billing_key: a unique key per organization for generated invoices ("sub:ID:N"
 *   for period N of a subscription, "usage:ID" for an event billed at once) — at most one
 *   invoice per period or event, by construction, whatever runs twice.
 * - billable_metrics and usage_events: usage reported by other systems; one event per
 *   (organization, transaction_id). `value` is the aggregated property as text (a decimal
 *   for sum and max, any text for unique_count), taken out of `properties` on arrival, and
 *   `value_scaled` the same decimal × 10^6 as an integer, so sums are exact SQL.
 * - test_clock: the installation's clock when SETTLE_TEST_CLOCK is on (one row): the business
 *   time that was set and the real time it was set at; every process reads it.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('time_zone', 'text').execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    /** day | week | month | year */
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('interval_count', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('billing_anchor_day', 'integer')
    .addColumn('end_date', 'text')
    .addColumn('max_invoices', 'integer')
    /** in_advance | in_arrears */
    .addColumn('billing', 'text', (c) => c.notNull())
    /** draft | finalize | send | charge_automatically */
    .addColumn('collection', 'text', (c) => c.notNull())
    .addColumn('payment_terms_days', 'integer')
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('terms', 'text')
    /** The fixed lines' total per period (minor units, tax included) as last saved, for lists. */
    .addColumn('amount', 'integer', (c) => c.notNull())
    /** active | paused | canceled | ended */
    .addColumn('status', 'text', (c) => c.notNull())
    /** The index of the next period to bill (0 = the first). */
    .addColumn('next_period_index', 'integer', (c) => c.notNull())
    /** Its billing date (local calendar date) and the instant that date begins; null: nothing more to bill. */
    .addColumn('next_billing_date', 'text')
    .addColumn('next_billing_at', 'text')
    .addColumn('invoice_count', 'integer', (c) => c.notNull())
    /** Paused: the date of the pause; periods starting from it until the resume are not billed. */
    .addColumn('paused_at', 'text')
    /** After a resume: periods from skip_from_index up to (not including) resume_index are not billed. */
    .addColumn('skip_from_index', 'integer')
    .addColumn('resume_index', 'integer')
    .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull())
    .addColumn('canceled_at', 'text')
    .addColumn('ended_at', 'text')
    /** Why the last attempt to generate its invoice failed (cleared by the next success). */
    .addColumn('billing_error', 'text')
    .addColumn('created_from_invoice_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscriptions_org_idx').on('subscriptions').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('subscriptions_org_customer_idx').on('subscriptions').columns(['organization_id', 'customer_id']).execute();
  await db.schema.createIndex('subscriptions_due_idx').on('subscriptions').columns(['next_billing_at', 'id']).execute();

  await db.schema
    .createTable('subscription_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    /** fixed (a line billed every period) | metered (usage of a metric, billed in arrears) */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('products.id').onDelete('set null'))
    .addColumn('description', 'text')
    /** Normalised decimal text (fixed lines). */
    .addColumn('quantity', 'text')
    /** Normalised decimal text; null: the product's price when the invoice is generated. */
    .addColumn('unit_price', 'text')
    .addColumn('unit', 'text')
    .addColumn('tax_rate_id', 'text', (c) => c.references('tax_rates.id'))
    .addColumn('discount', 'text')
    .addColumn('metric_code', 'text')
    .addColumn('bill_immediately', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('subscription_items_sub_idx').on('subscription_items').columns(['subscription_id', 'position']).execute();

  await db.schema.alterTable('invoices').addColumn('subscription_id', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('period_start', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('period_end', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('billing_key', 'text').execute();
  await db.schema.createIndex('invoices_billing_key_idx').on('invoices').columns(['organization_id', 'billing_key']).unique().execute();
  await db.schema.createIndex('invoices_org_subscription_idx').on('invoices').columns(['organization_id', 'subscription_id']).execute();

  await db.schema
    .createTable('billable_metrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** count | sum | max | unique_count */
    .addColumn('aggregation', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('billable_metrics_code_idx').on('billable_metrics').columns(['organization_id', 'code']).unique().execute();

  await db.schema
    .createTable('usage_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('transaction_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('metric_code', 'text', (c) => c.notNull())
    /** RFC 3339 UTC. */
    .addColumn('timestamp', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    /** The value as a number scaled by 10^6 (sum and max metrics): exact sums in SQL on both databases. */
    .addColumn('value_scaled', 'bigint')
    /** JSON object as sent, or null. */
    .addColumn('properties', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_events_transaction_idx').on('usage_events').columns(['organization_id', 'transaction_id']).unique().execute();
  await db.schema
    .createIndex('usage_events_customer_metric_idx')
    .on('usage_events')
    .columns(['organization_id', 'customer_id', 'metric_code', 'timestamp'])
    .execute();

  await db.schema
    .createTable('test_clock')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    /** The business time set by POST /test-clock … */
    .addColumn('clock_now', 'text', (c) => c.notNull())
    /** … and the real time it was set at: the clock runs on from there. */
    .addColumn('real_at', 'text', (c) => c.notNull())
    .execute();
}
