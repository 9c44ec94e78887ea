/**
 * Sending without a mail server, and everything around sending: messages land in the
 * outbox (nothing lost, nothing delivered) until SMTP is configured and they are retried;
 * bad input is refused naming its field and stores nothing; drafts and void invoices are
 * not sent; roles; the organization's template; the send preview.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';
import { startSmtpServer } from '../support/smtp.ts';

describeEachDb('e-mail outbox, input and access', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server?.close());

  const messagesOf = async (invoiceId: string) => (await owner.get(`/api/v1/emails?invoice_id=${invoiceId}`)).body.data as any[];

  it('keeps messages in the outbox without SMTP_URL, and delivers them once SMTP is configured and they are retried', async () => {
    const customer = await createCustomer(owner, { name: 'Outbox Customer', email: 'outbox@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const preview = await owner.get(`/api/v1/invoices/${invoice.id}/send-preview`);
    expect(preview.body).toMatchObject({ to: 'outbox@example.com', delivery: 'outbox', language: 'en' });

    const sent = await owner.post(`/api/v1/invoices/${invoice.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ sent_to: 'outbox@example.com', sent_at: '2026-11-23T10:00:00.000Z' });
    // The invoice says the truth: the message waits in the outbox, it was not sent.
    const waiting = { id: expect.stringMatching(/^eml_/), status: 'outbox', to: 'outbox@example.com', queued_at: '2026-11-23T10:00:00.000Z', sent_at: null, attempts: 0, error: null };
    expect(sent.body.last_email).toEqual(waiting);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.last_email).toEqual(waiting);
    const audit = (await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}`)).body.data as { action: string; after: any }[];
    expect(audit.map((event) => event.action)).not.toContain('invoice.sent');
    expect(audit.find((event) => event.action === 'invoice.send_queued')?.after).toMatchObject({ sent_to: 'outbox@example.com', delivery: 'outbox' });
    const [message] = await messagesOf(invoice.id);
    expect(sent.body.last_email.id).toBe(message.id);
    expect(message).toMatchObject({ status: 'outbox', attempts: 0, to: 'outbox@example.com', link_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/p\//) });
    expect(message.body).toContain(message.link_url);
    // No job: nothing could deliver it. The worker leaves it alone.
    expect(await server.db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
    await server.app.jobs.runDueJobs();
    expect((await owner.get(`/api/v1/emails/${message.id}`)).body.status).toBe('outbox');
    expect((await owner.get('/api/v1/emails?status=outbox')).body.data.map((m: any) => m.id)).toContain(message.id);
    expect((await owner.get('/api/v1/emails?status=sent')).body.data).toEqual([]);

    const retry = await owner.post(`/api/v1/emails/${message.id}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.detail).toContain('SMTP_URL');

    // The operator sets SMTP_URL and restarts: the old server's worker stops, a new server
    // on the same database takes over.
    await server.app.jobs.stop();
    const smtp = await startSmtpServer();
    const configured = await buildApp(
      { db: server.db, clock: server.clock, config: loadConfig({ DATABASE_URL: server.database.url, LOG_LEVEL: 'silent', SMTP_URL: smtp.url }) },
      { logger: false },
    );
    await configured.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = configured.server.address();
      const other = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      other.cookie = owner.cookie;
      const retried = await other.post(`/api/v1/emails/${message.id}/retry`);
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body.status).toBe('queued');
      await expect.poll(async () => (await other.get(`/api/v1/emails/${message.id}`)).body.status, { timeout: 15_000, interval: 50 }).toBe('sent');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.rcptTo).toEqual(['outbox@example.com']);
      expect(smtp.received[0]!.mail.text).toContain(message.link_url);
      expect(smtp.received[0]!.mail.attachments[0]!.contentType).toBe('application/pdf');
    } finally {
      await configured.close();
      await smtp.stop();
      server.app.jobs.start();
    }
  });

  it('refuses bad input naming the field, and then stores nothing', async () => {
    const withEmail = await finalizedInvoice(owner, { customer: { email: 'input@example.com' } });
    const noEmail = await finalizedInvoice(owner, { customer: { email: null } });
    const cases: [string, unknown, string][] = [
      [withEmail.id, { to: 'not-an-email' }, 'to'],
      [withEmail.id, { to: 'a@example.com\r\nBcc: victim@example.com' }, 'to'],
      [withEmail.id, { subject: 'x'.repeat(201) }, 'subject'],
      [withEmail.id, { subject: 'Invoice\r\nBcc: victim@example.com' }, 'subject'],
      [withEmail.id, { subject: 'Line\none' }, 'subject'],
      [withEmail.id, { subject: '   ' }, 'subject'],
      [withEmail.id, { subject: 'Invoice {invoice_numbr}' }, 'subject'],
      [withEmail.id, { message: 'Pay {amount_owed}' }, 'message'],
      [withEmail.id, { message: 'x'.repeat(10_001) }, 'message'],
      [withEmail.id, { message: 'bell \u0007' }, 'message'],
      [withEmail.id, { subject: 42 }, 'subject'],
      [withEmail.id, { cc: 'x@example.com' }, 'body'],
      [noEmail.id, {}, 'to'],
      [noEmail.id, { subject: 'Hi' }, 'to'],
    ];
    for (const [id, body, field] of cases) {
      await expectUnchanged(server, async () => {
        const response = await owner.post(`/api/v1/invoices/${id}/send`, body);
        const label = `${JSON.stringify(body).slice(0, 80)} → ${response.status} ${response.text.slice(0, 200)}`;
        expect(response.status, label).toBe(422);
        expect(response.body.errors.map((e: any) => e.path), label).toContain(field);
      });
    }
    expect((await owner.get(`/api/v1/invoices/${noEmail.id}`)).body).toMatchObject({ sent_at: null, sent_to: null });
    // Given an address, the customer without one can be sent to.
    expect((await owner.post(`/api/v1/invoices/${noEmail.id}/send`, { to: 'someone@example.com' })).status).toBe(200);
  });

  it('sends only finalized invoices that are not void, and only the organization’s own', async () => {
    const draft = await draftInvoice(owner, { customer: { email: 'draft@example.com' } });
    const voided = await finalizedInvoice(owner, { customer: { email: 'void@example.com' } });
    expect((await owner.post(`/api/v1/invoices/${voided.id}/void`)).status).toBe(200);
    for (const id of [draft.id, voided.id]) {
      await expectUnchanged(server, async () => {
        const response = await owner.post(`/api/v1/invoices/${id}/send`);
        expect(response.status, response.text).toBe(409);
        expect(response.body.detail).toContain('cannot be sent');
      });
      expect((await owner.get(`/api/v1/invoices/${id}/send-preview`)).status).toBe(409);
    }
    const paid = await finalizedInvoice(owner, { customer: { email: 'paid@example.com' } });
    expect((await owner.post('/api/v1/payments', { invoice_id: paid.id, amount: paid.total, date: '2026-11-23', method: 'cash' })).status).toBe(201);
    expect((await owner.post(`/api/v1/invoices/${paid.id}/send`)).status).toBe(200);

    const other = await secondOrganization(owner, 'Mail Rival Ltd');
    const theirs = await finalizedInvoice(other, { customer: { email: 'rival@example.com' } });
    await other.post(`/api/v1/invoices/${theirs.id}/send`);
    const [theirMessage] = (await other.get('/api/v1/emails')).body.data;
    expect(theirMessage.invoice_id).toBe(theirs.id);
    await expectUnchanged(server, async () => {
      expect((await owner.post(`/api/v1/invoices/${theirs.id}/send`)).status).toBe(404);
      expect((await owner.get(`/api/v1/invoices/${theirs.id}/send-preview`)).status).toBe(404);
      expect((await owner.get(`/api/v1/emails/${theirMessage.id}`)).status).toBe(404);
      expect((await owner.post(`/api/v1/emails/${theirMessage.id}/retry`)).status).toBe(404);
    });
    expect((await owner.get('/api/v1/emails?limit=200')).body.data.map((m: any) => m.id)).not.toContain(theirMessage.id);
    expect((await owner.get(`/api/v1/emails?invoice_id=${theirs.id}`)).body.data).toEqual([]);
  });

  it('lets sales send and read the outbox, viewers neither; only admins change the template', async () => {
    const sales = await userWithRole(owner, 'sales');
    const viewer = await userWithRole(owner, 'viewer');
    const accountant = await userWithRole(owner, 'accountant');
    const invoice = await finalizedInvoice(owner, { customer: { email: 'roles@example.com' } });

    expect((await viewer.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(403);
    expect((await viewer.get(`/api/v1/invoices/${invoice.id}/send-preview`)).status).toBe(403);
    expect((await viewer.get('/api/v1/emails')).status).toBe(403);
    const sent = await sales.post(`/api/v1/invoices/${invoice.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    const listed = await sales.get(`/api/v1/emails?invoice_id=${invoice.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);

    const template = { subject: 'Invoice {invoice_number}', body: 'Hello {customer_name}: {link}' };
    for (const client of [viewer, sales, accountant]) {
      expect((await client.request('PUT', '/api/v1/organization/email-template', template)).status).toBe(403);
      expect((await client.get('/api/v1/organization/email-template')).status).toBe(200);
    }
    expect((await owner.request('PUT', '/api/v1/organization/email-template', { subject: null, body: null })).status).toBe(200);
  });

  it('edits the template: placeholders checked, null restores the built-in text', async () => {
    const initial = await owner.get('/api/v1/organization/email-template');
    expect(initial.body).toMatchObject({ subject: null, body: null, language: 'en', default_subject: 'Invoice {invoice_number} from {organization_name}' });
    expect(initial.body.placeholders).toEqual(['{invoice_number}', '{customer_name}', '{organization_name}', '{amount_due}', '{total}', '{due_date}', '{link}']);

    const bad: [unknown, string][] = [
      [{ subject: 'Invoice {number}', body: null }, 'subject'],
      [{ subject: null, body: 'Pay {amount}' }, 'body'],
      [{ subject: '', body: null }, 'subject'],
      [{ subject: null, body: '  ' }, 'body'],
      [{ subject: 'x'.repeat(201), body: null }, 'subject'],
      [{ subject: null, body: 'y'.repeat(10_001) }, 'body'],
      [{ subject: 'Invoice\r\nBcc: victim@example.com', body: null }, 'subject'],
      [{ subject: null }, 'body'],
      [{ subject: null, body: null, footer: 'x' }, 'body'],
    ];
    for (const [body, field] of bad) {
      await expectUnchanged(server, async () => {
        const response = await owner.request('PUT', '/api/v1/organization/email-template', body);
        expect(response.status, response.text).toBe(422);
        expect(response.body.errors.map((e: any) => e.path), response.text).toContain(field);
      });
    }

    const saved = await owner.request('PUT', '/api/v1/organization/email-template', { subject: ' Invoice {invoice_number} ', body: 'Hello {customer_name},\n\n{link}' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ subject: 'Invoice {invoice_number}', body: 'Hello {customer_name},\n\n{link}' });
    expect((await owner.get('/api/v1/organization/email-template')).body).toMatchObject({ subject: 'Invoice {invoice_number}' });

    const invoice = await finalizedInvoice(owner, { customer: { name: 'Preview GmbH', email: 'preview@example.com', language: 'de' } });
    const preview = await owner.get(`/api/v1/invoices/${invoice.id}/send-preview`);
    expect(preview.body).toEqual({
      to: 'preview@example.com',
      subject: `Invoice ${invoice.number}`,
      body: 'Hello Preview GmbH,\n\n{link}',
      language: 'de',
      reply_to: null,
      delivery: 'outbox',
    });

    expect((await owner.request('PUT', '/api/v1/organization/email-template', { subject: null, body: null })).body).toMatchObject({ subject: null, body: null });
    const german = await owner.get(`/api/v1/invoices/${invoice.id}/send-preview`);
    expect(german.body.subject).toBe(`Rechnung ${invoice.number} von Acme GmbH`);
    expect(german.body.body).toContain('{link}');
    const audit = await owner.get('/api/v1/audit-events?action=organization.email_template_updated');
    expect(audit.body.data.length).toBeGreaterThanOrEqual(2);
  });

  it('pages through the outbox newest first', async () => {
    const invoice = await finalizedInvoice(owner, { customer: { email: 'pages@example.com' } });
    for (let i = 0; i < 5; i++) expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const first = await owner.get(`/api/v1/emails?invoice_id=${invoice.id}&limit=2`);
    const second = await owner.get(`/api/v1/emails?invoice_id=${invoice.id}&limit=2&cursor=${first.body.next_cursor}`);
    const third = await owner.get(`/api/v1/emails?invoice_id=${invoice.id}&limit=2&cursor=${second.body.next_cursor}`);
    const ids = [...first.body.data, ...second.body.data, ...third.body.data].map((m: any) => m.id);
    expect(ids).toHaveLength(5);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(third.body.next_cursor).toBeNull();
    expect((await owner.get('/api/v1/emails?status=nope')).status).toBe(422);
    expect((await owner.get('/api/v1/emails?cursor=garbage')).status).toBe(422);
  });
  it('erases the messages of a customer whose personal data is erased (GDPR), and stops those not sent', async () => {
    const customer = await createCustomer(owner, { name: 'Erase Me', email: 'erase.me@example.com' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
    const [before] = await messagesOf(invoice.id);
    expect(before).toMatchObject({ status: 'outbox', to: 'erase.me@example.com' });
    expect(before.body).toContain('Erase Me');

    expect((await owner.post(`/api/v1/customers/${customer.id}/anonymize`)).status).toBe(200);
    const [after] = await messagesOf(invoice.id);
    expect(after).toMatchObject({ id: before.id, status: 'failed', to: '(erased)', subject: '(erased)', body: '(erased)', link_url: null });
    expect(after.last_error).toContain('erased');
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ sent_to: null, sent_at: before.created_at });
    const retry = await owner.post(`/api/v1/emails/${before.id}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.detail).toContain('erased');
  });
});
