/**
 * Reminding one invoice, in ONE transaction under the usual locks (its customer, then the
 * invoice): re-check that it is still open with an amount due, record the step in
 * invoice_reminders (unique per invoice and step), queue the e-mail, write the
 * invoice.reminder_sent event and — at the late-fee step — issue the fee invoice. A crash
 * before the commit leaves nothing (the next run does it again); after it, the unique step
 * row means it is never done twice, whatever runs concurrently.
 *
 * Skipped, leaving nothing behind (so it is reconsidered later, catching up with only the
 * latest due step): reminders paused on the invoice, the customer opted out, has no e-mail
 * address, or was erased.
 */
import type { Transaction } from 'kysely';
import { inOneTransaction } from '../../db/transaction.ts';
import type { CustomersTable, Database, InvoicesTable } from '../../db/schema.ts';
import { daysBetween } from '../../domain/dates.ts';
import { planReminder } from '../../domain/reminders.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext, todayIn, type Executor, type RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { announceJobs } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import type { Delivery } from '../email/send-invoice.ts';
import { invoiceEmailFacts } from '../email/invoice-email.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import { getInvoice } from '../invoices/read-invoices.ts';
import { issueLateFee } from './late-fee.ts';
import { queueReminderEmail, type QueuedReminder } from './reminder-email.ts';
import { readSettings } from './reminder-settings.ts';
import { RemindersRepo, type Settings } from './reminders.repo.ts';

export const REMINDABLE = ['open', 'partially_paid'];

/** Whether an invoice can be reminded at all: finalized, not void or uncollectible, something due. */
export function remindable(invoice: InvoicesTable): boolean {
  return REMINDABLE.includes(invoice.status) && invoice.amount_due > 0 && invoice.due_date !== null;
}

/** Why the scheduled reminders leave a customer or invoice out, or null. */
export function skipReason(customer: CustomersTable | undefined, paused: boolean): string | null {
  if (paused) return 'paused';
  if (customer === undefined || customer.anonymized_at !== null) return 'customer erased';
  if (customer.reminders_enabled === 0) return 'customer opted out';
  if (customer.email === null) return 'no e-mail address';
  return null;
}

/** Records a sent reminder and announces it on the invoice's timeline (and to webhooks). */
export async function recordSent(
  trx: Executor,
  ctx: RequestContext,
  invoiceId: string,
  step: number | null,
  queued: QueuedReminder,
  lateFeeInvoiceId: string | null = null,
): Promise<string> {
  const id = newId('rem');
  await new RemindersRepo(trx, ctx.orgId).insertReminder({
    id,
    invoice_id: invoiceId,
    step,
    status: 'sent',
    recipient: queued.to,
    email_message_id: queued.messageId,
    late_fee_invoice_id: lateFeeInvoiceId,
    created_by: ctx.actor.userId,
    created_at: nowIso(ctx.clock),
  });
  await emit(trx, ctx, {
    type: 'invoice.reminder_sent',
    resource: { type: 'invoice', id: invoiceId },
    after: { reminder_id: id, step, manual: step === null, to: queued.to, email_message_id: queued.messageId, delivery: queued.delivery },
    object: await getInvoice(ctx, invoiceId, trx),
  });
  return id;
}

/**
 * The scheduled step of one invoice, if one is due today in the organization's zone and not
 * yet handled. Returns the step sent, or null.
 */
export async function remindInvoice(deps: AppDeps, delivery: Delivery, orgId: string, invoiceId: string, timeZone: string): Promise<number | null> {
  const sent = await inOneTransaction(deps.db, async (db) => {
    const ctx: RequestContext = { ...systemContext({ db, clock: deps.clock }, orgId, 'Payment reminders', { role: 'owner', timeZone }), db };
    const trx = db.kysely as Transaction<Database>;
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    if (!remindable(invoice) || invoice.due_date === null) return null;
    const settings: Settings = await readSettings(trx, orgId);
    if (!settings.enabled || settings.steps.length === 0) return null;
    const repo = new RemindersRepo(trx, orgId);
    const facts = await invoiceEmailFacts(trx, orgId, invoice);
    if (skipReason(facts.customer, (await repo.pause(invoiceId)) !== undefined) !== null) return null;
    const to = facts.customer?.email;
    if (!to) return null;

    const today = todayIn(ctx);
    const handled = new Set((await repo.reminders(invoiceId)).flatMap((r) => (r.step === null ? [] : [r.step])));
    const plan = planReminder(invoice.due_date, today, settings.steps.map((s) => s.days_relative_to_due), handled);
    if (plan.send === null) return null;
    const now = nowIso(ctx.clock);
    for (const step of plan.skip) {
      await repo.insertReminder({ id: newId('rem'), invoice_id: invoiceId, step, status: 'skipped', recipient: null, email_message_id: null, late_fee_invoice_id: null, created_by: null, created_at: now });
    }
    const step = plan.send;
    const template = settings.steps.find((s) => s.days_relative_to_due === step)?.template ?? null;
    const queued = await queueReminderEmail(trx, ctx, facts, { to, step, daysRelativeToDue: step, template }, delivery);
    const fee = settings.late_fee;
    const customer = facts.customer;
    // An archived customer gets its reminders, but no new invoice (archived customers take none).
    const lateFee = fee !== null && fee.days_relative_to_due === step && customer !== undefined && customer.archived === 0
      ? await issueLateFee(ctx, invoice, fee, step, customer.language)
      : null;
    await recordSent(trx, ctx, invoiceId, step, queued, lateFee?.id ?? null);
    return step;
  });
  if (sent !== null && delivery.smtp) announceJobs(deps.db);
  return sent;
}

/** Days from the due date to today (negative before it), for the texts of a reminder sent by hand. */
export function daysPastDue(invoice: InvoicesTable, today: string): number {
  return invoice.due_date === null ? 0 : daysBetween(invoice.due_date, today);
}
