/**
 * Recording a payment on a finalized invoice, in one transaction:
 * lock the invoice (so concurrent payments on it run one after the other and each sees the
 * amount due the previous one left), check its state, apply min(amount, amount due), keep
 * any allowed excess as customer credit, insert the payment, audit.
 *
 * Lock order everywhere in this module, as in every write path (db/dialect.ts): customer,
 * then invoice (both taken by lockInvoice), then the payment's own rows, then the report
 * summaries last.
 */
import { inTransaction } from '../../db/transaction.ts';
import { actionProblem, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import type { CreatePaymentInput, PaymentOut } from './payments.schemas.ts';
import { amountIn, assertPaymentDate, conflictOn } from './payments.service.ts';
import { settlePayment } from './settle-payment.ts';

export async function recordPayment(ctx: RequestContext, input: CreatePaymentInput): Promise<PaymentOut> {
  assertPaymentDate(ctx, input.date);

  return inTransaction(ctx.db, async (trx) => {
    // An invoice of another organization is answered exactly like one that does not exist.
    const invoice = await lockInvoice(trx, ctx, input.invoice_id).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') {
        throw AppError.validation('invoice_id', 'is not an invoice of this organization');
      }
      throw error;
    });
    const amount = amountIn(invoice.currency, input.amount);
    const due = BigInt(invoice.amount_due);
    const problem = actionProblem('record_payment', {
      status: invoice.status as InvoiceStatus,
      amountPaid: BigInt(invoice.amount_paid),
      amountDue: due,
    });
    if (problem) throw conflictOn('invoice_id', `A payment cannot be recorded: ${problem}`);

    const applied = amount < due ? amount : due;
    const excess = amount - applied;
    if (excess > 0n && !input.allow_overpayment) {
      throw conflictOn(
        'amount',
        `The amount ${formatAmount(amount, invoice.currency)} is more than the amount due ` +
          `(${formatAmount(due, invoice.currency)} ${invoice.currency}); ` +
          'send "allow_overpayment": true to keep the excess as customer credit',
      );
    }

    const { payment } = await settlePayment(trx, ctx, invoice, {
      applied,
      excess,
      date: input.date,
      method: input.method,
      reference: input.reference,
      notes: input.notes,
    });
    return payment;
  });
}
