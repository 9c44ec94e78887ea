/**
 * Refunding (part of) a payment, in one transaction. Money given back comes first out of
 * this payment's excess that is still held as customer credit (a − credit entry), then out
 * of what the payment paid on the invoice (amount_paid goes down, so the invoice is owed
 * again: paid → partially paid → open).
 *
 * Lock order (db/dialect.ts): customer, then invoice (lockInvoice takes both), then the
 * payment's rows, then the report summaries. The payment is read again once both locks are
 * held, so two concurrent refunds of one payment see each other and can never give back
 * more than it brought in.
 *
 * A payment that arrived through a gateway (payments.gateway) is refunded there first,
 * under the locks, after every check: the gateway's refund id is stored with the refund,
 * so the gateway's later webhook for it finds it and does not count it again. The call
 * carries an idempotency key made of the payment, what it had refunded before and the
 * amount, so a retried transaction (or request) gets the same gateway refund, never a
 * second one. A refusal by the gateway rolls everything back (nothing recorded).
 * `gatewayRefundId` without a call: the gateway reported a refund (its webhook); recorded
 * once per refund id.
 */
import { inTransaction } from '../../db/transaction.ts';
import { actionProblem, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import type { GatewayRefunds } from '../../kernel/gateways.ts';
import { appendToChain } from '../integrity/chain.repo.ts';
import { applyMoneyChange, lockInvoice } from '../invoices/invoice-money.ts';
import { CustomerCreditRepo } from './customer-credit.repo.ts';
import { PaymentsRepo } from './payments.repo.ts';
import { CUSTOMER_CREDIT_METHOD, type PaymentOut, type RefundPaymentInput } from './payments.schemas.ts';
import { amountIn, conflictOn, invoiceMoney, paymentOut, today } from './payments.service.ts';

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export interface RefundOptions {
  /** Refunds payments that arrived through a gateway there first (AppDeps.gatewayRefunds). */
  gateways?: GatewayRefunds | undefined;
  /** The refund was made at the gateway already (its webhook): record it once by this id. */
  gatewayRefundId?: string;
}

export async function refundPayment(ctx: RequestContext, paymentId: string, input: RefundPaymentInput, options: RefundOptions = {}): Promise<PaymentOut> {
  return inTransaction(ctx.db, async (trx) => {
    const payments = new PaymentsRepo(trx, ctx.orgId);
    const credit = new CustomerCreditRepo(trx, ctx.orgId);
    const unlocked = await payments.find(paymentId);
    if (!unlocked) throw AppError.notFound('Payment');
    const invoice = await lockInvoice(trx, ctx, unlocked.invoice_id);
    const payment = await payments.find(paymentId);
    if (!payment) throw AppError.notFound('Payment');
    const money = (minor: bigint) => `${formatAmount(minor, payment.currency)} ${payment.currency}`;
    if (options.gatewayRefundId !== undefined && (await payments.hasGatewayRefund(options.gatewayRefundId))) {
      return paymentOut(payment, await payments.refundsOf([payment.id]));
    }

    if (payment.method === CUSTOMER_CREDIT_METHOD) {
      throw AppError.conflict('This payment applied customer credit: no money was received, so there is nothing to refund');
    }
    const problem = actionProblem('refund', {
      status: invoice.status as InvoiceStatus,
      amountPaid: BigInt(invoice.amount_paid),
      amountDue: BigInt(invoice.amount_due),
    });
    if (problem) throw AppError.conflict(`This payment cannot be refunded: ${problem}`);

    const received = BigInt(payment.amount);
    const refunded = BigInt(payment.refunded_amount);
    const refundable = received - refunded;
    if (refundable <= 0n) throw AppError.conflict('This payment has already been refunded in full');
    const amount = input.amount === undefined ? refundable : amountIn(payment.currency, input.amount);
    if (amount > refundable) {
      throw conflictOn('amount', `The refund ${money(amount)} is more than what is left to refund on this payment (${money(refundable)})`);
    }

    // Split: first the excess still held as credit, then what was applied to the invoice.
    const excessRefunded = await payments.excessRefunded(payment.id);
    const creditBalance = await credit.balance(payment.customer_id, payment.currency);
    const positive = (value: bigint) => (value > 0n ? value : 0n);
    const excessHeld = positive(min(BigInt(payment.excess_amount) - excessRefunded, positive(creditBalance)));
    const appliedLeft = positive(min(BigInt(payment.applied_amount) - (refunded - excessRefunded), BigInt(invoice.amount_paid)));
    // A credit note on a paid invoice over-settles it; that surplus went to customer credit.
    // Money refunded from the invoice takes that surplus back out of the credit first; what
    // of it the customer already spent cannot be refunded in cash as well.
    const overSettled = positive(BigInt(invoice.amount_paid) + BigInt(invoice.amount_credited) - BigInt(invoice.total));
    const overHeld = min(overSettled, positive(creditBalance - excessHeld));
    const fromInvoiceMax = positive(appliedLeft - (overSettled - overHeld));
    const possible = excessHeld + fromInvoiceMax;
    if (amount > possible) {
      throw conflictOn(
        'amount',
        `Only ${money(possible)} of this payment can be refunded: the rest was already used as customer credit`,
      );
    }
    const fromExcess = min(amount, excessHeld);
    const fromInvoice = amount - fromExcess;
    const fromCredit = fromExcess + min(fromInvoice, overHeld);

    let gatewayRefundId = options.gatewayRefundId ?? null;
    if (gatewayRefundId === null && typeof payment.gateway === 'string' && typeof payment.gateway_payment_id === 'string') {
      if (options.gateways === undefined) throw AppError.conflict(`This payment arrived through ${payment.gateway}, which is not available to refund it`);
      const made = await options.gateways.refund(trx, ctx.orgId, {
        gateway: payment.gateway,
        gatewayPaymentId: payment.gateway_payment_id,
        amount,
        currency: payment.currency,
        reason: input.reason,
        idempotencyKey: `settle-refund-${payment.id}-${refunded}-${amount}`,
      });
      gatewayRefundId = made.refundId;
      // The gateway may answer an earlier, identical call (same key) whose record exists.
      if (await payments.hasGatewayRefund(gatewayRefundId)) return paymentOut(payment, await payments.refundsOf([payment.id]));
    }

    const earlierRefunds = await payments.refundsOf([payment.id]);
    const now = nowIso(ctx.clock);
    const refund = {
      id: newId('ref'),
      payment_id: payment.id,
      invoice_id: payment.invoice_id,
      amount: Number(amount),
      reason: input.reason,
      date: today(ctx),
      created_at: now,
      gateway_refund_id: gatewayRefundId,
    };
    await payments.insertRefund(refund);
    if (fromCredit > 0n) {
      await credit.insert({
        id: newId('cce'),
        customer_id: payment.customer_id,
        currency: payment.currency,
        amount: -fromCredit,
        source_type: 'refund',
        source_id: refund.id,
        invoice_id: payment.invoice_id,
        created_at: now,
      });
    }
    await payments.setRefundedAmount(payment.id, refunded + amount);
    await appendToChain(trx, ctx, 'refund', refund.id);
    // The summaries (inside applyMoneyChange) after every document row: the lock order.
    const updatedInvoice = fromInvoice > 0n ? await applyMoneyChange(trx, ctx, invoice, { paidDelta: -fromInvoice }) : invoice;

    const after = paymentOut({ ...payment, refunded_amount: Number(refunded + amount) }, [
      ...earlierRefunds,
      { ...refund, organization_id: ctx.orgId },
    ]);
    await emit(trx, ctx, {
      type: 'payment.refunded',
      resource: { type: 'payment', id: payment.id },
      object: after,
      facts: { invoice, payment, refund, fromCredit },
      before: { ...paymentOut(payment, earlierRefunds), invoice: invoiceMoney(invoice) },
      after: {
        ...after,
        refund: {
          id: refund.id,
          amount: formatAmount(amount, payment.currency),
          from_credit: formatAmount(fromCredit, payment.currency),
          from_invoice: formatAmount(fromInvoice, payment.currency),
        },
        invoice: invoiceMoney(updatedInvoice),
      },
    });
    return after;
  });
}
