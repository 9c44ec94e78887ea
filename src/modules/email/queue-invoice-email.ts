/**
 * Stores an e-mail about one invoice (the invoice itself, a reminder, a failed automatic
 * charge) with the invoice's PDF to attach at send time, and queues its delivery — in the
 * caller's transaction (the transactional outbox). Without a mail server the message stays
 * in the outbox ('outbox') until one is configured.
 */
import type { EmailMessagesTable, InvoicesTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import { EMAIL_MAX_ATTEMPTS, EMAIL_SEND_JOB } from './deliver-email.ts';
import { EmailRepo } from './email.repo.ts';
import { attachmentName } from './invoice-email.ts';

export interface InvoiceEmail {
  invoice: InvoicesTable;
  to: string;
  subject: string;
  body: string;
  /** The customer link in the message. */
  link: string;
  createdBy: string | null;
  now: string;
  /** What the message is for when it is not the invoice itself (e.g. 'reminder'). */
  purpose?: string;
}

/** The stored message (its status 'queued', or 'outbox' without a mail server). */
export async function queueInvoiceEmail(trx: Executor, orgId: string, email: InvoiceEmail, smtp: boolean): Promise<Omit<EmailMessagesTable, 'organization_id'>> {
  const message: Omit<EmailMessagesTable, 'organization_id'> = {
    id: newId('eml'),
    invoice_id: email.invoice.id,
    payment_id: null,
    customer_id: null,
    to_address: email.to,
    subject: email.subject,
    body: email.body,
    link_url: email.link,
    attachment_name: attachmentName(email.invoice),
    status: smtp ? 'queued' : 'outbox',
    attempts: 0,
    last_error: null,
    sent_at: null,
    created_by: email.createdBy,
    created_at: email.now,
    updated_at: email.now,
    ...(email.purpose === undefined ? {} : { purpose: email.purpose }),
  };
  await new EmailRepo(trx, orgId).insert(message);
  if (smtp) await enqueueJob(trx, { orgId, kind: EMAIL_SEND_JOB, payload: { message_id: message.id }, now: email.now, maxAttempts: EMAIL_MAX_ATTEMPTS });
  return message;
}
