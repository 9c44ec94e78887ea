/**
 * The Stripe provider, through the official SDK. STRIPE_API_URL points the SDK at another
 * address (host/port/protocol), e.g. the local Stripe-compatible test server. Amounts are
 * converted exactly (stripe-amounts.ts); Stripe's own refusals become ProviderError with
 * Stripe's message, safe to show (it never contains the key).
 */
import Stripe from 'stripe';
import {
  ProviderError,
  WebhookSignatureError,
  type ChargeResult,
  type Checkout,
  type GatewayEvent,
  type PaymentProvider,
  type ProviderCredentials,
} from '../payment-provider.ts';
import { fromStripeAmount, isoCurrency, toStripeAmount } from './stripe-amounts.ts';
import { parseStripeEvent, savedMethodOf } from './stripe-events.ts';
import { maskSecret, validateStripeSecrets } from './stripe-secrets.ts';

const DEFAULT_CHECKOUT_ORIGIN = 'https://checkout.stripe.com';

export interface StripeProviderOptions {
  /** STRIPE_API_URL: e.g. http://127.0.0.1:12111; default Stripe's own. */
  apiUrl?: string | undefined;
}

function sdkOptions(apiUrl: string | undefined): Stripe.StripeConfig {
  const base: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, telemetry: false, appInfo: { name: 'Settle' } };
  if (apiUrl === undefined) return base;
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { ...base, host: url.hostname, port: url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port), protocol };
}

function checkoutOf(session: Stripe.Checkout.Session): Checkout {
  const currency = session.currency === null ? null : isoCurrency(session.currency);
  return {
    id: session.id,
    url: session.url ?? '',
    status: session.status === 'complete' ? 'complete' : session.status === 'expired' ? 'expired' : 'open',
    expiresAt: new Date(session.expires_at * 1000).toISOString(),
    amount: session.amount_total === null || currency === null ? null : fromStripeAmount(session.amount_total, currency),
    currency,
  };
}

/** Stripe's error → ProviderError (a message safe to show); anything else is rethrown. */
function providerError(error: unknown): never {
  if (error instanceof Stripe.errors.StripeError) {
    const kind =
      error.type === 'StripeAuthenticationError' || error.type === 'StripePermissionError'
        ? 'authentication'
        : error.type === 'StripeCardError'
          ? 'card'
          : error.type === 'StripeInvalidRequestError' || error.type === 'StripeIdempotencyError'
            ? 'invalid_request'
            : 'unavailable';
    const message = kind === 'unavailable' ? 'Stripe could not be reached or answered with an error; please try again' : error.message;
    throw new ProviderError(message, kind);
  }
  throw error;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    return providerError(error);
  }
}

