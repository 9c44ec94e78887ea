/**
 * Stripe events → provider-neutral gateway events. Payments come from
 * `checkout.session.completed` (mode payment, paid) and `payment_intent.succeeded`, both
 * carrying the metadata the checkout set (organization_id, invoice_id); refunds from
 * `charge.refunded` (the charge's refunds listed through the API: recent API versions no
 * longer embed them); saved methods from `checkout.session.completed` in setup mode.
 */
import type Stripe from 'stripe';
import type { GatewayEvent, SavedMethod } from '../payment-provider.ts';
import { fromStripeAmount, isoCurrency } from './stripe-amounts.ts';

type Call = <T>(run: () => Promise<T>) => Promise<T>;

const meta = (metadata: Stripe.Metadata | null | undefined, key: string): string | null => {
  const value = metadata?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
};

const idOf = (value: string | { id: string } | null | undefined): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : value.id);

/** The method type a payment intent was paid with: its only allowed type, else its charge's. */
async function methodTypeOf(client: Stripe, call: Call, intent: Stripe.PaymentIntent): Promise<string> {
  const chargeId = idOf(intent.latest_charge);
  if (chargeId !== null) {
    const charge = typeof intent.latest_charge === 'object' && intent.latest_charge !== null ? intent.latest_charge : await call(() => client.charges.retrieve(chargeId)).catch(() => null);
    const type = charge?.payment_method_details?.type;
    if (typeof type === 'string') return type;
  }
  return intent.payment_method_types.length === 1 ? (intent.payment_method_types[0] ?? 'card') : 'card';
}

export async function parseStripeEvent(event: Stripe.Event, client: Stripe, call: Call): Promise<GatewayEvent> {
  const ignored: GatewayEvent = { kind: 'ignored', eventId: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      if (session.mode === 'setup') {
        const setupId = idOf(session.setup_intent);
        if (setupId === null) return ignored;
        const intent = await call(() => client.setupIntents.retrieve(setupId, { expand: ['payment_method'] }));
        const method = typeof intent.payment_method === 'object' && intent.payment_method !== null ? savedMethodOf(intent.payment_method) : null;
        return {
          kind: 'setup_succeeded',
          eventId: event.id,
          customerRef: idOf(session.customer) ?? idOf(intent.customer),
          paymentMethodRef: method?.paymentMethodRef ?? idOf(intent.payment_method),
          type: method?.type ?? null,
          brand: method?.brand ?? null,
          last4: method?.last4 ?? null,
          expMonth: method?.expMonth ?? null,
          expYear: method?.expYear ?? null,
          settleCustomerId: meta(session.metadata, 'customer_id') ?? meta(intent.metadata, 'customer_id'),
          organizationId: meta(session.metadata, 'organization_id') ?? meta(intent.metadata, 'organization_id'),
        };
      }
      if (session.mode !== 'payment' || session.payment_status !== 'paid') return ignored;
      const intentId = idOf(session.payment_intent);
      if (intentId === null || session.amount_total === null || session.currency === null) return ignored;
      const currency = isoCurrency(session.currency);
      const intent = await call(() => client.paymentIntents.retrieve(intentId)).catch(() => null);
      return {
        kind: 'payment_succeeded',
        eventId: event.id,
        paymentIntentId: intentId,
        amount: fromStripeAmount(session.amount_total, currency),
        currency,
        methodType: intent === null ? (session.payment_method_types[0] ?? 'card') : await methodTypeOf(client, call, intent),
        invoiceId: meta(session.metadata, 'invoice_id'),
        organizationId: meta(session.metadata, 'organization_id'),
      };
    }
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      const currency = isoCurrency(intent.currency);
      return {
        kind: 'payment_succeeded',
        eventId: event.id,
        paymentIntentId: intent.id,
        amount: fromStripeAmount(intent.amount_received > 0 ? intent.amount_received : intent.amount, currency),
        currency,
        methodType: await methodTypeOf(client, call, intent),
        invoiceId: meta(intent.metadata, 'invoice_id'),
        organizationId: meta(intent.metadata, 'organization_id'),
      };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        kind: 'payment_failed',
        eventId: event.id,
        paymentIntentId: intent.id,
        message: intent.last_payment_error?.message ?? null,
        invoiceId: meta(intent.metadata, 'invoice_id'),
        organizationId: meta(intent.metadata, 'organization_id'),
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intentId = idOf(charge.payment_intent);
      if (intentId === null) return ignored;
      const currency = isoCurrency(charge.currency);
      const embedded = charge.refunds?.data;
      const refunds = embedded && !charge.refunds?.has_more ? embedded : (await call(() => client.refunds.list({ charge: charge.id, limit: 100 }))).data;
      return {
        kind: 'refunded',
        eventId: event.id,
        paymentIntentId: intentId,
        currency,
        refunds: refunds
          .filter((refund) => refund.status === 'succeeded' || refund.status === 'pending')
          .map((refund) => ({ id: refund.id, amount: fromStripeAmount(refund.amount, currency) })),
      };
    }
    default:
      return ignored;
  }
}

export function savedMethodOf(method: Stripe.PaymentMethod): SavedMethod {
  const card = method.card;
  const sepa = method.sepa_debit;
  return {
    paymentMethodRef: method.id,
    type: method.type,
    brand: card?.brand ?? (sepa ? 'sepa_debit' : null),
    last4: card?.last4 ?? sepa?.last4 ?? null,
    expMonth: card?.exp_month ?? null,
    expYear: card?.exp_year ?? null,
  };
}
