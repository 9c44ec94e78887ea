/**
 * GET /subscriptions/{id}/upcoming-invoice: the next invoice exactly as the generator would
 * write it now — same code, usage counted so far — made in a transaction that is then rolled
 * back, so nothing is stored, numbered or sent.
 */
import { inOneTransaction } from '../../db/transaction.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { todayIn, type RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import type { InvoiceOut } from '../invoices/invoices.schemas.ts';
import { generateInvoice } from './generate-invoices.ts';
import { nextBillable } from './subscription-schedule.ts';
import { SubscriptionsRepo } from './subscriptions.repo.ts';

/** Carries the preview out of the transaction it rolls back. */
class Preview extends Error {
  constructor(readonly invoice: InvoiceOut & { billing_date: string }) {
    super('preview');
  }
}

export async function upcomingInvoice(deps: AppDeps, ctx: RequestContext, id: string): Promise<Omit<InvoiceOut, 'id'> & { id: null; billing_date: string }> {
  try {
    await inOneTransaction(ctx.db, async (db) => {
      const sub = await new SubscriptionsRepo(db.kysely, ctx.orgId).find(id);
      if (!sub) throw AppError.notFound('Subscription');
      const billable = nextBillable(sub);
      if (billable === null) throw AppError.conflict(`No invoice is coming: the subscription is ${sub.status === 'active' ? 'finished' : sub.status}`);
      const invoice = await generateInvoice(deps, { ...ctx, db }, sub, billable, todayIn(ctx), { collect: false });
      throw new Preview({ ...invoice, billing_date: billable.billingDate });
    });
  } catch (error) {
    if (error instanceof Preview) return { ...error.invoice, id: null };
    throw error;
  }
  throw new Error('invariant: the preview transaction always ends with its preview');
}