export function createStripeProvider(options: StripeProviderOptions = {}): PaymentProvider {
  const config = sdkOptions(options.apiUrl);
  const clients = new Map<string, Stripe>();
  const client = (credentials: ProviderCredentials): Stripe => {
    let found = clients.get(credentials.secretKey);
    if (found === undefined) {
      found = new Stripe(credentials.secretKey, config);
      // A small cache: keys of the organizations in use; bounded so it cannot grow without end.
      if (clients.size > 500) clients.clear();
      clients.set(credentials.secretKey, found);
    }
    return found;
  };
  const checkoutOrigin = options.apiUrl === undefined ? DEFAULT_CHECKOUT_ORIGIN : new URL(options.apiUrl).origin;

  return {
    name: 'stripe',
    checkoutOrigins: [checkoutOrigin],
    validateSecrets: validateStripeSecrets,
    mask: maskSecret,

    async verifyCredentials(credentials) {
      const account = await call(() => client(credentials).accounts.retrieveCurrent());
      const mode = /^(sk|rk)_live_/.test(credentials.secretKey) ? 'live' : 'test';
      return { mode, accountId: account.id ?? null };
    },

    async createCheckout(credentials, request) {
      const metadata = { organization_id: request.organizationId, invoice_id: request.invoiceId };
      const session = await call(() =>
        client(credentials).checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: request.currency.toLowerCase(),
                  unit_amount: toStripeAmount(request.amount, request.currency),
                  product_data: { name: request.description },
                },
              },
            ],
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            client_reference_id: request.invoiceId,
            ...(request.customerEmail === null ? {} : { customer_email: request.customerEmail }),
            metadata,
            payment_intent_data: { metadata, description: request.description },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return checkoutOf(session);
    },

    async getCheckout(credentials, id) {
      return checkoutOf(await call(() => client(credentials).checkout.sessions.retrieve(id)));
    },

    async expireCheckout(credentials, id) {
      return checkoutOf(await call(() => client(credentials).checkout.sessions.expire(id)));
    },

    async ensureCustomer(credentials, request) {
      const customer = await call(() =>
        client(credentials).customers.create(
          {
            name: request.name,
            ...(request.email === null ? {} : { email: request.email }),
            metadata: { organization_id: request.organizationId, customer_id: request.settleCustomerId },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { customerRef: customer.id };
    },

    async createSetupCheckout(credentials, request) {
      const metadata = { organization_id: request.organizationId, customer_id: request.settleCustomerId };
      const session = await call(() =>
        client(credentials).checkout.sessions.create(
          {
            mode: 'setup',
            customer: request.customerRef,
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            ...(request.methodTypes === undefined ? {} : ({ payment_method_types: request.methodTypes } as Partial<Stripe.Checkout.SessionCreateParams>)),
            metadata,
            setup_intent_data: { metadata },
          },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return checkoutOf(session);
    },

    async listSavedMethods(credentials, customerRef) {
      const list = await call(() => client(credentials).customers.listPaymentMethods(customerRef, { limit: 100 }));
      return list.data.map(savedMethodOf);
    },

    async detachSavedMethod(credentials, paymentMethodRef) {
      await call(() => client(credentials).paymentMethods.detach(paymentMethodRef));
    },

    async chargeOffSession(credentials, request): Promise<ChargeResult> {
      try {
        const intent = await client(credentials).paymentIntents.create(
          {
            amount: toStripeAmount(request.amount, request.currency),
            currency: request.currency.toLowerCase(),
            customer: request.customerRef,
            payment_method: request.paymentMethodRef,
            off_session: true,
            confirm: true,
            description: request.description,
            metadata: { organization_id: request.organizationId, invoice_id: request.invoiceId },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (intent.status === 'succeeded' || intent.status === 'processing') return { status: 'succeeded', paymentIntentId: intent.id };
        if (intent.status === 'requires_action') return { status: 'requires_action', paymentIntentId: intent.id };
        return { status: 'failed', paymentIntentId: intent.id, message: intent.last_payment_error?.message ?? `The payment is ${intent.status}` };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          const intentId = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent?.id ?? null;
          if (error.code === 'authentication_required' && intentId !== null) return { status: 'requires_action', paymentIntentId: intentId };
          return { status: 'failed', paymentIntentId: intentId, message: error.message };
        }
        return providerError(error);
      }
    },

    async refund(credentials, request) {
      const refund = await call(() =>
        client(credentials).refunds.create(
          { payment_intent: request.paymentIntentId, amount: toStripeAmount(request.amount, request.currency), metadata: { reason: request.reason.slice(0, 500) } },
          { idempotencyKey: request.idempotencyKey },
        ),
      );
      return { refundId: refund.id };
    },

    async parseWebhook(credentials, webhook): Promise<GatewayEvent> {
      const header = webhook.headers['stripe-signature'];
      if (header === undefined || header === '') throw new WebhookSignatureError('The Stripe-Signature header is missing');
      let event: Stripe.Event;
      try {
        event = client(credentials).webhooks.constructEvent(webhook.rawBody, header, webhook.webhookSecret);
      } catch {
        throw new WebhookSignatureError('The Stripe-Signature header does not verify with this organization\'s webhook secret (or it is too old)');
      }
      return parseStripeEvent(event, client(credentials), call);
    },
  };
}
