/**
 * Saved payment methods: the customer saves a card or SEPA mandate on the gateway's hosted
 * setup page (Checkout in setup mode), the gateway's webhook reports it (record-saved-method.ts),
 * and Settle keeps references and display facts only (brand, last 4, expiry) — card data never
 * reaches Settle. The provider's customer ("cus_…") is made on first need, once per Settle
 * customer (an idempotency key of the customer, and a unique row).
 *
 * Provider calls are made outside any database transaction of ours, except when the caller's
 * request is already one (an idempotent POST), as for checkouts.
 */
import crypto from 'node:crypto';
import type { Config } from '../../../config.ts';
import { publicBaseUrl } from '../../../config.ts';
import type { SavedPaymentMethodsTable } from '../../../db/schema.ts';
import { lockCustomers } from '../../../db/dialect.ts';
import { inTransaction } from '../../../db/transaction.ts';
import type { RequestContext } from '../../../kernel/context.ts';
import { nowIso } from '../../../kernel/context.ts';
import { emit } from '../../../kernel/events.ts';
import type { SecretBox } from '../../../kernel/secret-box.ts';
import { AppError } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { gatewayDeps, openAnyConnection, openConnection, providerProblem, type OpenedConnection } from '../gateway-connections.ts';
import { ProviderError } from '../payment-provider.ts';
import { isProviderName } from '../providers.ts';
import { PaymentMethodsRepo } from './payment-methods.repo.ts';
import type { PaymentMethodOut, SetupLinkInputValue } from './payment-methods.schemas.ts';

export type GatewayAppDeps = { config: Config; secrets?: SecretBox | undefined };

export function paymentMethodOut(row: SavedPaymentMethodsTable): PaymentMethodOut {
  return {
    id: row.id,
    customer_id: row.customer_id,
    provider: row.provider,
    type: row.type,
    brand: row.brand,
    last4: row.last4,
    exp_month: row.exp_month,
    exp_year: row.exp_year,
    is_default: row.is_default === 1,
    created_at: row.created_at,
  };
}

async function findCustomer(ctx: RequestContext, customerId: string) {
  const customer = await ctx.db.kysely
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'anonymized_at'])
    .where('organization_id', '=', ctx.orgId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (customer === undefined) throw AppError.notFound('Customer');
  return customer;
}

/** The provider's customer of a Settle customer, made on first need (once, whatever runs twice). */
export async function ensureGatewayCustomer(
  ctx: RequestContext,
  connection: OpenedConnection,
  customer: { id: string; name: string; email: string | null },
): Promise<string> {
  const provider = connection.row.provider;
  const repo = new PaymentMethodsRepo(ctx.db.kysely, ctx.orgId);
  const known = await repo.gatewayCustomer(customer.id, provider);
  if (known !== undefined) return known.customer_ref;
  const { customerRef } = await connection.provider
    .ensureCustomer(connection.credentials, {
      settleCustomerId: customer.id,
      organizationId: ctx.orgId,
      name: customer.name,
      email: customer.email,
      // The same Settle customer always asks for the same provider customer (within the provider's key lifetime).
      idempotencyKey: `settle-customer-${ctx.orgId}-${customer.id}`,
    })
    .catch((error: unknown) => providerProblem(error));
  await inTransaction(ctx.db, (trx) =>
    new PaymentMethodsRepo(trx, ctx.orgId).insertGatewayCustomer({ id: newId('gcu'), customer_id: customer.id, provider, customer_ref: customerRef, created_at: nowIso(ctx.clock) }),
  );
  // Whoever inserted first wins; everyone uses that one.
  return (await repo.gatewayCustomer(customer.id, provider))?.customer_ref ?? customerRef;
}

export type SetupOutcome = { kind: 'setup'; url: string; expiresAt: string } | { kind: 'no_gateway' | 'anonymized' };

export function defaultSetupUrls(config: Config): { successUrl: string; cancelUrl: string } {
  const base = publicBaseUrl(config);
  return { successUrl: `${base}/payment-method-return?result=saved`, cancelUrl: `${base}/payment-method-return?result=canceled` };
}

export async function setupCheckout(
  ctx: RequestContext,
  deps: GatewayAppDeps,
  customerId: string,
  input: { successUrl: string; cancelUrl: string; methodTypes?: string[] | undefined },
): Promise<SetupOutcome> {
  const customer = await findCustomer(ctx, customerId);
  if (customer.anonymized_at !== null) return { kind: 'anonymized' };
  const connection = await openAnyConnection(ctx.db.kysely, gatewayDeps(deps), ctx.orgId);
  if (connection === null) return { kind: 'no_gateway' };
  const customerRef = await ensureGatewayCustomer(ctx, connection, customer);
  const checkout = await connection.provider
    .createSetupCheckout(connection.credentials, {
      customerRef,
      settleCustomerId: customer.id,
      organizationId: ctx.orgId,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      ...(input.methodTypes === undefined ? {} : { methodTypes: input.methodTypes }),
      // One page per request (a network retry of the SDK reuses it).
      idempotencyKey: `settle-setup-${customer.id}-${crypto.randomUUID()}`,
    })
    .catch((error: unknown) => providerProblem(error));
  await inTransaction(ctx.db, (trx) =>
    emit(trx, ctx, {
      type: 'customer.payment_method_setup_started',
      resource: { type: 'customer', id: customer.id },
      after: { provider: connection.row.provider, checkout_id: checkout.id, expires_at: checkout.expiresAt },
    }),
  );
  return { kind: 'setup', url: checkout.url, expiresAt: checkout.expiresAt };
}

