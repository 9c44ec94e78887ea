/**
 * The inbound gateway webhook of one organization: the signature is verified with that
 * organization's webhook secret before anything is read or written (bad, missing, stale or
 * another organization's → 400, nothing changes); then the normalized event is applied:
 * a payment recorded once per payment intent, each refund once per refund id.
 *
 * Answers: 200 when the event is applied, already known, or can never be applied (Stripe
 * stops retrying); 409 when a refund names a payment not recorded yet (an event arriving
 * before its payment: Stripe retries later); 502 when the gateway's API could not be read.
 */
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, type RequestContext } from '../../kernel/context.ts';
import { inTransaction } from '../../db/transaction.ts';
import { emit } from '../../kernel/events.ts';
import { organizationTimeZone } from '../../domain/time-zone.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { AppError } from '../../shared/errors.ts';
import { PaymentsRepo } from '../payments/payments.repo.ts';
import { refundPayment } from '../payments/refund-payment.ts';
import { gatewayDeps, openConnection, providerProblem } from './gateway-connections.ts';
import { WebhookSignatureError, type GatewayEvent } from './payment-provider.ts';
import type { ProviderName } from './providers.ts';
import { recordGatewayPayment } from './record-gateway-payment.ts';
import { StripeAmountError } from './stripe/stripe-amounts.ts';
import { recordSavedMethod } from './saved-methods/record-saved-method.ts';

const REFUSED = 'The webhook signature does not verify for this organization';

export interface WebhookResult {
  received: true;
  outcome: string;
}

export async function handleGatewayWebhook(
  deps: AppDeps,
  provider: ProviderName,
  orgId: string,
  request: { rawBody: Buffer; headers: Record<string, string | string[] | undefined>; requestId: string },
): Promise<WebhookResult> {
  const connection = await openConnection(deps.db.kysely, gatewayDeps(deps), orgId, provider);
  if (connection === null) throw new AppError('bad_request', REFUSED);
  let event: GatewayEvent;
  try {
    event = await connection.provider.parseWebhook(connection.credentials, { rawBody: request.rawBody, headers: request.headers, webhookSecret: connection.webhookSecret });
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new AppError('bad_request', `${REFUSED}: ${error.message}`);
    if (error instanceof StripeAmountError) return { received: true, outcome: 'unrepresentable_amount' };
    return providerProblem(error);
  }
  const org = await deps.db.kysely.selectFrom('organizations').select(['time_zone', 'country']).where('id', '=', orgId).executeTakeFirst();
  if (org === undefined) throw new AppError('bad_request', REFUSED);
  const ctx = systemContext(deps, orgId, `${provider} webhook`, { role: 'accountant', requestId: request.requestId, timeZone: organizationTimeZone(org) });

  switch (event.kind) {
    case 'payment_succeeded': {
      if (event.organizationId !== orgId || event.invoiceId === null) return { received: true, outcome: 'ignored' };
      const outcome = await recordGatewayPayment(ctx, {
        gateway: provider,
        paymentIntentId: event.paymentIntentId,
        invoiceId: event.invoiceId,
        amount: event.amount,
        currency: event.currency,
        methodType: event.methodType,
        eventId: event.eventId,
      });
      return { received: true, outcome };
    }
    case 'refunded':
      return { received: true, outcome: await recordGatewayRefunds(ctx, deps, provider, event) };
    case 'setup_succeeded':
      return { received: true, outcome: await recordSavedMethod(ctx, provider, event) };
    default:
      return { received: true, outcome: 'ignored' };
  }
}

async function recordGatewayRefunds(ctx: RequestContext, deps: AppDeps, provider: ProviderName, event: Extract<GatewayEvent, { kind: 'refunded' }>): Promise<string> {
  const payment = await new PaymentsRepo(ctx.db.kysely, ctx.orgId).findByGateway(provider, event.paymentIntentId);
  if (payment === undefined) {
    // Not recorded yet (the payment's event comes later) or never (not Settle's): let Stripe retry.
    throw AppError.conflict('The payment this refund belongs to is not recorded (yet)');
  }
  for (const refund of event.refunds) {
    try {
      await refundPayment(
        ctx,
        payment.id,
        { amount: formatAmount(refund.amount, payment.currency), reason: `Refunded in ${provider} (${refund.id})` },
        { gatewayRefundId: refund.id, gateways: deps.gatewayRefunds },
      );
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'conflict' && error.code !== 'validation')) throw error;
      await inTransaction(ctx.db, (trx) =>
        emit(trx, ctx, {
          type: 'invoice.gateway_refund_rejected',
          resource: { type: 'invoice', id: payment.invoice_id },
          after: { gateway: provider, gateway_refund_id: refund.id, payment_id: payment.id, amount: formatAmount(refund.amount, payment.currency), reason: error.message },
        }),
      );
    }
  }
  return 'processed';
}
