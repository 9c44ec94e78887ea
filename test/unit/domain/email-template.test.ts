import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_TEMPLATES,
  EMAIL_LANGUAGES,
  EMAIL_PLACEHOLDERS,
  MAX_BODY_LENGTH,
  MAX_SUBJECT_LENGTH,
  emailLocale,
  headerSafe,
  renderInvoiceEmail,
  renderTemplate,
  templateProblem,
  unknownPlaceholders,
  type EmailValues,
} from '../../../src/domain/email-template.ts';

const VALUES: EmailValues = {
  invoice_number: 'INV-2026-00042',
  customer_name: 'Globex Corporation',
  organization_name: 'Acme GmbH',
  amount_due: '€80.00',
  total: '€119.00',
  due_date: 'Dec 7, 2026',
  link: 'https://billing.example.com/p/abc',
};

describe('invoice e-mail templates', () => {
  it('has a subject and body in every language, using only known placeholders and carrying the link', () => {
    for (const language of EMAIL_LANGUAGES) {
      const template = DEFAULT_TEMPLATES[language];
      expect(templateProblem(template.subject, 'subject'), language).toBeNull();
      expect(templateProblem(template.body, 'body'), language).toBeNull();
      expect(template.body, language).toContain('{link}');
      const rendered = renderInvoiceEmail({}, language, VALUES);
      expect(rendered.subject, language).toContain('INV-2026-00042');
      expect(rendered.body, language).toContain('Globex Corporation');
      expect(rendered.body, language).toContain('€119.00');
      expect(rendered.body, language).not.toMatch(/\{[a-z_]+\}/);
    }
    expect(renderInvoiceEmail({}, 'de', VALUES).subject).toBe('Rechnung INV-2026-00042 von Acme GmbH');
    expect(renderInvoiceEmail({}, 'fr', VALUES).subject).toBe('Facture INV-2026-00042 de Acme GmbH');
    expect(renderInvoiceEmail({}, 'es', VALUES).subject).toBe('Factura INV-2026-00042 de Acme GmbH');
  });

  it('fills every placeholder, leaves other braces alone and never expands a value twice', () => {
    const template = EMAIL_PLACEHOLDERS.map((name) => `{${name}}`).join('|');
    expect(renderTemplate(template, VALUES)).toBe(EMAIL_PLACEHOLDERS.map((name) => VALUES[name]).join('|'));
    expect(renderTemplate('ACME {Europe} { total } {total}', VALUES)).toBe('ACME {Europe} { total } €119.00');
    expect(renderTemplate('Hi {customer_name}', { ...VALUES, customer_name: 'Evil {total} $& $1' })).toBe('Hi Evil {total} $& $1');
  });

  it('names unknown placeholders, empty, overlong and multi-line subjects', () => {
    expect(unknownPlaceholders('{invoice_number} {foo} {bar} {foo}')).toEqual(['foo', 'bar']);
    expect(templateProblem('Invoice {invoce_number}', 'subject')).toContain('unknown placeholder {invoce_number}');
    expect(templateProblem('   ', 'body')).toBe('must not be empty');
    expect(templateProblem('x'.repeat(MAX_SUBJECT_LENGTH), 'subject')).toBeNull();
    expect(templateProblem('x'.repeat(MAX_SUBJECT_LENGTH + 1), 'subject')).toContain(`at most ${MAX_SUBJECT_LENGTH}`);
    expect(templateProblem('x'.repeat(MAX_BODY_LENGTH + 1), 'body')).toContain(`at most ${MAX_BODY_LENGTH}`);
    expect(templateProblem('Invoice\r\nBcc: victim@example.com', 'subject')).toContain('one line');
    expect(templateProblem('Line one\nLine two', 'body')).toBeNull();
  });

  it('keeps every subject on one line, whatever the values hold', () => {
    const hostile = { ...VALUES, customer_name: 'Evil\r\nBcc: victim@example.com', organization_name: 'Acme\nX-Header: 1\u2028' };
    const { subject } = renderInvoiceEmail({ subject: '{customer_name} / {organization_name}' }, 'en', hostile);
    expect(subject).toBe('Evil Bcc: victim@example.com / Acme X-Header: 1');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        expect(headerSafe(text)).not.toMatch(/[\r\n\u0000-\u001f\u007f\u2028\u2029]/);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the organization’s template, and adds the link when a body leaves it out', () => {
    const own = renderInvoiceEmail({ subject: 'Your bill {invoice_number}', body: 'Dear {customer_name}, pay {amount_due} by {due_date}.' }, 'de', VALUES);
    expect(own.subject).toBe('Your bill INV-2026-00042');
    expect(own.body).toBe('Dear Globex Corporation, pay €80.00 by Dec 7, 2026.\n\nRechnung online ansehen und herunterladen:\nhttps://billing.example.com/p/abc');
    const withLink = renderInvoiceEmail({ body: 'See {link}' }, 'en', VALUES);
    expect(withLink.body).toBe('See https://billing.example.com/p/abc');
    // In a preview the link is not made yet: {link} stays in place.
    expect(renderInvoiceEmail({ body: 'See {link}' }, 'en', { ...VALUES, link: '{link}' }).body).toBe('See {link}');
  });

  it('writes to the customer in its language, else the organization’s, else English', () => {
    expect(emailLocale('de-AT', 'fr')).toEqual({ language: 'de', locale: 'de-AT' });
    expect(emailLocale('it', 'fr-CH')).toEqual({ language: 'fr', locale: 'fr-CH' });
    expect(emailLocale(null, 'es')).toEqual({ language: 'es', locale: 'es' });
    expect(emailLocale('it', 'nl')).toEqual({ language: 'en', locale: 'en' });
    expect(emailLocale(undefined, undefined)).toEqual({ language: 'en', locale: 'en' });
  });
});
