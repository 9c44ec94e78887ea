/**
 * The e-mail that carries an invoice: built-in subject and body per language, the
 * placeholders an organization may use in its own template, and rendering. Pure.
 *
 * A placeholder is `{name}` with a lowercase name; other braces are plain text, so a
 * company called "ACME {Europe}" is no template error. Rendering is one pass: a value that
 * happens to contain "{total}" is printed as it is, never expanded again.
 */

export const EMAIL_PLACEHOLDERS = ['invoice_number', 'customer_name', 'organization_name', 'amount_due', 'total', 'due_date', 'link'] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];
export type EmailValues = Record<EmailPlaceholder, string>;

export const EMAIL_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

/** Limits shared by the template settings and the send request. */
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 10_000;

const PLACEHOLDER = /\{([a-z_]+)\}/g;

interface Template {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<EmailLanguage, Template> = {
  en: {
    subject: 'Invoice {invoice_number} from {organization_name}',
    body: [
      'Hello {customer_name},',
      '',
      'please find attached invoice {invoice_number} for {total}, due on {due_date}.',
      'Amount due: {amount_due}.',
      '',
      'You can view and download the invoice online:',
      '{link}',
      '',
      'Kind regards,',
      '{organization_name}',
    ].join('\n'),
  },
  de: {
    subject: 'Rechnung {invoice_number} von {organization_name}',
    body: [
      'Guten Tag {customer_name},',
      '',
      'anbei erhalten Sie die Rechnung {invoice_number} über {total}, fällig am {due_date}.',
      'Offener Betrag: {amount_due}.',
      '',
      'Sie können die Rechnung online ansehen und herunterladen:',
      '{link}',
      '',
      'Mit freundlichen Grüßen',
      '{organization_name}',
    ].join('\n'),
  },
  fr: {
    subject: 'Facture {invoice_number} de {organization_name}',
    body: [
      'Bonjour {customer_name},',
      '',
      'veuillez trouver ci-joint la facture {invoice_number} d’un montant de {total}, à régler au plus tard le {due_date}.',
      'Montant restant dû : {amount_due}.',
      '',
      'Vous pouvez consulter et télécharger la facture en ligne :',
      '{link}',
      '',
      'Cordialement,',
      '{organization_name}',
    ].join('\n'),
  },
  es: {
    subject: 'Factura {invoice_number} de {organization_name}',
    body: [
      'Hola, {customer_name}:',
      '',
      'le adjuntamos la factura {invoice_number} por un importe de {total}, con vencimiento el {due_date}.',
      'Importe pendiente: {amount_due}.',
      '',
      'Puede ver y descargar la factura en línea:',
      '{link}',
      '',
      'Atentamente,',
      '{organization_name}',
    ].join('\n'),
  },
};

/** Said before the link when a hand-written message left {link} out: the customer always gets it. */
export const LINK_LEAD: Record<EmailLanguage, string> = {
  en: 'View and download the invoice online:',
  de: 'Rechnung online ansehen und herunterladen:',
  fr: 'Consulter et télécharger la facture en ligne :',
  es: 'Ver y descargar la factura en línea:',
};

function primaryLanguage(tag: string | null | undefined): EmailLanguage | null {
  const primary = tag?.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return (EMAIL_LANGUAGES as readonly string[]).includes(primary) ? (primary as EmailLanguage) : null;
}

/**
 * The language of the e-mail and the locale its amounts and dates are written in: the
 * customer's language when e-mails exist in it, else the organization's, else English.
 */
export function emailLocale(customerLanguage: string | null | undefined, organizationLocale: string | null | undefined): { language: EmailLanguage; locale: string } {
  for (const tag of [customerLanguage, organizationLocale]) {
    const language = primaryLanguage(tag);
    if (language !== null && tag) return { language, locale: tag };
  }
  return { language: 'en', locale: 'en' };
}

/** Placeholders used in `template` that do not exist, in order of first use. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(EMAIL_PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** Why a template text is not acceptable, or null. Used for the organization's template and a message written when sending. */
export function templateProblem(template: string, kind: 'subject' | 'body'): string | null {
  if (template.trim() === '') return 'must not be empty';
  const max = kind === 'subject' ? MAX_SUBJECT_LENGTH : MAX_BODY_LENGTH;
  if (template.length > max) return `must be at most ${max} characters`;
  if (kind === 'subject' && /[\r\n]/.test(template)) return 'must be one line (no line breaks)';
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) {
    const list = unknown.map((name) => `{${name}}`).join(', ');
    return `unknown placeholder ${list}; use ${EMAIL_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;
  }
  return null;
}

/** Replaces every known placeholder with its value, in one pass; unknown ones stay as written. */
export function renderTemplate(template: string, values: Partial<EmailValues>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    return value === undefined ? whole : value;
  });
}

/** A header value can never break out of its line: CR, LF and other controls become spaces. */
export function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export interface RenderedEmail {
  subject: string;
  body: string;
}

/**
 * Subject and body of an invoice e-mail: the given texts (the organization's template or a
 * message written for this one sending), else the built-in ones of `language`. The subject
 * is made header-safe; the link is added at the end when the body does not carry it.
 */
export function renderInvoiceEmail(
  templates: { subject?: string | null; body?: string | null },
  language: EmailLanguage,
  values: EmailValues,
): RenderedEmail {
  const defaults = DEFAULT_TEMPLATES[language];
  const subject = headerSafe(renderTemplate(templates.subject ?? defaults.subject, values));
  let body = renderTemplate(templates.body ?? defaults.body, values).replace(/\r\n?/g, '\n');
  if (values.link !== '' && !body.includes(values.link)) body = `${body.trimEnd()}\n\n${LINK_LEAD[language]}\n${values.link}`;
  return { subject, body };
}
