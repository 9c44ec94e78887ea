/**
 * One reminder e-mail, written in the caller's transaction (the one that records the
 * reminder): the invoice's live customer link (ensureInvoiceLink: the same one as in earlier
 * e-mails), the message stored in the outbox with purpose 'reminder' (the delivery job
 * attaches the invoice's PDF and does not send it once the invoice is paid or voided), and
 * its delivery job queued. Nothing is sent unless that transaction commits.
 */
import type { InvoicesTable } from '../../db/schema.ts';
import { reminderKind, renderReminderEmail, type StepTemplate } from '../../domain/reminder-template.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { Delivery } from '../email/send-invoice.ts';
import { queueInvoiceEmail } from '../email/queue-invoice-email.ts';
import { emailValues, languageOf, type InvoiceEmailFacts } from '../email/invoice-email.ts';
import { ensureInvoiceLink, publicInvoiceUrl } from '../invoice-links/invoice-links.service.ts';

export const REMINDER_PURPOSE = 'reminder';

export interface QueuedReminder {
  messageId: string;
  to: string;
  delivery: 'queued' | 'outbox';
}

export async function queueReminderEmail(
  trx: Executor,
  ctx: RequestContext,
  facts: InvoiceEmailFacts & { invoice: InvoicesTable },
  reminder: { to: string; step: number | null; daysRelativeToDue: number; template: StepTemplate | null },
  delivery: Delivery,
): Promise<QueuedReminder> {
  const now = nowIso(ctx.clock);
  const invoice = facts.invoice;
  const { token } = await ensureInvoiceLink(trx, ctx.orgId, invoice.id, ctx.actor.userId, now, delivery.secrets);
  const link = publicInvoiceUrl(delivery.baseUrl, token);
  const { language } = languageOf(facts);
  const email = renderReminderEmail(reminder.template, reminderKind(reminder.daysRelativeToDue), language, emailValues(facts, link));
  const message = await queueInvoiceEmail(
    trx,
    ctx.orgId,
    { invoice, to: reminder.to, subject: email.subject, body: email.body, link, createdBy: ctx.actor.userId, now, purpose: REMINDER_PURPOSE },
    delivery.smtp,
  );
  return { messageId: message.id, to: reminder.to, delivery: delivery.smtp ? 'queued' : 'outbox' };
}
