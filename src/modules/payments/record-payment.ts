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
import type { PaymentsTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { actionProblem, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { appendToChain } from '../integrity/chain.repo.ts';
import { applyMoneyChange, lockInvoice } from '../invoices/invoice-money.ts';
import { CustomerCreditRepo } from './customer-credit.repo.ts';
import { PaymentsRepo } from './payments.repo.ts';
import type { CreatePaymentInput, PaymentOut } from './payments.schemas.ts';
import { amountIn, conflictOn, invoiceMoney, latestPaymentDate, paymentOut } from './payments.service.ts';

export async function recordPayment(ctx: RequestContext, input: CreatePaymentInput): Promise<PaymentOut> {
  const latest = latestPaymentDate(ctx);
  if (input.date > latest) throw AppError.validation('date', `must not be after ${latest} (one year from today)`);

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

    const now = nowIso(ctx.clock);
    const row: Omit<PaymentsTable, 'organization_id'> = {
      id: newId('pay'),
      invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      currency: invoice.currency,
      amount: Number(amount),
      applied_amount: Number(applied),
      excess_amount: Number(excess),
      refunded_amount: 0,
      date: input.date,
      method: input.method,
      reference: input.reference,
      notes: input.notes,
      created_at: now,
    };
    // The documents first, the summaries (inside applyMoneyChange) after: the lock order.
    await new PaymentsRepo(trx, ctx.orgId).insert(row);
    if (excess > 0n) {
      await new CustomerCreditRepo(trx, ctx.orgId).insert({
        id: newId('cce'),
        customer_id: invoice.customer_id,
        currency: invoice.currency,
        amount: excess,
        source_type: 'overpayment',
        source_id: row.id,
        invoice_id: invoice.id,
        created_at: now,
      });
    }
    await appendToChain(trx, ctx, 'payment', row.id);
    const updated = await applyMoneyChange(trx, ctx, invoice, { paidDelta: applied, on: input.date });
    const out = paymentOut({ ...row, organization_id: ctx.orgId, invoice_number: invoice.number }, []);
    await emit(trx, ctx, {
      type: 'payment.created',
      resource: { type: 'payment', id: row.id },
      before: { invoice: invoiceMoney(invoice) },
      after: { ...out, invoice: invoiceMoney(updated) },
      object: out,
      audit: { action: 'payment.recorded' },
      facts: { invoice, payment: row },
    });
    return out;
  });
}
