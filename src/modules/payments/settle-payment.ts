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

/** A payment reported by a payment gateway: recorded once per gateway payment id. */
export interface GatewaySettlement {
  gateway: string;
  /** The gateway's payment id (Stripe: the payment intent); unique per organization and gateway. */
  paymentId: string;
  /** The gateway's method type ('card', 'sepa_debit', …). */
  method: string;
  /** The gateway event that reported it, kept in the audit entry. */
  eventId: string | null;
}

type Settled = { payment: PaymentOut; invoice: InvoicesTable };

/** Records a payment on a locked invoice; returns it as the API shows it and the invoice after. */
export async function settlePayment(trx: Transaction<Database>, ctx: RequestContext, invoice: InvoicesTable, settlement: Settlement): Promise<Settled> {
  const settled = await settle(trx, ctx, invoice, settlement, null);
  if (settled === null) throw new Error('invariant: a payment without a gateway is always inserted');
  return settled;
}

/**
 * The same for a payment a gateway reported; null when that gateway payment is recorded
 * already (the unique index is the arbiter: a concurrent transaction that got there first wins).
 */
export function settleGatewayPayment(
  trx: Transaction<Database>,
  ctx: RequestContext,
  invoice: InvoicesTable,
  settlement: Settlement,
  gateway: GatewaySettlement,
): Promise<Settled | null> {
  return settle(trx, ctx, invoice, settlement, gateway);
}

async function settle(
  trx: Transaction<Database>,
  ctx: RequestContext,
  invoice: InvoicesTable,
  settlement: Settlement,
  gateway: GatewaySettlement | null,
): Promise<Settled | null> {
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
  const payments = new PaymentsRepo(trx, ctx.orgId);
  if (gateway === null) await payments.insert(row);
  else if (!(await payments.insertGatewayPayment({ ...row, gateway: gateway.gateway, gateway_payment_id: gateway.paymentId, gateway_method: gateway.method }))) return null;
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
  // A gateway payment on an invoice settled meanwhile applies nothing: all of it is credit.
  const updated = applied > 0n ? await applyMoneyChange(trx, ctx, invoice, { paidDelta: applied, on: settlement.date }) : invoice;
  const stored = gateway === null ? row : { ...row, gateway: gateway.gateway, gateway_payment_id: gateway.paymentId, gateway_method: gateway.method };
  const out = paymentOut({ ...stored, organization_id: ctx.orgId, invoice_number: invoice.number }, []);
  await emit(trx, ctx, {
    type: 'payment.created',
    resource: { type: 'payment', id: row.id },
    before: { invoice: invoiceMoney(invoice) },
    after: { ...out, invoice: invoiceMoney(updated), ...(gateway?.eventId ? { gateway_event_id: gateway.eventId } : {}) },
    object: out,
    audit: { action: 'payment.recorded' },
    facts: { invoice, payment: stored },
  });
  return { payment: out, invoice: updated };
}
