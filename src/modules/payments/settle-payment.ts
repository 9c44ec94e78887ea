/**
 * What every payment received on one invoice does once its invoice is locked and the
 * amounts are decided (record-payment.ts for one invoice, record-customer-payment.ts for
 * one payment over several): insert the payment row, keep any excess as customer credit,
 * append it to the document chain, move the invoice's money (the summaries, last in the
 * lock order of db/dialect.ts, inside applyMoneyChange and the event), emit payment.created.
 */
import type { Transaction } from 'kysely';
import type { Database, InvoicesTable, PaymentsTable } from '../../db/schema.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { newId } from '../../shared/ids.ts';
import { emit } from '../../kernel/events.ts';
import { appendToChain } from '../integrity/chain.repo.ts';
import { applyMoneyChange } from '../invoices/invoice-money.ts';
import { CustomerCreditRepo } from './customer-credit.repo.ts';
import { PaymentsRepo } from './payments.repo.ts';
import type { PaymentOut } from './payments.schemas.ts';
import { invoiceMoney, paymentOut } from './payments.service.ts';

export interface Settlement {
  /** Applied to the invoice: at most its amount due. */
  applied: bigint;
  /** Received beyond it: kept as customer credit (source 'overpayment'). */
  excess: bigint;
  date: string;
  method: string;
  reference: string | null;
  notes: string | null;
  /** The payment over several invoices this row is part of. */
  groupId?: string | null;
}

/** Records a payment on a locked invoice; returns it as the API shows it and the invoice after. */
export async function settlePayment(
  trx: Transaction<Database>,
  ctx: RequestContext,
  invoice: InvoicesTable,
  settlement: Settlement,
): Promise<{ payment: PaymentOut; invoice: InvoicesTable }> {
  const { applied, excess } = settlement;
  const now = nowIso(ctx.clock);
  const row: Omit<PaymentsTable, 'organization_id'> = {
    id: newId('pay'),
    invoice_id: invoice.id,
    customer_id: invoice.customer_id,
    currency: invoice.currency,
    amount: Number(applied + excess),
    applied_amount: Number(applied),
    excess_amount: Number(excess),
    refunded_amount: 0,
    date: settlement.date,
    method: settlement.method,
    reference: settlement.reference,
    notes: settlement.notes,
    created_at: now,
    ...(settlement.groupId ? { group_id: settlement.groupId } : {}),
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
  const updated = await applyMoneyChange(trx, ctx, invoice, { paidDelta: applied, on: settlement.date });
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
  return { payment: out, invoice: updated };
}
