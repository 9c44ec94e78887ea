/**
 * The customer portal (/portal/{token}), invoice views (viewed_at, invoice.viewed), the EPC
 * QR code, payment receipts (PDF and e-mail). Real HTTP, real databases, a real SMTP server,
 * PDFs read back with pdftotext.
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { epcPayload } from '../../src/domain/epc-qr.ts';

const PORTAL_URL = /\/portal\/([A-Za-z0-9_-]{43})$/;
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-portal-'));
let files = 0;

async function visit(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

function pdfText(bytes: Buffer): string {
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(workDir, `f${++files}.pdf`);
  fs.writeFileSync(file, bytes);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.replace(/\s+/g, ' ');
}

async function fetchAs(client: Client, url: string) {
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  const response = await fetch(client.baseUrl + url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function pay(owner: Client, invoiceId: string, amount: string, extra: Record<string, unknown> = {}) {
  const response = await owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date: '2026-11-23', method: 'bank_transfer', ...extra });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

describeEachDb('customer portal', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;
  let alice: any;
  let bob: any;
  let aliceInvoices: any[];
  let aliceDraft: any;
  let bobInvoice: any;
  let creditNote: any;
  let payment: any;
  let portal: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Acme Billing <billing@settle.example>' } });
    owner = await setupOwner(server.url);
    alice = await createCustomer(owner, { name: 'Alice Portal GmbH', email: 'alice@example.com' });
    bob = await createCustomer(owner, { name: 'Bob Other Ltd', email: 'bob@example.com' });
    aliceInvoices = [];
    for (const price of ['100.00', '250.00', '40.00']) {
      aliceInvoices.push(await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Work', quantity: '1', unit_price: price }] }));
    }
    aliceDraft = await draftInvoice(owner, { customerId: alice.id });
    bobInvoice = await finalizedInvoice(owner, { customerId: bob.id });
    const cn = await owner.post(`/api/v1/invoices/${aliceInvoices[2].id}/credit-notes`, { amount: '40.00', reason: 'Returned' });
    expect(cn.status, cn.text).toBe(201);
    creditNote = cn.body;
    payment = await pay(owner, aliceInvoices[0].id, '60.00', { reference: 'BANK-REF-778' });
    await pay(owner, bobInvoice.id, '10.00');
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  describe('portal links', () => {
    it('creates a link (201, URL shown once, hash stored), reads it without its URL, never audits the token', async () => {
      expect((await owner.get(`/api/v1/customers/${alice.id}/portal-link`)).body).toEqual({ customer_id: alice.id, active: false, id: null, url: null, created_at: null });
      const created = await owner.post(`/api/v1/customers/${alice.id}/portal-link`);
      expect(created.status, created.text).toBe(201);
      expect(created.body.url).toMatch(PORTAL_URL);
      expect(created.body.customer_id).toBe(alice.id);
      portal = created.body.url;
      const token = PORTAL_URL.exec(portal)?.[1] ?? '';
      expect((await owner.get(`/api/v1/customers/${alice.id}/portal-link`)).body).toEqual({ customer_id: alice.id, active: true, id: created.body.id, url: null, created_at: created.body.created_at });
      const stored = await server.db.kysely.selectFrom('portal_links').selectAll().execute();
      expect(stored.map((r) => r.token_hash)).toContain(sha256(token));
      expect(JSON.stringify(stored)).not.toContain(token);
      const audit = await owner.get(`/api/v1/audit-events?resource_id=${alice.id}&limit=200`);
      expect(audit.body.data.map((e: any) => e.action)).toContain('customer.portal_link_created');
      expect(JSON.stringify(audit.body)).not.toContain(token);
    });

    it('opens the portal with the customer page protections', async () => {
      const page = await visit(portal);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-robots-tag')).toContain('noindex');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(page.text).not.toContain('<script');
    });

    it("lists all of the customer's finalized invoices, credit notes and payments, and nobody else's", async () => {
      const page = (await visit(portal)).text;
      for (const invoice of aliceInvoices) expect(page).toContain(invoice.number);
      expect(page.match(/class="invoice"/g)).toHaveLength(3);
      expect(page).not.toContain(aliceDraft.id);
      expect(page).not.toContain(bobInvoice.number);
      expect(page).not.toContain('Bob Other Ltd');
      expect(page).toContain(creditNote.number);
      expect(page).toContain(`/payments/${payment.id}/receipt`);
      expect(page.match(/class="payment"/g)).toHaveLength(1);
      expect(page).toContain('Alice Portal GmbH');
    });

    it('serves only this customer’s documents: another customer’s or a draft → the bare 404', async () => {
      expect((await visit(`${portal}/invoices/${aliceInvoices[1].id}`)).status).toBe(200);
      expect((await visit(`${portal}/invoices/${aliceInvoices[1].id}/pdf`)).headers.get('content-type')).toBe('application/pdf');
      expect((await visit(`${portal}/credit-notes/${creditNote.id}/pdf`)).status).toBe(200);
      for (const url of [`/invoices/${bobInvoice.id}`, `/invoices/${bobInvoice.id}/pdf`, `/invoices/${aliceDraft.id}`, '/invoices/inv_nope', '/payments/pay_nope/receipt', '/credit-notes/crn_x/pdf']) {
        const response = await visit(`${portal}${url}`);
        expect(response.status, url).toBe(404);
        expect(response.text).toContain('This link is not valid');
      }
      expect((await visit(`${server.url}/portal/not-a-token`)).status).toBe(404);
      expect((await visit(`${server.url}/portal/${'A'.repeat(43)}`)).status).toBe(404);
    });

    it('prints the statement and the receipt from the portal', async () => {
      const statement = await visit(`${portal}/statement.pdf`);
      expect(statement.status).toBe(200);
      const text = pdfText(statement.bytes);
      expect(text).toContain('Statement of account');
      expect(text).toContain('Alice Portal GmbH');
      for (const invoice of aliceInvoices) expect(text).toContain(invoice.number);
      // 100 + 250 + 40 − 40 (credit note) − 60 (payment) = 290
      expect(text).toMatch(/Balance due\s+€290\.00/);
      const receipt = await visit(`${portal}/payments/${payment.id}/receipt`);
      expect(receipt.status).toBe(200);
      expect(pdfText(receipt.bytes)).toContain('Payment receipt');
    });

    it('refuses another organization’s customer (404), an erased customer (409), and checks roles', async () => {
      const other = await secondOrganization(owner);
      expect((await other.post(`/api/v1/customers/${alice.id}/portal-link`)).status).toBe(404);
      expect((await other.delete(`/api/v1/customers/${alice.id}/portal-link`)).status).toBe(404);
      const viewer = await userWithRole(owner, 'viewer');
      expect((await viewer.post(`/api/v1/customers/${alice.id}/portal-link`)).status).toBe(403);
      const erased = await createCustomer(owner, { name: 'Erased Person' });
      expect((await owner.post(`/api/v1/customers/${erased.id}/anonymize`)).status).toBe(200);
      const refused = await owner.post(`/api/v1/customers/${erased.id}/portal-link`);
      expect(refused.status, refused.text).toBe(409);
    });

    it('erasing the customer kills its portal', async () => {
      const carol = await createCustomer(owner, { name: 'Carol Erase' });
      const link = (await owner.post(`/api/v1/customers/${carol.id}/portal-link`)).body.url;
      expect((await visit(link)).status).toBe(200);
      expect((await owner.post(`/api/v1/customers/${carol.id}/anonymize`)).status).toBe(200);
      expect((await visit(link)).status).toBe(404);
    });

    it('e-mails the live portal link through the outbox (earlier e-mails keep working); bad input is a 4xx naming the field', async () => {
      const bad = await owner.post(`/api/v1/customers/${alice.id}/portal-link/send`, { to: 'not-an-address' });
      expect(bad.status).toBe(422);
      expect(JSON.stringify(bad.body.errors)).toContain('to');
      const extra = await owner.post(`/api/v1/customers/${alice.id}/portal-link/send`, { cc: 'x@example.com' });
      expect(extra.status).toBeGreaterThanOrEqual(400);
      expect(extra.status).toBeLessThan(500);
      const noAddress = await createCustomer(owner, { name: 'No Mail', email: null });
      expect((await owner.post(`/api/v1/customers/${noAddress.id}/portal-link/send`)).status).toBe(422);

      const before = smtp.received.length;
      const sent = await owner.post(`/api/v1/customers/${alice.id}/portal-link/send`);
      expect(sent.status, sent.text).toBe(201);
      expect(sent.body).toMatchObject({ to: 'alice@example.com', delivery: 'queued', url: null });
      await server.app.jobs.runDueJobs();
      // (Other mail, such as invitations, goes through the same server.)
      const toAlice = () => smtp.received.slice(before).filter((m) => m.rcptTo.includes('alice@example.com'));
      await expect.poll(() => toAlice().length, { timeout: 15_000 }).toBe(1);
      const mail = toAlice()[0]!;
      const url = /(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43})/.exec(mail.mail.text ?? '')?.[1];
      expect(url).toBeDefined();
      expect((await visit(url!)).status).toBe(200);
      // The e-mail carries the live link: the one shown at creation, still working.
      expect(url).toBe(portal);
      // Sending again e-mails the same link; the earlier e-mail's link keeps working.
      expect((await owner.post(`/api/v1/customers/${alice.id}/portal-link/send`)).status).toBe(201);
      await server.app.jobs.runDueJobs();
      await expect.poll(() => toAlice().length, { timeout: 15_000 }).toBe(2);
      expect(/(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43})/.exec(toAlice()[1]!.mail.text ?? '')?.[1]).toBe(portal);
      expect((await visit(portal)).status).toBe(200);
      // Only the token's hash and its sealed copy are stored, never the token in clear.
      const token = portal.split('/portal/')[1]!;
      const rows = await server.db.kysely.selectFrom('portal_links').selectAll().where('customer_id', '=', alice.id).execute();
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(rows.filter((r) => r.revoked_at === null && r.token_sealed)).toHaveLength(1);
    });

    it('revokes: the URL stops working at once, a second revoke is a 404', async () => {
      const link = (await owner.post(`/api/v1/customers/${bob.id}/portal-link`)).body.url;
      expect((await visit(link)).status).toBe(200);
      const revoked = await owner.delete(`/api/v1/customers/${bob.id}/portal-link`);
      expect(revoked.status).toBe(204);
      expect((await visit(link)).status).toBe(404);
      expect((await owner.delete(`/api/v1/customers/${bob.id}/portal-link`)).status).toBe(404);
    });
  });

  describe('viewed_at', () => {
    it('is set once, with one invoice.viewed event, however many first views race', async () => {
      const invoice = aliceInvoices[2];
      expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.viewed_at).toBeNull();
      // Staff reading it in the app and downloading the PDF do not count.
      await owner.get(`/api/v1/invoices/${invoice.id}/preview`);
      expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.viewed_at).toBeNull();

      const views = await Promise.all(Array.from({ length: 8 }, () => visit(`${portal}/invoices/${invoice.id}`)));
      expect(views.map((v) => v.status)).toEqual(Array(8).fill(200));
      const read = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
      expect(read.viewed_at).toBe('2026-11-23T10:00:00.000Z');
      server.clock.advance(60_000);
      await visit(`${portal}/invoices/${invoice.id}`);
      expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.viewed_at).toBe(read.viewed_at);

      const events = (await owner.get('/api/v1/events?type=invoice.viewed&limit=100')).body.data.filter((e: any) => e.data?.object?.id === invoice.id || e.object?.id === invoice.id || JSON.stringify(e).includes(invoice.id));
      expect(events).toHaveLength(1);
      const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&limit=200`);
      expect(audit.body.data.filter((e: any) => e.action === 'invoice.viewed')).toHaveLength(1);
    });

    it('the invoice page /p/{token} counts too', async () => {
      const invoice = await finalizedInvoice(owner, { customerId: alice.id });
      const link = (await owner.post(`/api/v1/invoices/${invoice.id}/link`)).body.url;
      await visit(`${link}/pdf`);
      expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.viewed_at).toBeNull();
      await Promise.all([visit(link), visit(link), visit(link)]);
      expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.viewed_at).not.toBeNull();
      const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&limit=200`);
      expect(audit.body.data.filter((e: any) => e.action === 'invoice.viewed')).toHaveLength(1);
    });
  });

  describe('EPC QR code', () => {
    it('is on the page and the PDF of an EUR invoice with an amount due once the organization has an IBAN', async () => {
      const before = aliceInvoices[0];
      const beforeLink = (await owner.post(`/api/v1/invoices/${before.id}/link`, { replace: true })).body.url;
      expect((await visit(beforeLink)).text).not.toContain('data-epc');
      const patched = await owner.patch('/api/v1/organization', { bank_details: { account_holder: 'Acme GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'DEUTDEFF' } });
      expect(patched.status, patched.text).toBe(200);
      // Branding (bank details included) is frozen at issue: the invoice issued before keeps none.
      expect((await visit(beforeLink)).text).not.toContain('data-epc');
      const invoice = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'QR', quantity: '1', unit_price: '100.00' }] });
      await pay(owner, invoice.id, '60.00');
      const link = (await owner.post(`/api/v1/invoices/${invoice.id}/link`)).body.url;
      const page = (await visit(link)).text;
      const expected = epcPayload({ name: 'Acme GmbH', iban: 'DE89370400440532013000', bic: 'DEUTDEFF', currency: 'EUR', amountMinor: 4000n, remittance: invoice.number });
      expect(expected).toContain('EUR40.00');
      const embedded = /data-epc="([^"]*)"/.exec(page)?.[1]?.replace(/&#10;|&#x0?a;/gi, '\n');
      expect(embedded).toBe(expected);
      expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,/);
      const pdf = await fetchAs(owner, `/api/v1/invoices/${invoice.id}/pdf`);
      expect(pdfText(pdf.bytes)).toContain('Scan with your banking app');
    });

    it('is absent for a paid invoice and for another currency', async () => {
      const paid = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Paid', quantity: '1', unit_price: '10.00' }] });
      await pay(owner, paid.id, '10.00');
      const usd = await finalizedInvoice(owner, { customerId: alice.id, currency: 'USD', lines: [{ description: 'Dollars', quantity: '1', unit_price: '10.00' }] });
      for (const invoice of [paid, usd]) {
        const preview = await fetchAs(owner, `/api/v1/invoices/${invoice.id}/preview`);
        expect(preview.bytes.toString()).not.toContain('data-epc');
        expect(pdfText((await fetchAs(owner, `/api/v1/invoices/${invoice.id}/pdf`)).bytes)).not.toContain('Scan with your banking app');
      }
    });
  });

  describe('receipts', () => {
    it('prints a receipt: organization, customer, amount, date, method, reference, invoice, refunds, remaining balance', async () => {
      const refund = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '5.00', reason: 'Goodwill' });
      expect(refund.status, refund.text).toBe(200);
      const response = await fetchAs(owner, `/api/v1/payments/${payment.id}/receipt`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const text = pdfText(response.bytes);
      for (const part of ['Payment receipt', 'Acme GmbH', 'Alice Portal GmbH', '€60.00', 'Bank transfer', 'BANK-REF-778', aliceInvoices[0].number, 'Goodwill', '-€5.00', 'Remaining balance']) {
        expect(text, part).toContain(part);
      }
      // 100 − 60 + 5 refunded = 45 due on the invoice now.
      expect(text).toContain('€45.00');
      const viewer = await userWithRole(owner, 'viewer');
      expect((await fetchAs(viewer, `/api/v1/payments/${payment.id}/receipt`)).status).toBe(200);
      expect((await owner.get('/api/v1/payments/pay_unknown/receipt')).status).toBe(404);
      expect((await owner.get(`/api/v1/payments/${payment.id}/receipt?download=maybe`)).status).toBe(422);
      const other = await secondOrganization(owner, 'Receipts Other');
      expect((await other.get(`/api/v1/payments/${payment.id}/receipt`)).status).toBe(404);
    });

    it('e-mails a receipt on each payment when the setting is on, and not when off', async () => {
      expect((await owner.get('/api/v1/organization')).body.send_payment_receipts).toBe(false);
      const bad = await owner.patch('/api/v1/organization', { send_payment_receipts: 'yes' });
      expect(bad.status).toBe(422);
      expect(JSON.stringify(bad.body.errors)).toContain('send_payment_receipts');

      const invoice = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Receipted', quantity: '1', unit_price: '80.00' }] });
      const before = smtp.received.length;
      await pay(owner, invoice.id, '20.00');
      await server.app.jobs.runDueJobs();
      expect(smtp.received.slice(before).filter((m) => (m.mail.subject ?? '').startsWith('Payment received'))).toHaveLength(0);

      const on = await owner.patch('/api/v1/organization', { send_payment_receipts: true });
      expect(on.body.send_payment_receipts).toBe(true);
      const second = await pay(owner, invoice.id, '30.00');
      // A customer without an e-mail address gets none.
      const silent = await createCustomer(owner, { name: 'Silent Customer', email: null });
      const silentInvoice = await finalizedInvoice(owner, { customerId: silent.id });
      await pay(owner, silentInvoice.id, '1.00');
      await server.app.jobs.runDueJobs();
      const receipts = () => smtp.received.slice(before).filter((m) => (m.mail.subject ?? '').startsWith('Payment received'));
      await expect.poll(() => receipts().length, { timeout: 15_000 }).toBe(1);
      const mail = receipts()[0]!;
      expect(mail.rcptTo).toEqual(['alice@example.com']);
      expect(mail.mail.subject).toContain('€30.00');
      const attachment = mail.mail.attachments[0];
      expect(attachment?.contentType).toBe('application/pdf');
      expect(pdfText(attachment!.content)).toContain('Payment receipt');
      const emails = (await owner.get('/api/v1/emails?limit=100')).body.data;
      expect(emails.filter((m: any) => m.subject.includes('Payment received'))).toHaveLength(1);
      expect(second.id).toBeTruthy();
      await owner.patch('/api/v1/organization', { send_payment_receipts: false });
    });
  });
});
