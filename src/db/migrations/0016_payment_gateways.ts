/**
 * Online payments (issue 15, the gateway core):
 * - payment_gateways: one connection per organization and provider ('stripe'); its secrets
 *   sealed with AES-256-GCM (kernel/secret-box.ts), never in clear; the masked forms shown
 *   by the API kept beside them (e.g. "sk_test_…1234").
 * - gateway_checkouts: the hosted checkout pages made for invoices, so a valid open one is
 *   reused (one session per invoice and amount, never two payments for one click).
 * - payments.gateway, gateway_payment_id, gateway_method: a payment that arrived through a
 *   gateway (e.g. 'stripe', the payment intent id, 'card' / 'sepa_debit'). Unique per
 *   organization, gateway and payment id: one payment per payment intent, whatever the
 *   order or number of webhook events (NULLs, manual payments, never collide).
 * - refunds.gateway_refund_id: the gateway's refund id, unique per organization, so a refund
 *   made in Settle and then reported by the gateway's webhook is recorded once.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('payment_gateways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('secret_key_sealed', 'text', (c) => c.notNull())
    .addColumn('webhook_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('secret_key_hint', 'text', (c) => c.notNull())
    .addColumn('webhook_secret_hint', 'text', (c) => c.notNull())
    /** test | live */
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_gateways_org_provider_idx').on('payment_gateways').columns(['organization_id', 'provider']).unique().execute();

  await db.schema
    .createTable('gateway_checkouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('checkout_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** open | expired */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gateway_checkouts_invoice_idx').on('gateway_checkouts').columns(['organization_id', 'invoice_id', 'created_at']).execute();
  await db.schema.createIndex('gateway_checkouts_invoice_fk_idx').on('gateway_checkouts').column('invoice_id').execute();

  await db.schema.alterTable('payments').addColumn('gateway', 'text').execute();
  await db.schema.alterTable('payments').addColumn('gateway_payment_id', 'text').execute();
  await db.schema.alterTable('payments').addColumn('gateway_method', 'text').execute();
  await db.schema.createIndex('payments_gateway_payment_idx').on('payments').columns(['organization_id', 'gateway', 'gateway_payment_id']).unique().execute();

  await db.schema.alterTable('refunds').addColumn('gateway_refund_id', 'text').execute();
  await db.schema.createIndex('refunds_gateway_refund_idx').on('refunds').columns(['organization_id', 'gateway_refund_id']).unique().execute();
}
