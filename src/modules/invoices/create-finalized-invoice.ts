/**
 * `POST /invoices` with `finalize: true`: create the draft and finalize it in one call and
 * ONE transaction (as Stripe's `auto_advance` spares a client the second round trip). Either
 * the invoice is issued with its number, or nothing was written — no draft is left behind
 * when finalizing refuses (a negative total, a due date before the issue date, no lines).
 * The events are the same as for the two calls: invoice.created, then invoice.finalized.
 */
import { inOneTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { createInvoice } from './draft-invoices.ts';
import { finalizeInvoice, type FinalizeOptions } from './finalize-invoice.ts';
import type { CreateInvoiceInput, InvoiceOut } from './invoices.schemas.ts';

export function createFinalizedInvoice(ctx: RequestContext, input: CreateInvoiceInput, options: FinalizeOptions = {}): Promise<InvoiceOut> {
  return inOneTransaction(ctx.db, async (db) => {
    const inner: RequestContext = { ...ctx, db };
    const draft = await createInvoice(inner, input);
    // The e-invoice check reads the new draft through this transaction (inner.db).
    return finalizeInvoice(inner, draft.id, options);
  });
}
