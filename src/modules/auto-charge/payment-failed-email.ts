/**
 * The e-mail to the customer when an automatic charge failed: why (in plain words), whether
 * and when it is tried again, and the customer link of the invoice (its page shows "Pay now"
 * while a gateway is connected). Stored and queued through the outbox in the caller's
 * transaction — the one that records the failure — so it goes out once per failed attempt,
 * never again for a repeated run. The invoice's PDF is attached by the delivery job.
 */
import type { InvoicesTable } from '../../db/schema.ts';
import { formatAmount } from '../../domain/money/index.ts';
import { localDate } from '../../domain/time-zone.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { formatDate, formatMoney } from '../documents/locale-format.ts';
import { queueInvoiceEmail } from '../email/queue-invoice-email.ts';
import { customerAddress, invoiceEmailFacts, languageOf } from '../email/invoice-email.ts';
import type { Delivery } from '../email/send-invoice.ts';
import { ensureInvoiceLink, publicInvoiceUrl } from '../invoice-links/invoice-links.service.ts';
import { invoiceCustomer } from '../invoices/invoice-view.ts';

interface Texts {
  subject: string;
  body: string;
}

interface FailureFacts {
  number: string;
  customer: string;
  organization: string;
  amount: string;
  reason: string;
  nextAttempt: string | null;
  link: string;
}

function texts(language: string, f: FailureFacts): Texts {
  if (language === 'de') {
    return {
      subject: `Zahlung fehlgeschlagen: Rechnung ${f.number}`,
      body: [
        `Guten Tag ${f.customer},`,
        '',
        `wir konnten den offenen Betrag von ${f.amount} für Rechnung ${f.number} nicht von Ihrer hinterlegten Zahlungsmethode einziehen: ${f.reason}`,
        '',
        f.nextAttempt === null ? 'Wir versuchen es nicht noch einmal automatisch.' : `Wir versuchen es am ${f.nextAttempt} erneut.`,
        `Sie können die Rechnung jetzt hier bezahlen: ${f.link}`,
        '',
        'Mit freundlichen Grüßen',
        f.organization,
      ].join('\n'),
    };
  }
  return {
    subject: `Payment failed: invoice ${f.number}`,
    body: [
      `Hello ${f.customer},`,
      '',
      `We could not charge the ${f.amount} due on invoice ${f.number} to your saved payment method: ${f.reason}`,
      '',
      f.nextAttempt === null ? 'We will not try again automatically.' : `We will try again on ${f.nextAttempt}.`,
      `You can pay the invoice now: ${f.link}`,
      '',
      'Kind regards',
      f.organization,
    ].join('\n'),
  };
}

/** Queues the message; returns its id, or null when the customer has no address or link (erased). */
export async function queuePaymentFailedEmail(
  trx: Executor,
  ctx: RequestContext,
  invoice: InvoicesTable,
  failure: { reason: string; nextAttemptAt: string | null },
  delivery: Delivery,
): Promise<string | null> {
  const facts = await invoiceEmailFacts(trx, ctx.orgId, invoice);
  const to = customerAddress(facts);
  if (to === null || (facts.customer?.anonymized_at ?? null) !== null) return null;
  const now = nowIso(ctx.clock);
  const { token } = await ensureInvoiceLink(trx, ctx.orgId, invoice.id, null, now, delivery.secrets);
  const link = publicInvoiceUrl(delivery.baseUrl, token);
  const { language, locale } = languageOf(facts);
  const email = texts(language, {
    number: invoice.number ?? invoice.id,
    customer: invoiceCustomer(invoice, facts.customer).name,
    organization: facts.organization.name,
    amount: formatMoney(formatAmount(BigInt(invoice.amount_due), invoice.currency), invoice.currency, locale),
    reason: failure.reason,
    nextAttempt: failure.nextAttemptAt === null ? null : formatDate(localDate(new Date(failure.nextAttemptAt), ctx.timeZone), locale),
    link,
  });
  const message = await queueInvoiceEmail(trx, ctx.orgId, { invoice, to, subject: email.subject, body: email.body, link, createdBy: null, now }, delivery.smtp);
  return message.id;
}
