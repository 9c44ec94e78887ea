/**
 * The built-in texts of payment reminders, per language: a friendly note before the due
 * date, and a reminder on and after it. Same placeholders as the invoice e-mail
 * (domain/email-template.ts). A step's own text in the e-mail's language wins per field
 * (subject, body); a field it leaves out comes from here. Pure.
 */
import { renderInvoiceEmail, type EmailLanguage, type EmailValues, type RenderedEmail } from './email-template.ts';

export type ReminderKind = 'upcoming' | 'overdue';

interface Texts {
  subject: string;
  body: string;
}

export const DEFAULT_REMINDER_TEMPLATES: Record<ReminderKind, Record<EmailLanguage, Texts>> = {
  upcoming: {
    en: {
      subject: 'Reminder: invoice {invoice_number} is due on {due_date}',
      body: 'Hello {customer_name},\n\na friendly reminder that invoice {invoice_number} over {amount_due} is due on {due_date}.\n\nYou can view and pay the invoice online:\n{link}\n\nKind regards,\n{organization_name}',
    },
    de: {
      subject: 'Erinnerung: Rechnung {invoice_number} ist am {due_date} fällig',
      body: 'Guten Tag {customer_name},\n\nwir möchten Sie freundlich daran erinnern, dass die Rechnung {invoice_number} über {amount_due} am {due_date} fällig ist.\n\nSie können die Rechnung online ansehen und bezahlen:\n{link}\n\nMit freundlichen Grüßen\n{organization_name}',
    },
    fr: {
      subject: 'Rappel : la facture {invoice_number} arrive à échéance le {due_date}',
      body: 'Bonjour {customer_name},\n\nnous vous rappelons que la facture {invoice_number} d’un montant de {amount_due} arrive à échéance le {due_date}.\n\nVous pouvez consulter et régler la facture en ligne :\n{link}\n\nCordialement,\n{organization_name}',
    },
    es: {
      subject: 'Recordatorio: la factura {invoice_number} vence el {due_date}',
      body: 'Hola, {customer_name}:\n\nle recordamos que la factura {invoice_number} por {amount_due} vence el {due_date}.\n\nPuede ver y pagar la factura en línea:\n{link}\n\nAtentamente,\n{organization_name}',
    },
  },
  overdue: {
    en: {
      subject: 'Payment reminder: invoice {invoice_number} was due on {due_date}',
      body: 'Hello {customer_name},\n\nour records show that invoice {invoice_number}, due on {due_date}, is still open. Amount due: {amount_due}.\n\nPlease pay it at your earliest convenience; you can view and pay the invoice online:\n{link}\n\nIf you have already paid, please disregard this message.\n\nKind regards,\n{organization_name}',
    },
    de: {
      subject: 'Zahlungserinnerung: Rechnung {invoice_number} war am {due_date} fällig',
      body: 'Guten Tag {customer_name},\n\nnach unseren Unterlagen ist die Rechnung {invoice_number}, fällig am {due_date}, noch offen. Offener Betrag: {amount_due}.\n\nBitte begleichen Sie den Betrag in den nächsten Tagen; Sie können die Rechnung online ansehen und bezahlen:\n{link}\n\nFalls Sie bereits bezahlt haben, betrachten Sie diese Nachricht bitte als gegenstandslos.\n\nMit freundlichen Grüßen\n{organization_name}',
    },
    fr: {
      subject: 'Relance : la facture {invoice_number} était due le {due_date}',
      body: 'Bonjour {customer_name},\n\nsauf erreur de notre part, la facture {invoice_number}, échue le {due_date}, reste impayée. Montant restant dû : {amount_due}.\n\nMerci de procéder au règlement dans les meilleurs délais ; vous pouvez consulter et régler la facture en ligne :\n{link}\n\nSi vous avez déjà réglé, merci de ne pas tenir compte de ce message.\n\nCordialement,\n{organization_name}',
    },
    es: {
      subject: 'Recordatorio de pago: la factura {invoice_number} venció el {due_date}',
      body: 'Hola, {customer_name}:\n\nsegún nuestros registros, la factura {invoice_number}, con vencimiento el {due_date}, sigue pendiente. Importe pendiente: {amount_due}.\n\nLe rogamos que la abone lo antes posible; puede ver y pagar la factura en línea:\n{link}\n\nSi ya ha realizado el pago, ignore este mensaje.\n\nAtentamente,\n{organization_name}',
    },
  },
};

/** A step's own texts per language; each field optional. */
export type StepTemplate = Partial<Record<EmailLanguage, { subject?: string | undefined; body?: string | undefined }>>;

/** The built-in kind of a step: before the due date a friendly note, from the due date on a reminder. */
export function reminderKind(daysRelativeToDue: number | null): ReminderKind {
  return daysRelativeToDue !== null && daysRelativeToDue < 0 ? 'upcoming' : 'overdue';
}

/** Subject and body of a reminder in `language`: the step's own text per field, else the built-in one. */
export function renderReminderEmail(template: StepTemplate | null | undefined, kind: ReminderKind, language: EmailLanguage, values: EmailValues): RenderedEmail {
  const own = template?.[language];
  const defaults = DEFAULT_REMINDER_TEMPLATES[kind][language];
  return renderInvoiceEmail({ subject: own?.subject ?? defaults.subject, body: own?.body ?? defaults.body }, language, values);
}
