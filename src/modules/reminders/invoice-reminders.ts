/**
 * An invoice's reminders as the invoice page shows them (sent and skipped steps, the pause,
 * late-fee invoices), pausing and resuming them, and "Send reminder now".
 */
import { inTransaction } from '../../db/transaction.ts';
import { dueSteps } from '../../domain/reminders.ts';
import { formatAmount } from '../../domain/money/index.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso, todayIn } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { announceJobs } from '../../kernel/jobs/queue.ts';
import { AppError } from '../../shared/errors.ts';
import type { Delivery } from '../email/send-invoice.ts';
import { invoiceEmailFacts } from '../email/invoice-email.ts';
import { lockInvoice } from '../invoices/invoice-money.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { queueReminderEmail } from './reminder-email.ts';
import { readSettings } from './reminder-settings.ts';
import { RemindersRepo } from './reminders.repo.ts';
import type { InvoiceRemindersOut, SendReminderInputValue } from './reminders.schemas.ts';
import { daysPastDue, recordSent, remindable } from './remind-invoice.ts';

async function remindersOut(db: Executor, orgId: string, invoiceId: string): Promise<InvoiceRemindersOut> {
  const repo = new RemindersRepo(db, orgId);
  const pause = await repo.pause(invoiceId);
  const fees = await repo.lateFeeInvoices(invoiceId);
  return {
    invoice_id: invoiceId,
    paused: pause !== undefined,
    paused_at: pause?.paused_at ?? null,
    reminders: (await repo.reminders(invoiceId)).map((r) => ({
      id: r.id,
      step: r.step,
      status: r.status === 'skipped' ? 'skipped' : 'sent',
      recipient: r.recipient,
      email_message_id: r.email_message_id,
      late_fee_invoice_id: r.late_fee_invoice_id,
      created_at: r.created_at,
    })),
    late_fee_invoices: fees.map((f) => ({ id: f.id, number: f.number, status: f.status, total: formatAmount(BigInt(f.total), f.currency), currency: f.currency })),
  };
}

export async function getInvoiceReminders(ctx: RequestContext, invoiceId: string): Promise<InvoiceRemindersOut> {
  const invoice = await new InvoicesRepo(ctx.db.kysely, ctx.orgId).find(invoiceId);
  if (!invoice) throw AppError.notFound('Invoice');
  return remindersOut(ctx.db.kysely, ctx.orgId, invoiceId);
}

export async function setRemindersPaused(ctx: RequestContext, invoiceId: string, paused: boolean): Promise<InvoiceRemindersOut> {
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    if (invoice.status === 'draft') throw AppError.conflict('Reminders concern finalized invoices; this one is a draft');
    const repo = new RemindersRepo(trx, ctx.orgId);
    const before = await repo.pause(invoiceId);
    if (paused && before === undefined) {
      const now = nowIso(ctx.clock);
      await repo.insertPause(invoiceId, ctx.actor.userId, now);
      await emit(trx, ctx, { type: 'invoice.reminders_paused', resource: { type: 'invoice', id: invoiceId }, before: { paused: false }, after: { paused: true, paused_at: now } });
    } else if (!paused && before !== undefined) {
      await repo.deletePause(invoiceId);
      await emit(trx, ctx, { type: 'invoice.reminders_resumed', resource: { type: 'invoice', id: invoiceId }, before: { paused: true, paused_at: before.paused_at }, after: { paused: false } });
    }
    return remindersOut(trx, ctx.orgId, invoiceId);
  });
}

/**
 * "Send reminder now": a reminder by hand, whatever the schedule, pause or opt-out say (a
 * person decided), to the customer's address or `to`. Its text is that of the latest step
 * due today (the built-in one when none is). It is not a step: the schedule goes on as before.
 */
export async function sendReminderNow(ctx: RequestContext, invoiceId: string, input: SendReminderInputValue, delivery: Delivery): Promise<InvoiceRemindersOut> {
  const out = await inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    if (!remindable(invoice)) {
      throw AppError.conflict(`Only an open invoice with an amount due can be reminded; this one is ${invoice.status}${invoice.amount_due === 0 ? ' with nothing due' : ''}`);
    }
    const facts = await invoiceEmailFacts(trx, ctx.orgId, invoice);
    const to = input.to ?? facts.customer?.email ?? null;
    if (to === null) throw AppError.validation('to', 'is required: the customer has no e-mail address');
    const today = todayIn(ctx);
    const settings = await readSettings(trx, ctx.orgId);
    const latest = invoice.due_date === null ? undefined : dueSteps(invoice.due_date, today, settings.steps.map((s) => s.days_relative_to_due)).at(-1);
    const template = settings.steps.find((s) => s.days_relative_to_due === latest)?.template ?? null;
    const queued = await queueReminderEmail(trx, ctx, facts, { to, step: null, daysRelativeToDue: daysPastDue(invoice, today), template }, delivery);
    await recordSent(trx, ctx, invoiceId, null, queued);
    return remindersOut(trx, ctx.orgId, invoiceId);
  });
  if (delivery.smtp) announceJobs(ctx.db);
  return out;
}
