/**
 * Sending an invoice by e-mail. In ONE transaction: lock the invoice, take its live customer
 * link (the same as in earlier e-mails; made when it has none), store the message (queued,
 * or kept in the outbox when no SMTP server is configured), queue its delivery job, record
 * on the invoice when and to whom sending was requested, and write the audit event (`invoice.send_queued`, `delivery: queued|outbox`).
 * The job delivers after the commit, so a message exists if and only if the invoice says
 * sending was requested, and a rolled-back request sends nothing.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';
import { AppError } from '../../shared/errors.ts';
import { announceJobs } from '../../kernel/jobs/queue.ts';
import { emit } from '../../kernel/events.ts';
import { assertInvoiceAction, lockInvoice } from '../invoices/invoice-money.ts';
import { invoiceSummaryOut, lastEmailOut, loadInvoiceOut, todayOf } from '../invoices/invoice-view.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import type { InvoiceOut } from '../invoices/invoices.schemas.ts';
import { ensureInvoiceLink, publicInvoiceUrl } from '../invoice-links/invoice-links.service.ts';
import type { SendInvoiceInput, SendPreviewOut } from './email.schemas.ts';
import { queueInvoiceEmail } from './queue-invoice-email.ts';
import { composeInvoiceEmail, customerAddress, invoiceEmailFacts, languageOf } from './invoice-email.ts';

export interface Delivery {
  /** Whether an SMTP server is configured; without one messages stay in the outbox. */
  smtp: boolean;
  /** Where customer links point: publicBaseUrl(config), never a request's Host. */
  baseUrl: string;
  /** Opens (and seals) customer link tokens, so every e-mail carries the invoice's live link. */
  secrets: SecretBox;
}

const NO_ADDRESS = 'is required: the customer has no e-mail address';

export async function sendInvoice(ctx: RequestContext, invoiceId: string, input: SendInvoiceInput, delivery: Delivery): Promise<InvoiceOut> {
  const sent = await inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, ctx, invoiceId);
    assertInvoiceAction(invoice, 'send');
    const facts = await invoiceEmailFacts(trx, ctx.orgId, invoice);
    const to = input.to ?? customerAddress(facts);
    if (to === null) throw AppError.validation('to', NO_ADDRESS);

    const now = nowIso(ctx.clock);
    const { token } = await ensureInvoiceLink(trx, ctx.orgId, invoiceId, ctx.actor.userId, now, delivery.secrets);
    const link = publicInvoiceUrl(delivery.baseUrl, token);
    const email = composeInvoiceEmail(facts, input, link);
    const message = await queueInvoiceEmail(trx, ctx.orgId, { invoice, to, subject: email.subject, body: email.body, link, createdBy: ctx.actor.userId, now }, delivery.smtp);
    const { id: messageId, status } = message;

    const repo = new InvoicesRepo(trx, ctx.orgId);
    const before = await loadInvoiceOut(repo, invoice, ctx);
    const changes = { sent_at: now, sent_to: to, updated_at: now };
    await repo.update(invoiceId, changes);
    // Not "sent": the message is stored and waits for delivery (queued) or, without a mail
    // server, stays in the outbox. The delivery job records invoice.email_sent or
    // invoice.email_failed when it knows.
    await emit(trx, ctx, { type: 'invoice.send_queued', resource: { type: 'invoice', id: invoiceId },
      before: { sent_at: invoice.sent_at, sent_to: invoice.sent_to },
      after: { sent_at: now, sent_to: to, email_message_id: messageId, delivery: status },
    });
    return { ...before, ...invoiceSummaryOut({ ...invoice, ...changes }, before.customer, todayOf(ctx)), last_email: lastEmailOut({ ...message, organization_id: ctx.orgId }) };
  });
  // Committed: this process's worker picks the job up now instead of at its next poll.
  if (delivery.smtp) announceJobs(ctx.db);
  return sent;
}

/**
 * What the send dialog starts from: the recipient, and the subject and body as they would
 * go out, with {link} left in place (the link is made when the invoice is sent).
 */
export async function previewInvoiceEmail(ctx: RequestContext, invoiceId: string, smtp: boolean): Promise<SendPreviewOut> {
  const invoice = await new InvoicesRepo(ctx.db.kysely, ctx.orgId).find(invoiceId);
  if (!invoice) throw AppError.notFound('Invoice');
  assertInvoiceAction(invoice, 'send');
  const facts = await invoiceEmailFacts(ctx.db.kysely, ctx.orgId, invoice);
  const email = composeInvoiceEmail(facts, {}, '{link}');
  return {
    to: customerAddress(facts),
    subject: email.subject,
    body: email.body,
    language: languageOf(facts).language,
    reply_to: facts.organization.email,
    delivery: smtp ? 'smtp' : 'outbox',
  };
}
