/**
 * Applying a customer's credit (same currency) to one of their open or partially paid
 * invoices, in one transaction: lock the customer, then the invoice (lockInvoice: the
 * order of db/dialect.ts, used by every write path), take the credit out of the ledger (− entry, source 'applied')
 * and record it as a payment with method 'customer_credit'.
 *
 * Cash-collected reports (revenue, summary "collected") must exclude method 'customer_credit':
 * that cash was counted when the overpayment (or the refunded credit note) arrived.
 */
import type { PaymentsTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
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
import { CUSTOMER_CREDIT_METHOD, type ApplyCreditInput, type PaymentOut } from './payments.schemas.ts';
import { amountIn, conflictOn, invoiceMoney, paymentOut, today } from './payments.service.ts';

export async function applyCredit(ctx: RequestContext, invoiceId: string, input: ApplyCreditInput): Promise<PaymentOut> {
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    const credit = new CustomerCreditRepo(trx, ctx.orgId);
    const currency = invoice.currency;
    const money = (minor: bigint) => `${formatAmount(minor, currency)} ${currency}`;

    // Parse first, so that malformed input is a 422 whatever the invoice's state.
    const requested = input.amount === undefined ? undefined : amountIn(currency, input.amount);
    if (invoice.status !== 'open' && invoice.status !== 'partially_paid') {
      throw AppError.conflict(`Credit can only be applied to an open or partially paid invoice; this one is ${invoice.status.replace('_', ' ')}`);
    }
    const due = BigInt(invoice.amount_due);
    if (due <= 0n) throw AppError.conflict('Nothing is due on this invoice');
    const balance = await credit.balance(invoice.customer_id, currency);
    if (balance <= 0n) throw conflictOn('amount', `The customer has no ${currency} credit to apply`);
    const amount = requested ?? (balance < due ? balance : due);
    if (amount > balance) {
      throw conflictOn('amount', `The amount ${money(amount)} is more than the customer's credit (${money(balance)})`);
    }
    if (amount > due) {
      throw conflictOn('amount', `The amount ${money(amount)} is more than the amount due (${money(due)})`);
    }

    const now = nowIso(ctx.clock);
    const row: Omit<PaymentsTable, 'organization_id'> = {
      id: newId('pay'),
      invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      currency,
      amount: Number(amount),
      applied_amount: Number(amount),
      excess_amount: 0,
      refunded_amount: 0,
      date: today(ctx),
      method: CUSTOMER_CREDIT_METHOD,
      reference: null,
      notes: null,
      created_at: now,
    };
    await new PaymentsRepo(trx, ctx.orgId).insert(row);
    await credit.insert({
      id: newId('cce'),
      customer_id: invoice.customer_id,
      currency,
      amount: -amount,
      source_type: 'applied',
      source_id: row.id,
      invoice_id: invoice.id,
      created_at: now,
    });
    await appendToChain(trx, ctx, 'payment', row.id);
    const updated = await applyMoneyChange(trx, ctx, invoice, { paidDelta: amount, on: row.date });
    const out = paymentOut({ ...row, organization_id: ctx.orgId, invoice_number: invoice.number }, []);
    // A payment of method customer_credit: public as payment.created, audited as what the user did.
    await emit(trx, ctx, {
      type: 'payment.created',
      resource: { type: 'payment', id: row.id },
      before: { invoice: invoiceMoney(invoice), credit_balance: formatAmount(balance, currency) },
      after: { ...out, invoice: invoiceMoney(updated), credit_balance: formatAmount(balance - amount, currency) },
      object: out,
      audit: { action: 'customer_credit.applied' },
      facts: { invoice, payment: row },
    });
    return out;
  });
}
