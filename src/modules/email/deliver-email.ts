/**
 * The `email.send` job: delivers one stored message over SMTP, with the invoice's PDF
 * rendered at send time attached. Safe to run twice: a message already sent is never sent
 * again, and every status change is a compare-and-set on the message's current status.
 * The one window left — the server accepted the message, then this process died before
 * recording it — can repeat a delivery once; it carries the same Message-ID, so the
 * receiving side can tell.
 */
import { z } from 'zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext } from '../../kernel/context.ts';
import { countEmailDeliveryFailure } from '../../kernel/metrics.ts';
import type { JobHandler, JobInfo } from '../../kernel/jobs/worker.ts';
import { invoicePdf } from '../documents/invoice-files.ts';
import { paymentReceiptPdf } from '../documents/account-documents.ts';
import { quotePdf } from '../quotes/quote-pdf.ts';
import { quoteLinks } from '../quotes/quotes.routes.ts';
import { findOrganization } from '../organizations/organizations.repo.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { EmailMessagesTable } from '../../db/schema.ts';
import { emit } from '../../kernel/events.ts';
import { getInvoice } from '../invoices/read-invoices.ts';
import { EmailRepo } from './email.repo.ts';
import type { EmailStatusValue } from './email.schemas.ts';
import { emailHtml } from './email-html.ts';
import { createSmtpMailer, type Mailer } from './mailer.ts';

export const EMAIL_SEND_JOB = 'email.send';
/** With the backoff in jobs/backoff.ts: retried for about 3½ hours before the message is failed. */
export const EMAIL_MAX_ATTEMPTS = 10;

const Payload = z.object({ message_id: z.string().min(1).max(64) }).strict();
export type EmailSendPayload = z.output<typeof Payload>;

/** The bare address of MAIL_FROM ("Settle <no-reply@example.com>" → "no-reply@example.com"). */
export function senderAddress(mailFrom: string): string {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(mailFrom);
  return (bracketed?.[1] ?? mailFrom).trim();
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000) || 'Unknown error';
}

