/** The document view and its two renderers, without a database: labels, locale choice, branding, escaping, CSP, stable PDFs. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleInvoice } from '../../../bench/sample-invoice.ts';
import { DOCUMENT_LANGUAGES, documentLocale } from '../../../src/domain/document-language.ts';
import { documentLanguage, labelsFor } from '../../../src/modules/documents/document-labels.ts';
import { DEFAULT_ACCENT, bankDetailsOf, logoOf, validAccent, type InvoiceDocumentData } from '../../../src/modules/documents/document-model.ts';
import { documentView, safeFilename } from '../../../src/modules/documents/document-view.ts';
import { documentHtml, documentPdf } from '../../../src/modules/documents/invoice-files.ts';
import { JPEG_IMAGE, pngImage } from '../../support/images.ts';

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

describe('labels and the document’s language', () => {
  it('has every label in every language, and English for the rest', () => {
    const keys = Object.keys(labelsFor('en')).sort();
    for (const language of DOCUMENT_LANGUAGES) expect(Object.keys(labelsFor(language)).sort()).toEqual(keys);
    expect(labelsFor('de').invoice).toBe('Rechnung');
    expect(labelsFor('fr-CA').invoice).toBe('Facture');
    expect(labelsFor('es').page(1, 3)).toBe('Página 1 de 3');
    expect(documentLanguage('it')).toBe('en');
  });

  it('follows the customer’s language, else the organization’s, else English', () => {
    expect(documentLocale('de', 'fr')).toBe('de');
    expect(documentLocale('de-AT', 'en')).toBe('de-AT');
    expect(documentLocale(null, 'fr')).toBe('fr');
    expect(documentLocale('it', 'es')).toBe('es'); // not printed in Italian: the organization's language instead
    expect(documentLocale('zz', 'nonsense!')).toBe('en');
    expect(documentLocale(null, null)).toBe('en');
  });
});

describe('branding', () => {
  it('lets only a #RRGGBB accent colour into CSS', () => {
    expect(validAccent('#1A2B3C')).toBe('#1a2b3c');
    for (const bad of ['red', '#fff', '#12345g', '#123456;}body{display:none', null]) expect(validAccent(bad)).toBe(DEFAULT_ACCENT);
  });

  it('takes a logo only when its bytes are what its type says', () => {
    expect(logoOf({ content_type: 'image/png', data: b64(pngImage(2, 1)) })?.contentType).toBe('image/png');
    expect(logoOf({ content_type: 'image/png', data: b64('GIF89a not a png') })).toBeNull();
    expect(logoOf({ content_type: 'image/svg+xml', data: b64('<html>hello</html>') })).toBeNull();
    expect(logoOf({ content_type: 'image/gif', data: b64('GIF89a') })).toBeNull();
    expect(logoOf({ content_type: 'image/png', data: 'not base64!' })).toBeNull();
  });

  it('reads bank details leniently and drops empty ones', () => {
    expect(bankDetailsOf('{"iban":" DE89370400440532013000 ","bic":""}')).toEqual({
      account_holder: null,
      bank_name: null,
      iban: 'DE89370400440532013000',
      bic: null,
      instructions: null,
    });
    expect(bankDetailsOf('{}')).toBeNull();
    expect(bankDetailsOf('not json')).toBeNull();
  });
});

describe('document view', () => {
  it('names files with safe characters only', () => {
    expect(safeFilename('Invoice-INV/2026 00001')).toBe('Invoice-INV-2026-00001.pdf');
    expect(safeFilename('Invoice-"../../etc"')).toBe('Invoice-etc.pdf');
    expect(documentView(sampleInvoice(3)).filename).toBe('Invoice-INV-2026-00042.pdf');
    expect(documentView(sampleInvoice(3, { status: 'draft' })).filename).toBe('Invoice-draft.pdf');
  });

  it('marks drafts and void invoices, in the document’s language', () => {
    expect(documentView(sampleInvoice(1, { status: 'draft' })).mark?.text).toBe('DRAFT');
    expect(documentView(sampleInvoice(1, { status: 'void' })).mark?.text).toBe('VOID');
    const draft = documentView(sampleInvoice(1, { status: 'draft', locale: 'de' }));
    expect(draft.mark?.text).toBe('DRAFT');
    expect(draft.title).toContain('ENTWURF');
    expect(documentView(sampleInvoice(1)).mark).toBeNull();
  });

  it('localizes labels, dates, amounts and payment terms', () => {
    const view = documentView(sampleInvoice(2, { locale: 'de' }));
    expect(view.heading).toBe('Rechnung');
    expect(view.meta).toContainEqual({ label: 'Rechnungsdatum', value: '23.11.2026' });
    expect(view.meta).toContainEqual({ label: 'Zahlungsbedingungen', value: 'Zahlbar innerhalb von 14 Tagen ohne Abzug' });
    expect(view.lines.rows[0]?.cells).toContain('1.450,00\u00a0€');
    expect(view.payment?.rows).toContainEqual({ label: 'IBAN', value: 'DE89 3704 0044 0532 0130 00' });
  });

  it('gives exempt tax rows their exemption reason', () => {
    const view = documentView(sampleInvoice(6));
    const exempt = view.taxes?.table.rows.find((row) => row.cells[0] === 'Steuerfrei');
    expect(exempt?.note).toBe('§ 6 Abs. 1 Z 11 UStG (educational services)');
  });
});

describe('HTML', () => {
  const hostile = (): InvoiceDocumentData => {
    const data = sampleInvoice(2);
    data.invoice.customer.name = '<script>alert(1)</script>';
    data.invoice.lines[0]!.description = '=HYPERLINK("http://x","y")';
    data.branding.footer = '</footer><img src=x onerror=alert(1)>';
    return data;
  };

  it('escapes every value and allows exactly its own style by hash', () => {
    const { html, csp } = documentHtml(hostile());
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toContain('#2f4b7c');
    expect(csp).toContain(`style-src 'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
  });

  it('shows the logo as a data: URI image', () => {
    const data = sampleInvoice(1);
    data.branding.logo = logoOf({ content_type: 'image/png', data: b64(pngImage(2, 1)) });
    expect(documentHtml(data).html).toContain(`<img class="logo" src="data:image/png;base64,${b64(pngImage(2, 1))}"`);
  });

  it('on the public page adds status, amount due and the PDF link, and no other link', () => {
    const { html } = documentHtml(sampleInvoice(2), { publicView: { pdfHref: '/p/tok"en/pdf' } });
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href="/p/tok&quot;en/pdf">Download PDF</a>');
    expect(html).toContain('Amount due: <strong>');
    expect(documentHtml(sampleInvoice(2)).html).not.toContain('<a ');
  });
});

describe('PDF', () => {
  it('renders the same document to the same bytes', async () => {
    const first = await documentPdf(sampleInvoice(5));
    const second = await documentPdf(sampleInvoice(5));
    expect(first.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.content.equals(second.content)).toBe(true);
    // Whatever was rendered in between (accented letters, Greek and Cyrillic share glyph parts with Latin ones).
    const other = sampleInvoice(3, { locale: 'de' });
    other.invoice.customer.name = 'Ÿvonne Ýr Müller Υπηρεσίες Консультация ﬁ';
    await documentPdf(other);
    expect((await documentPdf(sampleInvoice(5))).content.equals(first.content)).toBe(true);
  });

  it('renders absurd input instead of failing: a row taller than a page, 20-digit amounts, control characters', async () => {
    const data = sampleInvoice(3);
    data.invoice.lines[0]!.description = 'a\n'.repeat(999);
    data.invoice.lines[1]!.description = `tab\there\u0000\u0007 and a ${'very'.repeat(500)} long word`;
    Object.assign(data.invoice.lines[2]!, { quantity: '1000000000', unit_price: '999999999.999999', net_amount: '999999999999999999.99' });
    data.invoice.notes = 'Long notes. '.repeat(400);
    data.invoice.customer.name = 'N'.repeat(200);
    const pdf = await documentPdf(data);
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.content.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThan(10);
  });

  it('draws PNG and SVG logos, and leaves off logos it cannot draw rather than fail', async () => {
    const logos = [
      { content_type: 'image/png', data: b64(pngImage(2, 1)) },
      { content_type: 'image/jpeg', data: b64(JPEG_IMAGE) },
      { content_type: 'image/jpeg', data: b64(JPEG_IMAGE.subarray(0, 40)) },
      { content_type: 'image/png', data: b64(Buffer.concat([pngImage(2, 1).subarray(0, 20), Buffer.from('truncated')])) },
      { content_type: 'image/svg+xml', data: b64('<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10" fill="#123456"/></svg>') },
      { content_type: 'image/svg+xml', data: b64('<svg><path d="M 0 0 L broken"/><rect width="x" height="</svg>') },
      // A logo must not read the server's files: images only from data: URIs, fonts only our own.
      { content_type: 'image/svg+xml', data: b64('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="/etc/passwd" width="10" height="10"/><text font-family="/etc/passwd">x</text></svg>') },
    ];
    const plain = await documentPdf(sampleInvoice(1));
    for (const logo of logos) {
      const data = sampleInvoice(1);
      data.branding.logo = logoOf(logo);
      expect(data.branding.logo, logo.data).not.toBeNull();
      const pdf = await documentPdf(data);
      expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.content.length).toBeGreaterThan(plain.content.length / 2);
    }
  });

  it('embeds images inside an SVG logo from data: URIs only, never from the server’s disk', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'settle-logo-')), 'secret.png');
    fs.writeFileSync(file, pngImage(2, 1));
    const svg = (href: string) =>
      b64(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10"><image xlink:href="${href}" width="20" height="10"/></svg>`);
    const render = async (href: string) => {
      const data = sampleInvoice(1);
      data.branding.logo = logoOf({ content_type: 'image/svg+xml', data: svg(href) });
      return (await documentPdf(data)).content.toString('latin1');
    };
    expect(await render(`data:image/png;base64,${b64(pngImage(2, 1))}`)).toContain('/Subtype /Image');
    expect(await render(file)).not.toContain('/Subtype /Image');
    expect(await render(`file://${file}`)).not.toContain('/Subtype /Image');
  });
});

describe('addresses on documents', () => {
  it('prints each address in its country’s convention, the country named in the document’s language', () => {
    const invoice = sampleInvoice(1);
    const us = { ...invoice, invoice: { ...invoice.invoice, customer: { ...invoice.invoice.customer, address: { line1: '1 Market St', line2: null, city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' } } } };
    expect(documentView(us).customer.lines.slice(0, 3)).toEqual(['1 Market St', 'San Francisco, CA 94105', 'United States']);
    expect(documentView(invoice).customer.lines.slice(0, 4)).toEqual(['Mariahilfer Straße 120', '3. Stock', '1070 Wien', 'Austria']);
    expect(documentView(invoice).seller.lines.slice(0, 3)).toEqual(['Torstraße 88', '10119 Berlin', 'Germany']);
  });
});
