/**
 * A quote sent by e-mail through a real SMTP server, on both databases: the message carries
 * the link to the quote's page in the customer's language and the quote's PDF attached.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import type { Client } from '../support/http.ts';

describeEachDb('quotes by e-mail', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  it('mails the link to the page, in French, with the PDF attached', async () => {
    const customer = await createCustomer(owner, { name: 'Dupont SARL', email: 'compta@dupont.example', language: 'fr' });
    const created = await owner.post('/api/v1/quotes', { customer_id: customer.id, currency: 'EUR', lines: [{ description: 'Audit', quantity: '2', unit_price: '750.00' }] });
    expect(created.status, created.text).toBe(201);
    const open = (await owner.post(`/api/v1/quotes/${created.body.id}/finalize`)).body;
    const before = smtp.received.length;
    const sent = await owner.post(`/api/v1/quotes/${open.id}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ sent_to: 'compta@dupont.example', sent_at: '2026-11-23T10:00:00.000Z' });
    await expect.poll(() => smtp.received.length, { timeout: 15_000, interval: 50 }).toBe(before + 1);
    const { mail, rcptTo } = smtp.received.at(-1)!;
    expect(rcptTo).toEqual(['compta@dupont.example']);
    expect(mail.subject).toBe(`Devis ${open.number} de Acme GmbH`);
    expect(mail.text).toContain('Bonjour Dupont SARL');
    expect(mail.text).toContain(open.public_url);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`Quote-${open.number}.pdf`]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The quote's page from the link.
    expect((await fetch(open.public_url)).status).toBe(200);
  });
});
