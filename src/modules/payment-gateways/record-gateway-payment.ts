/**
 * A payment reported by a gateway (webhook), recorded exactly once per gateway payment id:
 * under the invoice's lock (lock order of db/dialect.ts: customer, invoice, then the
 * payment's rows, summaries last) the payment row is inserted with INSERT … ON CONFLICT DO
 * NOTHING on the unique (organization, gateway, gateway payment id) — whatever the number,
 * order or concurrency of the events announcing it, one of them inserts and the others
 * find it there and change nothing.
 *
 * The money was taken, so it is always recorded: what the invoice still owes is applied, the
 * rest (the invoice was paid meanwhile, voided, or the amount was larger) is kept as
 * customer credit. A currency other than the invoice's cannot be recorded on it: nothing is
 * recorded, and the problem is noted on the invoice's timeline for a person to resolve
 * (refund in the gateway, or record by hand); the gateway gets 200, as retrying would
 * change nothing.
 */
import { inTransaction } from '../../db/transaction.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import { PaymentsRepo } from '../payments/payments.repo.ts';
import { settleGatewayPayment } from '../payments/settle-payment.ts';

export interface GatewayPayment {
  gateway: string;
  paymentIntentId: string;
  invoiceId: string;
  amount: bigint;
  currency: string;
  methodType: string;
  eventId: string;
}

export type RecordOutcome = 'recorded' | 'duplicate' | 'unknown_invoice' | 'rejected';

/** The gateway's method type on Settle's payment method list. */
export function settleMethodOf(methodType: string): string {
  switch (methodType) {
    case 'card':
    case 'link':
    case 'apple_pay':
    case 'google_pay':
    case 'card_present':
      return 'card';
    case 'sepa_debit':
    case 'bacs_debit':
    case 'au_becs_debit':
    case 'acss_debit':
    case 'us_bank_account':
      return 'direct_debit';
    case 'customer_balance':
    case 'sofort':
    case 'giropay':
      return 'bank_transfer';
    default:
      return 'online';
  }
}

const OPEN = new Set(['open', 'partially_paid']);

export async function recordGatewayPayment(ctx: RequestContext, input: GatewayPayment): Promise<RecordOutcome> {
  return inTransaction(ctx.db, async (trx) => {
    let invoice;
    try {
      invoice = await lockInvoice(trx, ctx, input.invoiceId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return 'unknown_invoice';
      throw error;
    }
    const payments = new PaymentsRepo(trx, ctx.orgId);
    if ((await payments.findByGateway(input.gateway, input.paymentIntentId)) !== undefined) return 'duplicate';

    if (input.currency !== invoice.currency || invoice.status === 'draft') {
      await emit(trx, ctx, {
        type: 'invoice.gateway_payment_rejected',
        resource: { type: 'invoice', id: invoice.id },
        after: {
          gateway: input.gateway,
          gateway_payment_id: input.paymentIntentId,
          gateway_event_id: input.eventId,
          amount: formatAmount(input.amount, input.currency),
          currency: input.currency,
          reason:
            invoice.status === 'draft'
              ? 'The invoice is a draft: the payment was not recorded'
              : `The payment is in ${input.currency}, the invoice in ${invoice.currency}: not recorded; refund it in ${input.gateway} or record it by hand`,
        },
      });
      return 'rejected';
    }

    const due = BigInt(invoice.amount_due);
    const applied = OPEN.has(invoice.status) ? (input.amount < due ? input.amount : due) : 0n;
    const excess = input.amount - applied;
    const settlement = { applied, excess, date: todayIn(ctx), method: settleMethodOf(input.methodType), reference: input.paymentIntentId, notes: null };
    const gateway = { gateway: input.gateway, paymentId: input.paymentIntentId, method: input.methodType, eventId: input.eventId };
    if ((await settleGatewayPayment(trx, ctx, invoice, settlement, gateway)) === null) return 'duplicate';
    return 'recorded';
  });
}
