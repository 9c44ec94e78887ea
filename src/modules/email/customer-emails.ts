/**
 * E-mails to a customer that are not an invoice: the portal link and payment receipts.
 * Stored and queued in the caller's transaction (the transactional outbox): the message is
 * 'queued' with its delivery job; without a mail server the job keeps it in the outbox
 * (deliver-email.ts). A receipt's PDF is rendered at send time from `payment_id`.
 * Texts in the customer's document language (else the organization's, else English).
 */
import type { Executor } from '../../kernel/context.ts';
import { documentLocale, type DocumentLanguage } from '../../domain/document-language.ts';
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import { documentLanguage } from '../documents/document-labels.ts';
import { EMAIL_MAX_ATTEMPTS, EMAIL_SEND_JOB } from './deliver-email.ts';
import { EmailRepo } from './email.repo.ts';

export interface CustomerEmail {
  to: string;
  subject: string;
  body: string;
  linkUrl: string | null;
  customerId: string;
  paymentId?: string | null;
  attachmentName?: string | null;
  /** A quote: its PDF is attached at send time. */
  quoteId?: string | null;
  createdBy: string | null;
  now: string;
}

/** Stores the message and queues its delivery; its id. */
export async function queueCustomerEmail(trx: Executor, orgId: string, email: CustomerEmail): Promise<string> {
  const id = newId('eml');
  await new EmailRepo(trx, orgId).insert({
    id,
    invoice_id: null,
    payment_id: email.paymentId ?? null,
    customer_id: email.customerId,
    to_address: email.to,
    subject: email.subject,
    body: email.body,
    link_url: email.linkUrl,
    attachment_name: email.attachmentName ?? null,
    status: 'queued',
    attempts: 0,
    last_error: null,
    sent_at: null,
    created_by: email.createdBy,
    created_at: email.now,
    updated_at: email.now,
    ...(email.quoteId ? { quote_id: email.quoteId } : {}),
  });
  await enqueueJob(trx, { orgId, kind: EMAIL_SEND_JOB, payload: { message_id: id }, now: email.now, maxAttempts: EMAIL_MAX_ATTEMPTS });
  return id;
}

/** The customer's e-mail language: its own, else the organization's. */
export async function customerLanguage(trx: Executor, orgId: string, customerLanguageCode: string | null): Promise<DocumentLanguage> {
  const org = await trx.selectFrom('organizations').select('locale').where('id', '=', orgId).executeTakeFirst();
  return documentLanguage(documentLocale(customerLanguageCode, org?.locale));
}

const PORTAL: Record<DocumentLanguage, (org: string, name: string, link: string) => { subject: string; body: string }> = {
  en: (org, name, link) => ({
    subject: `Your customer portal at ${org}`,
    body: `Hello ${name},\n\nyou can see your invoices, credit notes, payments and your statement with ${org} at any time here:\n\n${link}\n\nKeep this link private: anyone who has it can see your account.\n\nKind regards,\n${org}`,
  }),
  de: (org, name, link) => ({
    subject: `Ihr Kundenportal bei ${org}`,
    body: `Guten Tag ${name},\n\nIhre Rechnungen, Gutschriften, Zahlungen und Ihren Kontoauszug bei ${org} finden Sie jederzeit hier:\n\n${link}\n\nBitte geben Sie diesen Link nicht weiter: Wer ihn hat, sieht Ihr Konto.\n\nMit freundlichen Grüßen\n${org}`,
  }),
  fr: (org, name, link) => ({
    subject: `Votre espace client chez ${org}`,
    body: `Bonjour ${name},\n\nvos factures, avoirs, paiements et votre relevé chez ${org} sont consultables à tout moment ici :\n\n${link}\n\nGardez ce lien privé : toute personne qui le possède peut voir votre compte.\n\nCordialement,\n${org}`,
  }),
  es: (org, name, link) => ({
    subject: `Su portal de cliente en ${org}`,
    body: `Hola ${name}:\n\npuede consultar sus facturas, notas de crédito, pagos y su estado de cuenta con ${org} en cualquier momento aquí:\n\n${link}\n\nMantenga este enlace en privado: quien lo tenga puede ver su cuenta.\n\nSaludos cordiales,\n${org}`,
  }),
};

export function portalLinkEmail(language: DocumentLanguage, organization: string, customerName: string, link: string): { subject: string; body: string } {
  return PORTAL[language](organization, customerName, link);
}

const RECEIPT: Record<DocumentLanguage, (org: string, name: string, amount: string, invoice: string) => { subject: string; body: string }> = {
  en: (org, name, amount, invoice) => ({
    subject: `Payment received: ${amount} (${invoice})`,
    body: `Hello ${name},\n\nthank you: we received your payment of ${amount} for invoice ${invoice}. The receipt is attached.\n\nKind regards,\n${org}`,
  }),
  de: (org, name, amount, invoice) => ({
    subject: `Zahlung erhalten: ${amount} (${invoice})`,
    body: `Guten Tag ${name},\n\nvielen Dank: Ihre Zahlung über ${amount} für die Rechnung ${invoice} ist eingegangen. Die Zahlungsbestätigung finden Sie im Anhang.\n\nMit freundlichen Grüßen\n${org}`,
  }),
  fr: (org, name, amount, invoice) => ({
    subject: `Paiement reçu : ${amount} (${invoice})`,
    body: `Bonjour ${name},\n\nmerci : nous avons reçu votre paiement de ${amount} pour la facture ${invoice}. Le reçu est en pièce jointe.\n\nCordialement,\n${org}`,
  }),
  es: (org, name, amount, invoice) => ({
    subject: `Pago recibido: ${amount} (${invoice})`,
    body: `Hola ${name}:\n\ngracias: hemos recibido su pago de ${amount} de la factura ${invoice}. Adjuntamos el recibo.\n\nSaludos cordiales,\n${org}`,
  }),
};

export function receiptEmail(language: DocumentLanguage, organization: string, customerName: string, amount: string, invoiceNumber: string): { subject: string; body: string } {
  return RECEIPT[language](organization, customerName, amount, invoiceNumber);
}