export function emailSendHandler(deps: AppDeps): JobHandler<EmailSendPayload> {
  // One transport per process, made on first use and reused (nodemailer opens a connection per message).
  let mailer: Mailer | null = null;
  const smtp = (): Mailer | null => {
    const url = deps.config.SMTP_URL;
    if (url === undefined) return null;
    mailer ??= createSmtpMailer(url);
    return mailer;
  };
  const now = () => deps.clock.now().toISOString();

  /**
   * Moves a message on (compare-and-set) and, when it reached an outcome for an invoice,
   * writes the invoice's audit event in the same transaction: the log says what happened
   * to the e-mail, not only that sending was asked for.
   */
  async function settle(
    orgId: string,
    message: EmailMessagesTable,
    from: readonly EmailStatusValue[],
    changes: Partial<Omit<EmailMessagesTable, 'id' | 'organization_id'>>,
  ): Promise<boolean> {
    return inTransaction(deps.db, async (trx) => {
      const changed = await new EmailRepo(trx, orgId).transition(message.id, from, changes);
      const reminder = message.purpose === 'reminder';
      const delivered = reminder ? 'invoice.reminder_delivered' : 'invoice.sent';
      const outcome = changes.status === 'sent' ? delivered : changes.status === 'failed' ? 'invoice.email_failed' : null;
      if (changed && outcome !== null && message.invoice_id !== null) {
        const ctx = systemContext(deps, orgId, 'E-mail delivery', { role: 'owner' });
        await emit(trx, ctx, {
          type: outcome,
          resource: { type: 'invoice', id: message.invoice_id },
          ...(outcome === 'invoice.sent' ? { audit: { action: 'invoice.email_sent' }, object: await getInvoice(ctx, message.invoice_id, trx) } : {}),
          before: { email_message_id: message.id, status: message.status },
          after: { email_message_id: message.id, status: changes.status, to: message.to_address, sent_at: changes.sent_at ?? null, error: changes.last_error ?? null },
        });
      }
      return changed;
    });
  }

  async function run(payload: EmailSendPayload, job: JobInfo): Promise<void> {
    if (job.orgId === null) throw new Error('An email.send job must belong to an organization');
    const repo = new EmailRepo(deps.db.kysely, job.orgId);
    const message = await repo.find(payload.message_id);
    // Gone, already delivered, or not waiting for delivery (outbox, failed): nothing to do.
    if (message === undefined || (message.status !== 'queued' && message.status !== 'sending')) return;

    if (message.invoice_id !== null) {
      const invoice = await deps.db.kysely
        .selectFrom('invoices')
        .select(['status', 'amount_due'])
        .where('organization_id', '=', job.orgId)
        .where('id', '=', message.invoice_id)
        .executeTakeFirst();
      if (invoice?.status === 'void') {
        // A cancelled invoice is not sent after all; the outbox says why.
        await settle(job.orgId, message, ['queued', 'sending'], { status: 'failed', last_error: 'Not sent: the invoice was voided before the message went out', updated_at: now() });
        return;
      }
      if (message.purpose === 'reminder' && invoice !== undefined && !(invoice.amount_due > 0 && (invoice.status === 'open' || invoice.status === 'partially_paid'))) {
        // Reminders stop the moment the invoice is settled, even one already queued.
        await settle(job.orgId, message, ['queued', 'sending'], { status: 'failed', last_error: `Not sent: the invoice was ${invoice.status === 'paid' ? 'paid' : `settled (${invoice.status})`} before the reminder went out`, updated_at: now() });
        return;
      }
    }

    const transport = smtp();
    if (transport === null) {
      // SMTP_URL was removed since the message was queued: keep it in the outbox.
      await repo.transition(message.id, ['queued', 'sending'], { status: 'outbox', updated_at: now() });
      return;
    }
    // The attempt is on record before the server is spoken to.
    const claimed = await repo.transition(message.id, ['queued', 'sending'], { status: 'sending', attempts: message.attempts + 1, updated_at: now() });
    if (!claimed) return;

    let attachmentName = message.attachment_name;
    try {
      const organization = await findOrganization(deps.db.kysely, job.orgId);
      const attachments = [];
      if (message.invoice_id !== null) {
        const ctx = systemContext(deps, job.orgId, 'E-mail delivery', { role: 'owner' });
        // A customer with an e-invoice format gets it too: the XML beside the PDF, or the Factur-X PDF instead of it.
        const einvoice = (await deps.einvoicing?.attachment(ctx, message.invoice_id)) ?? null;
        if (einvoice === null || !einvoice.replacesPdf) {
          const pdf = await invoicePdf(ctx, message.invoice_id);
          attachmentName = pdf.filename;
          attachments.push({ filename: pdf.filename, content: pdf.content, contentType: 'application/pdf' });
        }
        if (einvoice !== null) {
          attachments.push({ filename: einvoice.filename, content: einvoice.content, contentType: einvoice.contentType });
          attachmentName = attachments.map((a) => a.filename).join(', ');
        }
      } else if (message.payment_id !== null) {
        const pdf = await paymentReceiptPdf(systemContext(deps, job.orgId, 'E-mail delivery', { role: 'owner' }), message.payment_id);
        attachmentName = pdf.filename;
        attachments.push({ filename: pdf.filename, content: pdf.content, contentType: 'application/pdf' });
      } else if (message.quote_id) {
        const pdf = await quotePdf(systemContext(deps, job.orgId, 'E-mail delivery', { role: 'owner' }), message.quote_id, quoteLinks(deps));
        attachmentName = pdf.filename;
        attachments.push({ filename: pdf.filename, content: pdf.content, contentType: 'application/pdf' });
      }
      const from = senderAddress(deps.config.MAIL_FROM);
      await transport.send({
        from: deps.config.MAIL_FROM,
        to: message.to_address,
        replyTo: organization?.email ?? undefined,
        subject: message.subject,
        text: message.body,
        html: emailHtml(message.body, message.link_url),
        messageId: `<${message.id}@${from.split('@')[1] ?? 'localhost'}>`,
        attachments,
      });
    } catch (error) {
      countEmailDeliveryFailure();
      const status = job.lastAttempt ? 'failed' : 'queued';
      await settle(job.orgId, { ...message, status: 'sending' }, ['sending'], { status, last_error: errorText(error), updated_at: now() });
      throw error;
    }
    const at = now();
    await settle(job.orgId, { ...message, status: 'sending' }, ['sending'], { status: 'sent', sent_at: at, last_error: null, attachment_name: attachmentName, updated_at: at });
  }

  return {
    payload: Payload,
    run,
    // The job will not run again (its worker died on the last attempt): the outbox must say so.
    async giveUp(payload, job, error) {
      if (job.orgId === null) return;
      const message = await new EmailRepo(deps.db.kysely, job.orgId).find(payload.message_id);
      if (message === undefined) return;
      await settle(job.orgId, message, ['queued', 'sending'], { status: 'failed', last_error: error.slice(0, 1000), updated_at: now() });
    },
  };
}
