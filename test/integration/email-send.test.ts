/**
 * Sending invoices by e-mail, end to end over real SMTP: a real SMTP server (smtp-server)
 * on a local port receives what the job worker delivers, and mailparser reads it back —
 * recipient, subject, the PDF attachment and the customer link. A server that refuses
 * (451) or is not there at all leaves the message queued with its attempts and error,
 * and the retry after the backoff delivers it exactly once.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { Client, requestWithHost } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://billing.example.com';
const LINK = /https:\/\/billing\.example\.com\/p\/[A-Za-z0-9_-]{43}/;
const HOUR = 60 * 60 * 1000;

describeEachDb('sending invoices by e-mail', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, {
      env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'Acme Billing <billing@settle.example>' },
    });
    owner = await setupOwner(server.url);
    const org = await owner.patch('/api/v1/organization', { email: 'accounts@acme.example' });
    expect(org.status, org.text).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });
  beforeEach(async () => {
    smtp.refuse = null;
    await smtp.restart();
  });

  const email = async (id: string) => (await owner.get(`/api/v1/emails/${id}`)).body;
  const messagesOf = async (invoiceId: string) => (await owner.get(`/api/v1/emails?invoice_id=${invoiceId}`)).body.data as any[];

  /** Waits until the background worker has taken the message to `status` (and `attempts`, if given). */
  async function settled(id: string, status: string, attempts?: number): Promise<any> {
    await expect
      .poll(async () => {
        const m = await email(id);
        return attempts === undefined ? m.status : `${m.status}/${m.attempts}`;
      }, { timeout: 15_000, interval: 50 })
      .toBe(attempts === undefined ? status : `${status}/${attempts}`);
    return email(id);
  }

  /** Moves time past the backoff and lets the worker run what is due. */
  async function later(ms: number): Promise<void> {
    server.clock.advance(ms);
    await server.app.jobs.runDueJobs();
  }

  it('mails the customer the invoice as a PDF with its link, and records when and to whom', async () => {
    const customer = await createCustomer(owner, { name: 'Globex Corporation', email: 'ap@globex.example' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const before = smtp.received.length;

    const sent = await owner.post(`/api/v1/invoices/${invoice.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ id: invoice.id, status: 'open', number: invoice.number, sent_at: '2026-11-23T10:00:00.000Z', sent_to: 'ap@globex.example' });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ sent_at: '2026-11-23T10:00:00.000Z', sent_to: 'ap@globex.example' });
    // Requested, not yet delivered: the response says queued, never sent.
    expect(sent.body.last_email).toMatchObject({ status: 'queued', to: 'ap@globex.example', queued_at: '2026-11-23T10:00:00.000Z', sent_at: null, error: null });

    const [queued] = await messagesOf(invoice.id);
    expect(queued).toMatchObject({ invoice_id: invoice.id, invoice_number: invoice.number, to: 'ap@globex.example', subject: `Invoice ${invoice.number} from Acme GmbH` });
    const delivered = await settled(queued.id, 'sent', 1);
    expect(delivered).toMatchObject({ last_error: null, sent_at: '2026-11-23T10:00:00.000Z', link_url: expect.stringMatching(LINK) });
    expect(delivered.attachment_name).toMatch(/\.pdf$/);

    expect(smtp.received).toHaveLength(before + 1);
    const { mail, rcptTo, mailFrom } = smtp.received.at(-1)!;
    expect(rcptTo).toEqual(['ap@globex.example']);
    expect(mailFrom).toBe('billing@settle.example');
    expect(mail.from?.value[0]).toMatchObject({ address: 'billing@settle.example', name: 'Acme Billing' });
    expect(mail.replyTo?.value[0]?.address).toBe('accounts@acme.example');
    expect(mail.subject).toBe(`Invoice ${invoice.number} from Acme GmbH`);
    expect(mail.messageId).toBe(`<${queued.id}@settle.example>`);
    expect(mail.text).toContain('Hello Globex Corporation,');
    expect(mail.text).toContain('€100.00');
    const link = LINK.exec(mail.text ?? '')?.[0];
    expect(link).toBe(delivered.link_url);
    expect(mail.html).toContain(`<a href="${link}">`);

    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf!.contentType).toBe('application/pdf');
    expect(pdf!.filename).toBe(delivered.attachment_name);
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The link opens the invoice for anyone holding it, without signing in.
    const page = await new Client(server.url).get(new URL(link!).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain(invoice.number);

    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.last_email).toEqual({
      id: queued.id,
      status: 'sent',
      to: 'ap@globex.example',
      queued_at: '2026-11-23T10:00:00.000Z',
      sent_at: '2026-11-23T10:00:00.000Z',
      attempts: 1,
      error: null,
    });

    // The audit log tells the request (queued) from the delivery (sent by the mail server).
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.send_queued`);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0].after).toMatchObject({ sent_to: 'ap@globex.example', email_message_id: queued.id, delivery: 'queued' });
    expect((await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.sent`)).body.data).toEqual([]);
    const delivery = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.email_sent`);
    expect(delivery.body.data).toHaveLength(1);
    expect(delivery.body.data[0]).toMatchObject({ actor: { type: 'system' }, after: { email_message_id: queued.id, status: 'sent', to: 'ap@globex.example', sent_at: '2026-11-23T10:00:00.000Z' } });

    // Sending again carries the same live link: the one in the first message keeps working.
    const again = await owner.post(`/api/v1/invoices/${invoice.id}/send`, {});
    expect(again.status, again.text).toBe(200);
    const messages = await messagesOf(invoice.id);
    expect(messages).toHaveLength(2);
    expect(messages[0].link_url).toBe(link);
    await settled(messages[0].id, 'sent');
    expect(smtp.received).toHaveLength(before + 2);
    expect(smtp.received.at(-1)!.mail.text).toContain(link);
    expect((await new Client(server.url).get(new URL(link!).pathname)).status).toBe(200);
    const links = (await owner.get(`/api/v1/invoices/${invoice.id}/links`)).body.data;
    expect(links.map((l: { revoked_at: string | null }) => l.revoked_at === null)).toEqual([true]);
    expect((await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_revoked`)).body.data).toEqual([]);
    // The invoice itself does not show the token.
    expect(JSON.stringify(again.body)).not.toContain(new URL(link!).pathname);
  });

  it('writes in the customer’s language, uses the organization’s template, and the texts given for one sending', async () => {
    const customer = await createCustomer(owner, { name: 'Müller & Söhne', email: 'buchhaltung@mueller.example', language: 'de' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Beratung', quantity: '1', unit_price: '1234.50' }] });

    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [german] = await messagesOf(invoice.id);
    expect(german.subject).toBe(`Rechnung ${invoice.number} von Acme GmbH`);
    expect(german.body).toContain('Guten Tag Müller & Söhne,');
    expect(german.body).toContain('1.234,50\u00a0€');
    await settled(german.id, 'sent');
    expect(smtp.received.at(-1)!.mail.subject).toBe(`Rechnung ${invoice.number} von Acme GmbH`);

    const template = await owner.request('PUT', '/api/v1/organization/email-template', {
      subject: 'Your invoice {invoice_number} ({total})',
      body: 'Dear {customer_name},\n\nplease pay {amount_due} by {due_date}.\n\n{organization_name}',
    });
    expect(template.status, template.text).toBe(200);
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [own] = await messagesOf(invoice.id);
    expect(own.subject).toBe(`Your invoice ${invoice.number} (1.234,50\u00a0€)`);
    // The template left out {link}: the customer gets it all the same.
    expect(own.body).toMatch(/^Dear Müller & Söhne,\n\nplease pay 1\.234,50\u00a0€ by \d{2}\.\d{2}\.2026\.\n\nAcme GmbH\n\nRechnung online ansehen und herunterladen:\nhttps:\/\/billing\.example\.com\/p\//);

    const custom = await owner.post(`/api/v1/invoices/${invoice.id}/send`, {
      to: 'Controller@Mueller.example',
      subject: 'Reminder: {invoice_number}',
      message: 'Please see {link} — thank you!',
    });
    expect(custom.status, custom.text).toBe(200);
    expect(custom.body.sent_to).toBe('controller@mueller.example');
    const [written] = await messagesOf(invoice.id);
    await settled(written.id, 'sent');
    const { mail, rcptTo } = smtp.received.at(-1)!;
    expect(rcptTo).toEqual(['controller@mueller.example']);
    expect(mail.subject).toBe(`Reminder: ${invoice.number}`);
    expect(mail.text?.trim()).toMatch(/^Please see https:\/\/billing\.example\.com\/p\/[A-Za-z0-9_-]{43} — thank you!$/);

    const reset = await owner.request('PUT', '/api/v1/organization/email-template', { subject: null, body: null });
    expect(reset.body).toMatchObject({ subject: null, body: null });
  });

  it('keeps a message the server refuses (451) queued with its attempts and error, and delivers it exactly once when the server accepts', async () => {
    const customer = await createCustomer(owner, { email: 'refused@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    smtp.refuse = { code: 451, message: 'Greylisted, try again later' };
    const before = smtp.received.length;

    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [message] = await messagesOf(invoice.id);
    const first = await settled(message.id, 'queued', 1);
    expect(first.last_error).toContain('451');
    expect(first.last_error).toContain('Greylisted');
    expect(first.sent_at).toBeNull();
    const job = await server.db.kysely.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1, run_at: new Date(server.clock.now().getTime() + 30_000).toISOString() });

    // Still refusing at the second attempt, 30 s later.
    await later(30_000);
    expect(await settled(message.id, 'queued', 2)).toMatchObject({ last_error: expect.stringContaining('451') });
    expect(smtp.refused).toBeGreaterThanOrEqual(2);

    smtp.refuse = null;
    // Not due yet (the next attempt waits a minute): nothing is sent early.
    await later(30_000);
    expect((await email(message.id)).status).toBe('queued');
    await later(30_000);
    const delivered = await settled(message.id, 'sent', 3);
    expect(delivered.last_error).toBeNull();
    expect(smtp.received.slice(before).filter((r) => r.rcptTo.includes('refused@example.com'))).toHaveLength(1);

    // Nothing more goes out however long the worker keeps running.
    await later(HOUR);
    await later(24 * HOUR);
    expect(smtp.received.slice(before).filter((r) => r.rcptTo.includes('refused@example.com'))).toHaveLength(1);
    expect(await email(message.id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('retries when the mail server is down, never showing its password, and fails the message after the last attempt; a manual retry sends it once', async () => {
    const customer = await createCustomer(owner, { email: 'down@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    await smtp.stop();

    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [message] = await messagesOf(invoice.id);
    const first = await settled(message.id, 'queued', 1);
    expect(first.last_error).toMatch(/ECONNREFUSED|connect/i);
    for (let attempt = 2; attempt <= 9; attempt++) {
      await later(HOUR);
      await settled(message.id, 'queued', attempt);
    }
    await later(HOUR);
    const failed = await settled(message.id, 'failed', 10);
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.last_email).toMatchObject({ id: message.id, status: 'failed', sent_at: null, attempts: 10, error: failed.last_error });
    const failures = (await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.email_failed`)).body.data;
    expect(failures).toHaveLength(1);
    expect(failures[0].after).toMatchObject({ email_message_id: message.id, status: 'failed', error: failed.last_error });
    const job = await server.db.kysely.selectFrom('jobs').selectAll().where('payload', 'like', `%${message.id}%`).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 10 });

    const everything = JSON.stringify([await owner.get('/api/v1/emails?limit=200'), await owner.get('/api/v1/audit-events?limit=200')].map((r) => r.body));
    expect(everything).not.toContain(smtp.password);

    await smtp.restart();
    const before = smtp.received.length;
    const retried = await owner.post(`/api/v1/emails/${message.id}/retry`);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toMatchObject({ id: message.id, status: 'queued', attempts: 10, last_error: null });
    expect((await owner.post(`/api/v1/emails/${message.id}/retry`)).status).toBe(409);
    await settled(message.id, 'sent', 11);
    await later(24 * HOUR);
    expect(smtp.received.slice(before).filter((r) => r.rcptTo.includes('down@example.com'))).toHaveLength(1);
    // A message that went out is not sent again.
    const resend = await owner.post(`/api/v1/emails/${message.id}/retry`);
    expect(resend.status).toBe(409);
    expect(resend.body.detail).toContain('sent');
  });

  it('sends once for one Idempotency-Key', async () => {
    const customer = await createCustomer(owner, { email: 'once@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const headers = { 'Idempotency-Key': `send-${invoice.id}` };
    const first = await owner.post(`/api/v1/invoices/${invoice.id}/send`, { subject: 'Once {invoice_number}' }, headers);
    const second = await owner.post(`/api/v1/invoices/${invoice.id}/send`, { subject: 'Once {invoice_number}' }, headers);
    expect(first.status, first.text).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`, { subject: 'Other' }, headers)).status).toBe(409);
    const messages = await messagesOf(invoice.id);
    expect(messages).toHaveLength(1);
    await settled(messages[0].id, 'sent');
  });
  it('never shows the SMTP password, even when the mail server repeats it', async () => {
    const customer = await createCustomer(owner, { email: 'echo@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    smtp.refuse = { code: 451, message: `Temporary failure for ${smtp.user}:${smtp.password}` };
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [message] = await messagesOf(invoice.id);
    const refused = await settled(message.id, 'queued', 1);
    expect(refused.last_error).toContain('Temporary failure for');
    expect(refused.last_error).toContain('***');
    expect(refused.last_error).not.toContain(smtp.password);
    const jobs = await server.db.kysely.selectFrom('jobs').select('last_error').execute();
    expect(JSON.stringify(jobs)).not.toContain(smtp.password);
    smtp.refuse = null;
  });

  it('does not deliver a message whose invoice was voided before it went out', async () => {
    const customer = await createCustomer(owner, { email: 'voided@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    smtp.refuse = { code: 451, message: 'Try again later' };
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [message] = await messagesOf(invoice.id);
    await settled(message.id, 'queued', 1);
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/void`)).status).toBe(200);
    smtp.refuse = null;
    await later(HOUR);
    const stopped = await settled(message.id, 'failed', 1);
    expect(stopped.last_error).toContain('voided');
    expect(smtp.received.filter((r) => r.rcptTo.includes('voided@example.com'))).toHaveLength(0);
  });
});

