/**
 * The one way money moves on a finalized invoice (payments, refunds, credit notes, applied
 * credit): lock the customer and the invoice row (lockInvoice, in the lock order of
 * db/dialect.ts), recompute paid/credited/due and the status from the pure
 * status machine, write them back — all inside the caller's transaction, so concurrent
 * payments on one invoice run one after the other and can never overpay it.
 */
import type { Transaction } from 'kysely';
import type { Database, InvoicesTable } from '../../db/schema.ts';
import { lockCustomers, lockRow } from '../../db/dialect.ts';
import { actionProblem, amountDue, statusAfterMoney, type InvoiceAction, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emit } from '../../kernel/events.ts';
import { getInvoice } from './read-invoices.ts';

/**
 * Locks and reads an invoice of the context's organization, in the global lock order
 * (db/dialect.ts): its customer first — with `alsoCustomer` too, the one a draft is moving
 * to — then the invoice. 404 when it is not one.
 */
export async function lockInvoice(
  trx: Transaction<Database>,
  ctx: RequestContext,
  invoiceId: string,
  options: { alsoCustomer?: string } = {},
): Promise<InvoicesTable> {
  const read = () => trx.selectFrom('invoices').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', invoiceId).executeTakeFirst();
  const locked = new Set<string>();
  // A draft can change customers: lock the customer it had when read, and read again under
  // that lock until the invoice's customer is one already locked (a finalized invoice never
  // changes customer, so this runs once for everything but a draft being moved).
  for (let unlocked = await read(); unlocked !== undefined; unlocked = await read()) {
    const wanted = [unlocked.customer_id, ...(options.alsoCustomer === undefined ? [] : [options.alsoCustomer])].filter((id) => !locked.has(id));
    if (wanted.length === 0) {
      await lockRow(trx, ctx.db.dialect, 'invoices', ctx.orgId, invoiceId);
      const invoice = await read();
      if (invoice !== undefined && locked.has(invoice.customer_id)) return invoice;
      if (invoice === undefined) break;
      continue;
    }
    await lockCustomers(trx, ctx.db.dialect, ctx.orgId, wanted);
    for (const id of wanted) locked.add(id);
  }
  throw AppError.notFound('Invoice');
}

const ACTION_VERBS: Record<InvoiceAction, string> = {
  edit: 'changed',
  delete: 'deleted',
  finalize: 'finalized',
  void: 'voided',
  mark_uncollectible: 'marked uncollectible',
  record_payment: 'paid',
  credit: 'credited',
  refund: 'refunded',
  send: 'sent',
};

/** Refuses (409, with the status machine's reason) an action the invoice's state does not allow. */
export function assertInvoiceAction(invoice: InvoicesTable, action: InvoiceAction): void {
  const problem = actionProblem(action, {
    status: invoice.status as InvoiceStatus,
    amountPaid: BigInt(invoice.amount_paid),
    amountDue: BigInt(invoice.amount_due),
  });
  if (problem !== null) throw AppError.conflict(`This invoice cannot be ${ACTION_VERBS[action]}: ${problem}`);
}

export interface MoneyChange {
  /** Added to amount_paid (negative for a refund). */
  paidDelta?: bigint;
  /** Added to amount_credited (credit notes). */
  creditedDelta?: bigint;
  /** The date of the payment or credit note that moves the money (the report summaries' settlement day). */
  on?: string;
}

/** Applies a change to a locked invoice and returns the updated row. */
export async function applyMoneyChange(
  trx: Transaction<Database>,
  ctx: RequestContext,
  invoice: InvoicesTable,
  change: MoneyChange,
): Promise<InvoicesTable> {
  const total = BigInt(invoice.total);
  const paid = BigInt(invoice.amount_paid) + (change.paidDelta ?? 0n);
  const credited = BigInt(invoice.amount_credited) + (change.creditedDelta ?? 0n);
  if (paid < 0n || credited < 0n) throw new Error('invariant: paid and credited amounts never go below zero');
  const status: InvoiceStatus = statusAfterMoney(invoice.status as InvoiceStatus, total, paid, credited);
  const now = nowIso(ctx.clock);
  const updated: InvoicesTable = {
    ...invoice,
    amount_paid: Number(paid),
    amount_credited: Number(credited),
    amount_due: Number(amountDue(total, paid, credited)),
    status,
    paid_at: status === 'paid' ? (invoice.paid_at ?? now) : null,
    updated_at: now,
  };
  await trx
    .updateTable('invoices')
    .set({
      amount_paid: updated.amount_paid,
      amount_credited: updated.amount_credited,
      amount_due: updated.amount_due,
      status: updated.status,
      paid_at: updated.paid_at,
      updated_at: updated.updated_at,
    })
    .where('organization_id', '=', ctx.orgId)
    .where('id', '=', invoice.id)
    .execute();
  await emit(trx, ctx, {
    type: 'invoice.balance_changed',
    resource: { type: 'invoice', id: invoice.id },
    audit: false,
    facts: { before: invoice, after: updated, settledOn: change.on },
  });
  if (updated.status === 'paid' && invoice.status !== 'paid') {
    await emit(trx, ctx, { type: 'invoice.paid', resource: { type: 'invoice', id: invoice.id }, object: await getInvoice(ctx, invoice.id, trx), audit: false });
  }
  return updated;
}