/** The API's setup link: 409 naming why there is none. */
export async function createSetupLink(ctx: RequestContext, deps: GatewayAppDeps, customerId: string, input: SetupLinkInputValue): Promise<{ url: string; expires_at: string }> {
  const urls = defaultSetupUrls(deps.config);
  const outcome = await setupCheckout(ctx, deps, customerId, {
    successUrl: input.success_url ?? urls.successUrl,
    cancelUrl: input.cancel_url ?? urls.cancelUrl,
    methodTypes: input.method_types,
  });
  switch (outcome.kind) {
    case 'setup':
      return { url: outcome.url, expires_at: outcome.expiresAt };
    case 'anonymized':
      throw AppError.conflict('This customer was anonymized: no payment method can be saved for it');
    case 'no_gateway':
      throw AppError.conflict('No payment gateway is connected: connect Stripe under Settings → Payments');
  }
}

/**
 * For the customer portal: a hosted page where the customer saves a card or SEPA mandate,
 * or null when no gateway is connected (or the customer was anonymized). `deps` is the app's.
 */
export async function createSetupCheckoutForCustomer(
  ctx: RequestContext,
  customerId: string,
  urls: { successUrl: string; cancelUrl: string },
  deps: GatewayAppDeps,
): Promise<{ url: string; expiresAt: string } | null> {
  const outcome = await setupCheckout(ctx, deps, customerId, urls);
  return outcome.kind === 'setup' ? { url: outcome.url, expiresAt: outcome.expiresAt } : null;
}

/** The customer's saved methods (default first); 404 when the customer is not the organization's. */
export async function listCustomerMethods(ctx: RequestContext, customerId: string): Promise<{ data: PaymentMethodOut[] }> {
  await findCustomer(ctx, customerId);
  const rows = await new PaymentMethodsRepo(ctx.db.kysely, ctx.orgId).methods(customerId);
  return { data: rows.map(paymentMethodOut) };
}

/**
 * Removes a saved method: detached at the gateway first (so it can no longer be charged),
 * then marked removed here. A method the gateway no longer knows is removed all the same.
 */
export async function removeCustomerMethod(ctx: RequestContext, deps: GatewayAppDeps, customerId: string, methodId: string): Promise<void> {
  await findCustomer(ctx, customerId);
  const repo = new PaymentMethodsRepo(ctx.db.kysely, ctx.orgId);
  const method = await repo.method(customerId, methodId);
  if (method === undefined) throw AppError.notFound('Payment method');
  const connection = isProviderName(method.provider) ? await openConnection(ctx.db.kysely, gatewayDeps(deps), ctx.orgId, method.provider) : null;
  if (connection !== null) {
    await connection.provider.detachSavedMethod(connection.credentials, method.payment_method_ref).catch((error: unknown) => {
      // Already detached or deleted at the gateway: nothing left to do there.
      if (error instanceof ProviderError && error.kind === 'invalid_request') return;
      providerProblem(error);
    });
  }
  await inTransaction(ctx.db, async (trx) => {
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
    const locked = new PaymentMethodsRepo(trx, ctx.orgId);
    if ((await locked.method(customerId, methodId)) === undefined) return;
    await locked.markRemoved(methodId, nowIso(ctx.clock));
    await emit(trx, ctx, {
      type: 'customer.payment_method_removed',
      resource: { type: 'customer', id: customerId },
      before: paymentMethodOut(method),
      after: { id: method.id, detached_at_gateway: connection !== null },
    });
  });
}

/** Makes a method the one automatic charges use. */
export async function setDefaultMethod(ctx: RequestContext, customerId: string, methodId: string): Promise<PaymentMethodOut> {
  await findCustomer(ctx, customerId);
  return inTransaction(ctx.db, async (trx) => {
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, [customerId]);
    const repo = new PaymentMethodsRepo(trx, ctx.orgId);
    const method = await repo.method(customerId, methodId);
    if (method === undefined) throw AppError.notFound('Payment method');
    if (method.is_default === 1) return paymentMethodOut(method);
    await repo.setDefault(customerId, methodId);
    const after = { ...method, is_default: 1 };
    await emit(trx, ctx, {
      type: 'customer.payment_method_default_changed',
      resource: { type: 'customer', id: customerId },
      after: { id: method.id, brand: method.brand, last4: method.last4 },
    });
    return paymentMethodOut(after);
  });
}
