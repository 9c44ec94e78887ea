/**
 * The overdue check (a scheduled task, kernel/scheduler.ts): an open or partially paid
 * invoice whose due date has passed gets `overdue_at` and emits `invoice.overdue`, once.
 * Each invoice is flagged in its own transaction under the usual locks (customer, then
 * invoice), re-checked there, so a payment racing the check wins cleanly and a crash
 * mid-run leaves the rest for the next run. "Today" is the date in the organization's time
 * zone: an invoice due on the 14th is overdue once the 15th has begun where its seller is.
 */
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { yieldToEventLoop, type ScheduledTask } from '../../kernel/scheduler.ts';
import { inTransaction } from '../../db/transaction.ts';
import { addDays } from '../../domain/dates.ts';
import { localDate, organizationTimeZone, startOfLocalDay } from '../../domain/time-zone.ts';
import { isOverdue, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { lockInvoice } from './invoice-money.ts';
import { getInvoice } from './read-invoices.ts';

export const OVERDUE_CHECK = 'invoices.overdue';
const EVERY_MS = 15 * 60 * 1000;
const BATCH = 200;
const OUTSTANDING = ['open', 'partially_paid'];

/** UTC+14 (Kiribati): where each calendar day begins first. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

export function overdueCheck(deps: AppDeps): ScheduledTask {
  return {
    name: OVERDUE_CHECK,
    everyMs: EVERY_MS,
    async run(now) {
      // The latest date anywhere on Earth: no organization's "today" is later.
      const latestToday = localDate(now, EARLIEST_ZONE);
      const zones = new Map<string, string>();
      // Invoices seen not yet overdue in their organization's zone (or paid meanwhile), left out of this run's next batches.
      const skipped = new Set<string>();
      for (;;) {
        const due = await deps.db.kysely
          .selectFrom('invoices')
          .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
          .select(['invoices.id', 'invoices.organization_id', 'invoices.due_date', 'organizations.time_zone', 'organizations.country'])
          .where('invoices.status', 'in', OUTSTANDING)
          .where('invoices.overdue_at', 'is', null)
          .where('invoices.amount_due', '>', 0)
          .where('invoices.due_date', '<', latestToday)
          .$if(skipped.size > 0, (q) => q.where('invoices.id', 'not in', [...skipped]))
          .orderBy('invoices.due_date')
          .orderBy('invoices.id')
          .limit(BATCH)
          .execute();
        let flagged = 0;
        for (const row of due) {
          const zone = zones.get(row.organization_id) ?? organizationTimeZone(row);
          zones.set(row.organization_id, zone);
          const today = localDate(now, zone);
          if (row.due_date !== null && row.due_date < today && (await flagOverdue(deps, row.organization_id, row.id, today, now, zone))) flagged++;
          else skipped.add(row.id);
          await yieldToEventLoop();
        }
        // Every row of a full batch may have been paid meanwhile; stop when a batch flags nothing.
        if (due.length < BATCH || flagged === 0) return;
      }
    },
    async nextDueAt(after) {
      // In test mode only (the test clock's walk): the first instant an unflagged invoice becomes overdue.
      const rows = await deps.db.kysely
        .selectFrom('invoices')
        .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
        .select(['invoices.organization_id', 'invoices.due_date', 'organizations.time_zone', 'organizations.country'])
        .where('invoices.status', 'in', OUTSTANDING)
        .where('invoices.overdue_at', 'is', null)
        .where('invoices.amount_due', '>', 0)
        .where('invoices.due_date', 'is not', null)
        .groupBy(['invoices.organization_id', 'invoices.due_date', 'organizations.time_zone', 'organizations.country'])
        .execute();
      let next: Date | null = null;
      for (const row of rows) {
        if (row.due_date === null) continue;
        const at = startOfLocalDay(addDays(row.due_date, 1), organizationTimeZone(row));
        if (at.getTime() > after.getTime() && (next === null || at.getTime() < next.getTime())) next = at;
      }
      return next;
    },
  };
}

async function flagOverdue(deps: AppDeps, orgId: string, id: string, today: string, now: Date, timeZone: string): Promise<boolean> {
  const ctx = systemContext(deps, orgId, 'Overdue check', { role: 'owner', timeZone });
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