describeEachDb('links in e-mails without PUBLIC_URL', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  it("builds the e-mailed link from the configured address, never from the request's Host header", async () => {
    const customer = await createCustomer(owner, { email: 'hostile@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const before = smtp.received.length;

    const sent = await requestWithHost(owner, 'POST', `/api/v1/invoices/${invoice.id}/send`, 'evil.example', {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.text).not.toContain('evil.example');

    const [message] = (await owner.get(`/api/v1/emails?invoice_id=${invoice.id}`)).body.data as any[];
    await expect.poll(async () => (await owner.get(`/api/v1/emails/${message.id}`)).body.status, { timeout: 15_000, interval: 50 }).toBe('sent');
    const stored = await requestWithHost(owner, 'GET', `/api/v1/emails/${message.id}`, 'evil.example');
    const link = new RegExp(`${server.url.replaceAll('.', '\\.')}/p/[A-Za-z0-9_-]{43}`);
    expect(stored.body.link_url).toMatch(link);
    expect(stored.text).not.toContain('evil.example');

    expect(smtp.received).toHaveLength(before + 1);
    const { mail } = smtp.received.at(-1)!;
    expect(mail.text).toMatch(link);
    expect(mail.html).toMatch(link);
    expect(smtp.received.at(-1)!.raw.toString()).not.toContain('evil.example');
    // The link works.
    const page = await new Client(server.url).get(new URL(stored.body.link_url).pathname);
    expect(page.status).toBe(200);
  });
});
