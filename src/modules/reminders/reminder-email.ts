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
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import { EMAIL_MAX_ATTEMPTS, EMAIL_SEND_JOB } from '../email/deliver-email.ts';
import { EmailRepo } from '../email/email.repo.ts';
import type { Delivery } from '../email/send-invoice.ts';
import { attachmentName, emailValues, languageOf, type InvoiceEmailFacts } from '../email/invoice-email.ts';
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
  const messageId = newId('eml');
  const status = delivery.smtp ? 'queued' : 'outbox';
  await new EmailRepo(trx, ctx.orgId).insert({
    id: messageId,
    invoice_id: invoice.id,
    payment_id: null,
    customer_id: null,
    to_address: reminder.to,
    subject: email.subject,
    body: email.body,
    link_url: link,
    attachment_name: attachmentName(invoice),
    status,
    attempts: 0,
    last_error: null,
    sent_at: null,
    created_by: ctx.actor.userId,
    created_at: now,
    updated_at: now,
    purpose: REMINDER_PURPOSE,
  });
  if (delivery.smtp) {
    await enqueueJob(trx, { orgId: ctx.orgId, kind: EMAIL_SEND_JOB, payload: { message_id: messageId }, now, maxAttempts: EMAIL_MAX_ATTEMPTS });
  }
  return { messageId, to: reminder.to, delivery: status };
}
