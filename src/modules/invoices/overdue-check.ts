/**
 * The overdue check (a scheduled task, kernel/scheduler.ts): an open or partially paid
 * invoice whose due date has passed gets `overdue_at` and emits `invoice.overdue`, once.
 * Each invoice is flagged in its own transaction under the usual locks (customer, then
 * invoice), re-checked there, so a payment racing the check wins cleanly and a crash
 * mid-run leaves the rest for the next run. "Today" is the UTC date of the injected clock.
 */
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import type { ScheduledTask } from '../../kernel/scheduler.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isoDate } from '../../shared/clock.ts';
import { isOverdue, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { lockInvoice } from './invoice-money.ts';
import { getInvoice } from './read-invoices.ts';

export const OVERDUE_CHECK = 'invoices.overdue';
const EVERY_MS = 15 * 60 * 1000;
const BATCH = 200;
const OUTSTANDING = ['open', 'partially_paid'];

export function overdueCheck(deps: AppDeps): ScheduledTask {
  return {
    name: OVERDUE_CHECK,
    everyMs: EVERY_MS,
    async run(now) {
      const today = isoDate(now);
      for (;;) {
        const due = await deps.db.kysely
          .selectFrom('invoices')
          .select(['id', 'organization_id'])
          .where('status', 'in', OUTSTANDING)
          .where('overdue_at', 'is', null)
          .where('amount_due', '>', 0)
          .where('due_date', '<', today)
          .orderBy('due_date')
          .orderBy('id')
          .limit(BATCH)
          .execute();
        let flagged = 0;
        for (const { id, organization_id } of due) {
          if (await flagOverdue(deps, organization_id, id, today, now)) flagged++;
        }
        // Every row of a full batch may have been paid meanwhile; stop when a batch flags nothing.
        if (due.length < BATCH || flagged === 0) return;
      }
    },
  };
}

async function flagOverdue(deps: AppDeps, orgId: string, id: string, today: string, now: Date): Promise<boolean> {
  const ctx = systemContext(deps, orgId, 'Overdue check', { role: 'owner' });
  return inTransaction(deps.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, id);
    // The same rule as the invoice's `overdue` flag (domain/invoice-status.ts), re-checked under the lock.
    const overdue = isOverdue(invoice.status as InvoiceStatus, BigInt(invoice.amount_due), invoice.due_date, today);
    if (!overdue || invoice.overdue_at !== null) return false;
    const overdueAt = now.toISOString();
    await trx.updateTable('invoices').set({ overdue_at: overdueAt }).where('organization_id', '=', orgId).where('id', '=', id).execute();
    await emit(trx, ctx, { type: 'invoice.overdue', resource: { type: 'invoice', id }, after: { due_date: invoice.due_date, amount_due: invoice.amount_due, overdue_at: overdueAt }, object: await getInvoice(ctx, id, trx) });
    return true;
  });
}
