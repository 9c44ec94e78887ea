/**
 * A hosted checkout for what an invoice still owes (Pay now, payment links, later the
 * customer portal). Under the invoice's lock — so concurrent clicks queue — the invoice's
 * open checkout is reused while it is valid (not expiring within REUSE_MARGIN_MS) and for
 * the same amount; otherwise it is expired at the gateway and a new one made. The gateway
 * call carries an idempotency key of the invoice, the number of checkouts it had, the
 * amount and the return URLs, so a transaction run again makes no second session.
 *
 * Card data never reaches Settle: the customer pays on the gateway's page (PCI DSS SAQ A).
 */
import crypto from 'node:crypto';
import { inTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { wallClockOf } from '../../kernel/test-clock.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import { gatewayDeps, openAnyConnection, providerProblem } from './gateway-connections.ts';
import { GatewaysRepo } from './gateways.repo.ts';
import { PROVIDER_NAMES, providerFor } from './providers.ts';
import type { Config } from '../../config.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';

/** A checkout expiring sooner than this is not handed out again. */
export const REUSE_MARGIN_MS = 10 * 60 * 1000;

export interface CheckoutUrls {
  successUrl: string;
  cancelUrl: string;
}

export type CheckoutOutcome =
  | { kind: 'checkout'; url: string; expiresAt: string; reused: boolean }
  | { kind: 'not_finalized' | 'nothing_due' | 'no_gateway' };

const OPEN = new Set(['open', 'partially_paid']);

export async function invoiceCheckout(
  ctx: RequestContext,
  deps: { config: Config; secrets?: SecretBox | undefined },
  invoiceId: string,
  urls: CheckoutUrls,
): Promise<CheckoutOutcome> {
  const gateway = gatewayDeps(deps);
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    if (!OPEN.has(invoice.status)) return { kind: invoice.status === 'draft' ? 'not_finalized' : 'nothing_due' };
    const due = BigInt(invoice.amount_due);
    if (due <= 0n) return { kind: 'nothing_due' };
    const connection = await openAnyConnection(trx, gateway, ctx.orgId);
    if (connection === null) return { kind: 'no_gateway' };

    const repo = new GatewaysRepo(trx, ctx.orgId);
    // Gateway expiry times are real-world instants (not the business clock of test mode).
    const wallNow = wallClockOf(ctx.clock).now().getTime();
    const open = await repo.openCheckout(invoice.id);
    if (open !== undefined) {
      const valid = open.provider === connection.row.provider && BigInt(open.amount) === due && open.currency === invoice.currency && Date.parse(open.expires_at) - wallNow > REUSE_MARGIN_MS;
      if (valid) return { kind: 'checkout', url: open.url, expiresAt: open.expires_at, reused: true };
      // Another amount (a payment or credit note since), or about to expire: end it so it cannot be paid too.
      await connection.provider.expireCheckout(connection.credentials, open.checkout_id).catch(() => undefined);
      await repo.setCheckoutStatus(open.id, 'expired');
    }

    const customer = await trx
      .selectFrom('customers')
      .select(['email', 'anonymized_at'])
      .where('organization_id', '=', ctx.orgId)
      .where('id', '=', invoice.customer_id)
      .executeTakeFirst();
    const count = await repo.countCheckouts(invoice.id);
    const urlHash = crypto.createHash('sha256').update(`${urls.successUrl}\n${urls.cancelUrl}`).digest('hex').slice(0, 16);
    const checkout = await connection.provider
      .createCheckout(connection.credentials, {
        invoiceId: invoice.id,
        organizationId: ctx.orgId,
        description: `Invoice ${invoice.number ?? invoice.id}`,
        amount: due,
        currency: invoice.currency,
        customerEmail: customer !== undefined && customer.anonymized_at === null ? customer.email : null,
        successUrl: urls.successUrl,
        cancelUrl: urls.cancelUrl,
        idempotencyKey: `settle-checkout-${invoice.id}-${count}-${due}-${urlHash}`,
      })
      .catch((error: unknown) => providerProblem(error));
    const now = nowIso(ctx.clock);
    const row = {
      id: newId('chk'),
      invoice_id: invoice.id,
      provider: connection.row.provider,
      checkout_id: checkout.id,
      url: checkout.url,
      amount: Number(due),
      currency: invoice.currency,
      status: 'open',
      expires_at: checkout.expiresAt,
      created_at: now,
    };
    await repo.insertCheckout(row);
    await emit(trx, ctx, {
      type: 'invoice.checkout_created',
      resource: { type: 'invoice', id: invoice.id },
      after: { provider: row.provider, checkout_id: row.checkout_id, amount: formatAmount(due, invoice.currency), currency: invoice.currency, expires_at: row.expires_at },
    });
    return { kind: 'checkout', url: checkout.url, expiresAt: checkout.expiresAt, reused: false };
  });
}

/**
 * For the customer portal and other callers: the checkout URL for what the invoice owes, or
 * null when nothing is due or no gateway is connected. `deps` is the app's (AppDeps).
 */
export async function createInvoiceCheckout(
  ctx: RequestContext,
  invoiceId: string,
  urls: CheckoutUrls,
  deps: { config: Config; secrets?: SecretBox | undefined },
): Promise<{ url: string; expiresAt: string } | null> {
  const outcome = await invoiceCheckout(ctx, deps, invoiceId, urls);
  return outcome.kind === 'checkout' ? { url: outcome.url, expiresAt: outcome.expiresAt } : null;
}

/** The API's answer: 409 problems naming why there is no checkout. */
export function checkoutOrProblem(outcome: CheckoutOutcome): { url: string; expires_at: string } {
  switch (outcome.kind) {
    case 'checkout':
      return { url: outcome.url, expires_at: outcome.expiresAt };
    case 'not_finalized':
      throw AppError.conflict('The invoice is not finalized: finalize it before asking for payment');
    case 'nothing_due':
      throw AppError.conflict('Nothing is due on this invoice');
    case 'no_gateway':
      throw AppError.conflict('No payment gateway is connected: connect Stripe under Settings → Payments');
  }
}

/** The origins of every provider's hosted pages (the customer page's CSP form-action). */
export function gatewayCheckoutOrigins(config: Config): readonly string[] {
  return PROVIDER_NAMES.flatMap((name) => providerFor(config, name).checkoutOrigins);
}

/** Whether the organization has a gateway connected (the customer page's Pay now button). */
export async function hasGateway(ctx: RequestContext): Promise<boolean> {
  return (await new GatewaysRepo(ctx.db.kysely, ctx.orgId).first()) !== undefined;
}
