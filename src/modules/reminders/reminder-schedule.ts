/**
 * The reminders task (kernel/scheduler.ts: one process at a time). For every organization
 * with reminders on, "today" in its time zone decides which steps are due; each open invoice
 * with a step due and not yet handled is reminded in its own transaction (remind-invoice.ts),
 * which re-checks everything under the invoice's lock, so a payment or a void racing the run
 * wins cleanly. `nextDueAt` names the next local midnight at which some invoice reaches a
 * step, so the test clock stops there on its way forward.
 */
import { addDays } from '../../domain/dates.ts';
import { planReminder, stepDate } from '../../domain/reminders.ts';
import { localDate, organizationTimeZone, startOfLocalDay } from '../../domain/time-zone.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { yieldToEventLoop, type ScheduledTask } from '../../kernel/scheduler.ts';
import { deliveryOf } from '../subscriptions/subscription-invoice.ts';
import { parseSettings } from './reminders.repo.ts';
import { REMINDABLE, remindInvoice } from './remind-invoice.ts';
import { SUGGESTED_STEPS } from './reminders.schemas.ts';

export const PAYMENT_REMINDERS = 'reminders.send';
const EVERY_MS = 15 * 60 * 1000;
const BATCH = 200;

interface EnabledOrg {
  orgId: string;
  zone: string;
  steps: number[];
}

async function enabledOrganizations(deps: AppDeps): Promise<EnabledOrg[]> {
  const rows = await deps.db.kysely
    .selectFrom('reminder_settings')
    .innerJoin('organizations', 'organizations.id', 'reminder_settings.organization_id')
    .selectAll('reminder_settings')
    .select(['organizations.time_zone', 'organizations.country'])
    .where('reminder_settings.enabled', '=', 1)
    .orderBy('reminder_settings.organization_id')
    .execute();
  return rows
    .map((row) => ({ orgId: row.organization_id, zone: organizationTimeZone(row), steps: parseSettings(row, SUGGESTED_STEPS).steps.map((s) => s.days_relative_to_due) }))
    .filter((org) => org.steps.length > 0);
}

export function paymentReminders(deps: AppDeps): ScheduledTask {
  return {
    name: PAYMENT_REMINDERS,
    everyMs: EVERY_MS,
    async run(now) {
      const delivery = deliveryOf(deps);
      let firstError: Error | null = null;
      for (const org of await enabledOrganizations(deps)) {
        const today = localDate(now, org.zone);
        // An invoice whose earliest step has not come yet has nothing due.
        const cutoff = addDays(today, -Math.min(...org.steps));
        let after = '';
        for (;;) {
          const batch = await deps.db.kysely
            .selectFrom('invoices')
            .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'invoices.customer_id').onRef('customers.organization_id', '=', 'invoices.organization_id'))
            .leftJoin('invoice_reminder_pauses as p', 'p.invoice_id', 'invoices.id')
            .select(['invoices.id', 'invoices.due_date'])
            .where('invoices.organization_id', '=', org.orgId)
            .where('invoices.status', 'in', REMINDABLE)
            .where('invoices.amount_due', '>', 0)
            .where('invoices.due_date', '<=', cutoff)
            .where('invoices.id', '>', after)
            .where('p.invoice_id', 'is', null)
            .where('customers.reminders_enabled', '=', 1)
            .where('customers.email', 'is not', null)
            .where('customers.anonymized_at', 'is', null)
            .orderBy('invoices.id')
            .limit(BATCH)
            .execute();
          if (batch.length === 0) break;
          after = batch[batch.length - 1]?.id ?? after;
          const handled = await deps.db.kysely
            .selectFrom('invoice_reminders')
            .select(['invoice_id', 'step'])
            .where('organization_id', '=', org.orgId)
            .where('invoice_id', 'in', batch.map((b) => b.id))
            .where('step', 'is not', null)
            .execute();
          const byInvoice = new Map<string, Set<number>>();
          for (const row of handled) {
            if (row.step === null) continue;
            const set = byInvoice.get(row.invoice_id) ?? new Set<number>();
            set.add(row.step);
            byInvoice.set(row.invoice_id, set);
          }
          for (const invoice of batch) {
            if (invoice.due_date === null) continue;
            if (planReminder(invoice.due_date, today, org.steps, byInvoice.get(invoice.id) ?? new Set()).send === null) continue;
            try {
              await remindInvoice(deps, delivery, org.orgId, invoice.id, org.zone);
            } catch (error) {
              // One invoice that cannot be reminded holds up no other; the run reports the failure.
              firstError ??= error instanceof Error ? error : new Error('a reminder could not be sent');
            }
            await yieldToEventLoop();
          }
          if (batch.length < BATCH) break;
        }
      }
      if (firstError !== null) throw firstError;
    },
    async nextDueAt(after) {
      let next: Date | null = null;
      for (const org of await enabledOrganizations(deps)) {
        const dueDates = await deps.db.kysely
          .selectFrom('invoices')
          .select('due_date')
          .where('organization_id', '=', org.orgId)
          .where('status', 'in', REMINDABLE)
          .where('amount_due', '>', 0)
          .where('due_date', 'is not', null)
          .groupBy('due_date')
          .execute();
        for (const { due_date: dueDate } of dueDates) {
          if (dueDate === null) continue;
          for (const step of org.steps) {
            const at = startOfLocalDay(stepDate(dueDate, step), org.zone);
            if (at.getTime() > after.getTime() && (next === null || at.getTime() < next.getTime())) next = at;
          }
        }
      }
      return next;
    },
  };
}
