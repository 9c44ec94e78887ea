/**
 * Explicit status changes of a finalized invoice: void (an open invoice without payments;
 * it keeps its number and owes nothing) and mark uncollectible (open or partially paid).
 * Each locks the invoice, asks the status machine, and emits its event.
 */
import type { InvoicesTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { assertInvoiceAction, lockInvoice } from './invoice-money.ts';
import { invoiceSummaryOut, loadInvoiceOut, todayOf } from './invoice-view.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import type { InvoiceOut } from './invoices.schemas.ts';

type Transition = 'void' | 'mark_uncollectible';

const EVENT: Record<Transition, 'invoice.voided' | 'invoice.marked_uncollectible'> = {
  void: 'invoice.voided',
  mark_uncollectible: 'invoice.marked_uncollectible',
};

function changesFor(transition: Transition, now: string): Partial<InvoicesTable> {
  return transition === 'void'
    ? { status: 'void', voided_at: now, amount_due: 0, updated_at: now }
    : { status: 'uncollectible', uncollectible_at: now, updated_at: now };
}

async function transition(ctx: RequestContext, id: string, action: Transition): Promise<InvoiceOut> {
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, id);
    assertInvoiceAction(invoice, action);
    const repo = new InvoicesRepo(trx, ctx.orgId);
    const before = await loadInvoiceOut(repo, invoice, ctx);
    const changes = changesFor(action, nowIso(ctx.clock));
    await repo.update(id, changes);
    const changed = { ...invoice, ...changes };
    const after: InvoiceOut = { ...before, ...invoiceSummaryOut(changed, before.customer, todayOf(ctx)) };
    await emit(trx, ctx, { type: EVENT[action], resource: { type: 'invoice', id }, before, after, facts: { before: invoice, after: changed } });
    return after;
  });
}

export function voidInvoice(ctx: RequestContext, id: string): Promise<InvoiceOut> {
  return transition(ctx, id, 'void');
}

export function markInvoiceUncollectible(ctx: RequestContext, id: string): Promise<InvoiceOut> {
  return transition(ctx, id, 'mark_uncollectible');
}
