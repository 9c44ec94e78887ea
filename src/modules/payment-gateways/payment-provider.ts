/**
 * The provider-neutral payment gateway interface. Billing code (checkouts, the inbound
 * webhook, refunds, later saved methods and auto-charge) speaks only this; a provider
 * (stripe/stripe-provider.ts) translates it to its API. Amounts are bigint minor units of
 * the ISO 4217 currency (src/domain/money), currencies upper-case ISO codes: converting to
 * the provider's own units is the provider's job.
 */

export type GatewayMode = 'test' | 'live';

/** The organization's credentials for one provider, decrypted only for the call. */
export interface ProviderCredentials {
  secretKey: string;
}

export interface CheckoutRequest {
  invoiceId: string;
  organizationId: string;
  /** Shown on the hosted page, e.g. "Invoice INV-2026-00001". */
  description: string;
  amount: bigint;
  currency: string;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  /** The same key gives the same checkout (retries never make two). */
  idempotencyKey: string;
}

export interface Checkout {
  id: string;
  url: string;
  status: 'open' | 'complete' | 'expired';
  /** RFC 3339. */
  expiresAt: string;
  amount: bigint | null;
  currency: string | null;
}

export interface SetupCheckoutRequest {
  /** The provider's customer id (created with ensureCustomer). */
  customerRef: string;
  settleCustomerId: string;
  organizationId: string;
  successUrl: string;
  cancelUrl: string;
  /** Method types to offer, e.g. ['card', 'sepa_debit']; default: the provider's choice. */
  methodTypes?: string[];
  idempotencyKey: string;
}

export interface CustomerRequest {
  settleCustomerId: string;
  organizationId: string;
  name: string;
  email: string | null;
  idempotencyKey: string;
}

export interface OffSessionChargeRequest {
  customerRef: string;
  paymentMethodRef: string;
  amount: bigint;
  currency: string;
  invoiceId: string;
  organizationId: string;
  description: string;
  idempotencyKey: string;
}

export type ChargeResult =
  | { status: 'succeeded'; paymentIntentId: string }
  | { status: 'failed'; paymentIntentId: string | null; message: string }
  | { status: 'requires_action'; paymentIntentId: string };

export interface RefundRequest {
  paymentIntentId: string;
  amount: bigint;
  currency: string;
  reason: string;
  idempotencyKey: string;
}

export interface SavedMethod {
  paymentMethodRef: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** What an inbound webhook event means for billing; everything else is 'ignored'. */
export type GatewayEvent =
  | {
      kind: 'payment_succeeded';
      eventId: string;
      paymentIntentId: string;
      amount: bigint;
      currency: string;
      /** The provider's method type ('card', 'sepa_debit', …). */
      methodType: string;
      invoiceId: string | null;
      organizationId: string | null;
    }
  | { kind: 'refunded'; eventId: string; paymentIntentId: string; currency: string; refunds: { id: string; amount: bigint }[] }
  | {
      kind: 'setup_succeeded';
      eventId: string;
      customerRef: string | null;
      paymentMethodRef: string | null;
      type: string | null;
      brand: string | null;
      last4: string | null;
      expMonth: number | null;
      expYear: number | null;
      settleCustomerId: string | null;
      organizationId: string | null;
    }
  | { kind: 'payment_failed'; eventId: string; paymentIntentId: string; message: string | null; invoiceId: string | null; organizationId: string | null }
  | { kind: 'ignored'; eventId: string; type: string };

export interface InboundWebhook {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  webhookSecret: string;
}

/** A refusal by the provider (bad key, declined, invalid request): its message is safe to show. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: 'authentication' | 'invalid_request' | 'card' | 'unavailable',
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** An inbound webhook whose signature is missing, wrong, stale or made with another secret. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

export interface PaymentProvider {
  readonly name: string;
  /** Origins the customer's browser is sent to for hosted pages (the customer page's CSP form-action). */
  readonly checkoutOrigins: readonly string[];
  /** Checks the form of the secrets before any call; null when fine, else the field and message. */
  validateSecrets(input: { secretKey: string; webhookSecret: string }): { path: string; message: string } | null;
  /** Masks a secret for display ("sk_test_…1234"). */
  mask(secret: string): string;
  verifyCredentials(credentials: ProviderCredentials): Promise<{ mode: GatewayMode; accountId: string | null }>;
  createCheckout(credentials: ProviderCredentials, request: CheckoutRequest): Promise<Checkout>;
  getCheckout(credentials: ProviderCredentials, id: string): Promise<Checkout>;
  expireCheckout(credentials: ProviderCredentials, id: string): Promise<Checkout>;
  ensureCustomer(credentials: ProviderCredentials, request: CustomerRequest): Promise<{ customerRef: string }>;
  createSetupCheckout(credentials: ProviderCredentials, request: SetupCheckoutRequest): Promise<Checkout>;
  listSavedMethods(credentials: ProviderCredentials, customerRef: string): Promise<SavedMethod[]>;
  detachSavedMethod(credentials: ProviderCredentials, paymentMethodRef: string): Promise<void>;
  chargeOffSession(credentials: ProviderCredentials, request: OffSessionChargeRequest): Promise<ChargeResult>;
  refund(credentials: ProviderCredentials, request: RefundRequest): Promise<{ refundId: string }>;
  /** Verifies the signature (WebhookSignatureError) and normalizes the event; may read the provider's API for details. */
  parseWebhook(credentials: ProviderCredentials, webhook: InboundWebhook): Promise<GatewayEvent>;
}
