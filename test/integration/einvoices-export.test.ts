/**
 * E-invoice exports on both databases, beyond the official examples: what a draft, an unknown
 * format or another organization's document gets; the check before finalizing for a customer
 * with an e-invoice format (422 naming rules and fields, nothing issued); hostile text in every
 * field exporting as valid XML; Factur-X as a PDF/A-3 whose factur-x.xml pdfdetach extracts
 * and the rules accept; the e-invoice attached when the invoice is e-mailed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import type { Client } from '../support/http.ts';

const XML_FORMATS = ['ubl', 'cii', 'xrechnung-ubl', 'xrechnung-cii'] as const;

/** A seller and a buyer complete enough for every profile (Peppol endpoints, XRechnung contact and bank). */
const SELLER = {
  name: 'Acme GmbH',
  address: { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
  tax_id: 'DE123456789',
  email: 'billing@acme.example',
  phone: '+49 30 123456',
  electronic_address: { scheme: 'EM', value: 'billing@acme.example' },
  bank_details: { account_holder: 'Acme GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
};
const BUYER = {
  address: { line1: 'Marktplatz 2', city: 'München', postal_code: '80331', country: 'DE' },
  tax_id: 'DE987654321',
  electronic_address: { scheme: 'EM', value: 'ap@buyer.example' },
};

describeEachDb('e-invoice exports', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;
  let vat19: { id: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Acme Billing <billing@settle.example>' } });
    owner = await setupOwner(server.url);
    const org = await owner.patch('/api/v1/organization', SELLER);
    expect(org.status, org.text).toBe(200);
    vat19 = await createTaxRate(owner, { category: 'S', percentage: '19' });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  const line = (fields: Record<string, unknown> = {}) => ({ description: 'Consulting', quantity: '2', unit_price: '100.00', unit_code: 'HUR', ...fields, tax_rate_id: vat19.id });

  it('answers a draft with 409, an unknown or missing format with 422, another organization with 404', async () => {
    const draft = await draftInvoice(owner, { customer: BUYER, lines: [line()] });
    for (const suffix of ['einvoice?format=ubl', 'einvoice/validation?format=cii']) {
      const response = await owner.get(`/api/v1/invoices/${draft.id}/${suffix}`);
      expect(response.status, response.text).toBe(409);
    }
    const issued = await finalizedInvoice(owner, { customer: BUYER, lines: [line()], buyer_reference: 'LEITWEG-1' } as any);
    for (const query of ['format=pdf', 'format=UBL', '', 'format=ubl&format=cii', 'format=ubl&extra=1']) {
      const response = await owner.get(`/api/v1/invoices/${issued.id}/einvoice?${query}`);
      expect(response.status, `${query}: ${response.text}`).toBe(422);
      expect(JSON.stringify(response.body.errors)).toMatch(/format|extra/);
    }
    const note = await owner.post(`/api/v1/invoices/${issued.id}/credit-notes`, { amount: '10.00', reason: 'goodwill' });
    expect(note.status, note.text).toBe(201);
    expect((await owner.get(`/api/v1/credit-notes/${note.body.id}/einvoice?format=cii`)).status).toBe(200);
    // Another organization sees none of it: not the files, not the checks.
    const other = await secondOrganization(owner);
    for (const path of [
      `/api/v1/invoices/${issued.id}/einvoice?format=ubl`,
      `/api/v1/invoices/${issued.id}/einvoice/validation?format=ubl`,
      `/api/v1/credit-notes/${note.body.id}/einvoice?format=ubl`,
      `/api/v1/credit-notes/${note.body.id}/einvoice/validation?format=cii`,
      `/api/v1/credit-notes/zzz/einvoice?format=ubl`,
    ]) {
      const response = await other.get(path);
      expect(response.status, path).toBe(404);
      expect(response.text, path).not.toContain(issued.number);
    }
  });

  it('refuses to finalize for an XRechnung customer what the rules would refuse, naming rules and fields; nothing is issued', async () => {
    const customer = await createCustomer(owner, { name: 'Stadt Musterhausen', einvoice_format: 'xrechnung-cii', address: { line1: 'Rathaus', country: 'DE' } });
    const draft = await draftInvoice(owner, { customerId: customer.id, lines: [line()] });
    const refused = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
    expect(refused.status, refused.text).toBe(422);
    const byPath = Object.fromEntries((refused.body.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]));
    expect(byPath.buyer_reference).toMatch(/BR-DE-15/);
    expect(byPath['customer.address.city']).toMatch(/BR-DE-8/);
    expect(byPath['customer.address.postal_code']).toMatch(/BR-DE-9/);
    expect(byPath['customer.electronic_address']).toMatch(/PEPPOL-EN16931-R010/);
    expect(refused.body.detail).toMatch(/BR-DE-15/);
    const still = await owner.get(`/api/v1/invoices/${draft.id}`);
    expect(still.body).toMatchObject({ status: 'draft', number: null });

    // The same in one call: nothing is created.
    const before = (await owner.get(`/api/v1/invoices?customer_id=${customer.id}`)).body.data.length;
    const atOnce = await owner.post('/api/v1/invoices', { customer_id: customer.id, lines: [line()], finalize: true });
    expect(atOnce.status, atOnce.text).toBe(422);
    expect((await owner.get(`/api/v1/invoices?customer_id=${customer.id}`)).body.data.length).toBe(before);

    // Fixed: the customer's address and endpoint, the invoice's Leitweg-ID → issued, and its export is valid.
    expect((await owner.patch(`/api/v1/customers/${customer.id}`, BUYER)).status).toBe(200);
    expect((await owner.patch(`/api/v1/invoices/${draft.id}`, { buyer_reference: '04011000-12345-03' })).status).toBe(200);
    const issued = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
    expect(issued.status, issued.text).toBe(200);
    const check = await owner.get(`/api/v1/invoices/${draft.id}/einvoice/validation?format=xrechnung-cii`);
    expect(check.body).toMatchObject({ valid: true, errors: [] });
  });

  it('exports hostile text in every field as valid XML carrying the text; control characters are refused at the door', async () => {
    const hostile = `<b>&amp;"x'</b> ]]> \u202Eتجربة\u202C 😀 ' OR 1=1; -- =cmd|' /C calc'!A0`;
    const bell = await owner.patch('/api/v1/organization', { name: 'Acme \u0007 GmbH' });
    expect(bell.status).toBe(422);
    expect(JSON.stringify(bell.body.errors)).toContain('name');
    expect((await owner.patch('/api/v1/organization', { ...SELLER, name: `Acme ${hostile}` })).status).toBe(200);
    const customer = await createCustomer(owner, { ...BUYER, name: `Buyer ${hostile}`, address: { ...BUYER.address, line1: hostile, city: `München ${hostile}` } });
    const invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [line({ description: `Item ${hostile}\nsecond line ${hostile}` })],
      notes: `Note ${hostile}`,
      terms: `Terms ${hostile}`,
      buyer_reference: `REF ${hostile}`.slice(0, 100),
      purchase_order_reference: `PO ${hostile}`.slice(0, 100),
    } as any);
    const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });
    for (const format of XML_FORMATS) {
      const file = await owner.get(`/api/v1/invoices/${invoice.id}/einvoice?format=${format}`);
      expect(file.status, file.text).toBe(200);
      const parsed = JSON.stringify(parser.parse(file.text));
      // The text comes back exactly, once the XML is read: escaped, never interpreted.
      for (const expected of [`Buyer ${hostile}`, `Note ${hostile}`, `München ${hostile}`]) expect(parsed, format).toContain(JSON.stringify(expected).slice(1, -1));
      const check = await owner.post('/api/v1/einvoices/validate', file.text, { 'content-type': 'application/xml' });
      expect(check.status, check.text).toBe(200);
      expect(check.body.errors, format).toEqual([]);
    }
    expect((await owner.patch('/api/v1/organization', SELLER)).status).toBe(200);
  });

  it('exports Factur-X: a PDF/A-3 whose factur-x.xml pdfdetach extracts and the rules accept', async () => {
    const invoice = await finalizedInvoice(owner, { customer: BUYER, lines: [line(), line({ description: 'Travel', quantity: '1', unit_price: '59.90', unit_code: 'C62' })] });
    const response = await fetch(`${server.url}/api/v1/invoices/${invoice.id}/einvoice?format=facturx&download=1`, { headers: { cookie: owner.cookie ?? '' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+-facturx\.pdf"$/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'facturx-'));
    const pdf = path.join(dir, 'invoice.pdf');
    writeFileSync(pdf, Buffer.from(await response.arrayBuffer()));
    expect(execFileSync('pdfdetach', ['-list', pdf]).toString()).toMatch(/1: factur-x\.xml/);
    execFileSync('pdfdetach', ['-save', '1', '-o', path.join(dir, 'factur-x.xml'), pdf]);
    const xml = readFileSync(path.join(dir, 'factur-x.xml'), 'utf8');
    expect(xml).toContain(invoice.number);
    expect(xml).toContain('urn:cen.eu:en16931:2017');
    const check = await owner.post('/api/v1/einvoices/validate', xml, { 'content-type': 'application/xml' });
    expect(check.body).toMatchObject({ valid: true, syntax: 'CII', errors: [] });
    const raw = readFileSync(pdf, 'latin1');
    expect(raw).toMatch(/pdfaid:part[>="]+3/);
    expect(raw).toMatch(/pdfaid:conformance[>="]+B/);
    expect(raw).toContain('/AFRelationship /Alternative');
    expect(raw).toContain('/OutputIntents');
    expect(execFileSync('pdffonts', [pdf]).toString().split('\n').slice(2).filter(Boolean).every((row) => / yes +(yes|no) +(yes|no) /.test(row))).toBe(true);
  });

  it('attaches the e-invoice when the invoice is e-mailed: XML beside the PDF, or the Factur-X PDF instead', async () => {
    for (const [format, expected] of [
      ['xrechnung-cii', [/\.pdf$/, /-xrechnung-cii\.xml$/]],
      ['facturx', [/-facturx\.pdf$/]],
    ] as const) {
      const customer = await createCustomer(owner, { ...BUYER, email: 'ap@buyer.example', einvoice_format: format });
      const invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [line()], buyer_reference: '04011000-12345-03' } as any);
      const before = smtp.received.length;
      expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
      await expect.poll(() => smtp.received.length, { timeout: 20_000 }).toBe(before + 1);
      const { mail } = smtp.received.at(-1)!;
      expect(mail.attachments.map((a) => a.filename), format).toEqual(expected.map((pattern) => expect.stringMatching(pattern)));
      const einvoice = mail.attachments.at(-1)!;
      if (format === 'facturx') expect(einvoice.content.includes(Buffer.from('factur-x.xml'))).toBe(true);
      else expect(einvoice.content.toString('utf8')).toContain(invoice.number);
    }
  });
});
