/**
 * Customer links that keep working across e-mails: every e-mail about an invoice (sending
 * it, a reminder, …) carries the invoice's one live link, read back from its sealed copy,
 * so the link in the first e-mail still opens the page after the next one went out. Staff
 * see the live URL again (GET /invoices/{id}/link). Revoking kills the URL in every e-mail
 * already sent; replacing it kills the old URL and the next e-mail carries the new one.
 * Messages are read from a real SMTP server.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const LINK = /(http:\/\/\S+\/p\/[A-Za-z0-9_-]{43})/;

/** A visitor with no session: plain fetch, no cookie jar. */
async function visit(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

function tokenOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

describeEachDb('customer links across e-mails', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;
  let counter = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Acme Billing <billing@settle.example>' } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  /** A finalized invoice of a customer of its own, with its own address. */
  async function invoiceFor(): Promise<{ id: string; number: string; email: string }> {
    counter += 1;
    const email = `ap-${counter}-${kind}@links.example`;
    const customer = await createCustomer(owner, { name: `Linked ${counter}`, email });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    return { id: invoice.id, number: invoice.number, email };
  }

  /** Runs the delivery jobs and waits until `count` messages reached `email`; the link in each, oldest first. */
  async function linksMailedTo(email: string, count: number): Promise<string[]> {
    await server.app.jobs.runDueJobs();
    const mails = () => smtp.received.filter((m) => m.rcptTo.includes(email));
    await expect.poll(() => mails().length, { timeout: 15_000, interval: 50 }).toBe(count);
    return mails().map((m) => {
      const link = LINK.exec(m.mail.text ?? '')?.[1];
      expect(link, m.mail.text).toBeDefined();
      return link!;
    });
  }

  const send = async (id: string) => {
    const sent = await owner.post(`/api/v1/invoices/${id}/send`);
    expect(sent.status, sent.text).toBe(200);
  };
  const remind = async (id: string) => {
    const reminded = await owner.post(`/api/v1/invoices/${id}/send-reminder`);
    expect(reminded.status, reminded.text).toBe(200);
  };
  const rowsOf = (invoiceId: string) => server.db.kysely.selectFrom('invoice_links').selectAll().where('invoice_id', '=', invoiceId).orderBy('created_at').orderBy('id').execute();

  it('sends the invoice, then a reminder: both e-mails carry the same link, and both open the page', async () => {
    const invoice = await invoiceFor();
    await send(invoice.id);
    await remind(invoice.id);
    const [first, second] = await linksMailedTo(invoice.email, 2);
    expect(second).toBe(first);
    const page = await visit(first!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(invoice.number);
    expect((await visit(`${second!}/pdf`)).status).toBe(200);

    // Staff see the live URL: the one in the e-mails.
    const live = await owner.get(`/api/v1/invoices/${invoice.id}/link`);
    expect(live.status, live.text).toBe(200);
    expect(live.body.url).toBe(first);
    const history = (await owner.get(`/api/v1/invoices/${invoice.id}/links`)).body.data;
    expect(history).toEqual([{ id: live.body.id, url: first, created_at: live.body.created_at, revoked_at: null }]);
    // One link made, none revoked; the audit trail never holds the token.
    const created = (await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_created`)).body.data;
    expect(created).toHaveLength(1);
    expect((await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_revoked`)).body.data).toEqual([]);
    expect(JSON.stringify(created)).not.toContain(tokenOf(first!));

    // The database row holds the token's hash and the token sealed, never the token in clear.
    const rows = await rowsOf(invoice.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_sealed).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(first!));
    expect(JSON.stringify(rows)).not.toContain(Buffer.from(tokenOf(first!)).toString('base64'));
  });

  it('revoking kills the link in every e-mail already sent; the next e-mail carries a new one', async () => {
    const invoice = await invoiceFor();
    await send(invoice.id);
    await remind(invoice.id);
    const [first, second] = await linksMailedTo(invoice.email, 2);
    expect(second).toBe(first);
    expect((await owner.delete(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(204);
    for (const url of [first!, second!, `${first!}/pdf`]) expect((await visit(url)).status, url).toBe(404);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    // The revoked link keeps no sealed token: nothing can bring its URL back.
    expect((await rowsOf(invoice.id)).map((row) => row.token_sealed)).toEqual([null]);

    await remind(invoice.id);
    const third = (await linksMailedTo(invoice.email, 3))[2]!;
    expect(third).not.toBe(first);
    expect((await visit(third)).status).toBe(200);
    expect((await visit(first!)).status).toBe(404);
  });

  it('replacing the link kills the old URL; the new one opens and the next e-mail carries it', async () => {
    const invoice = await invoiceFor();
    await send(invoice.id);
    const [old] = await linksMailedTo(invoice.email, 1);
    const replaced = await owner.post(`/api/v1/invoices/${invoice.id}/link`, { replace: true });
    expect(replaced.status, replaced.text).toBe(201);
    expect(replaced.body.url).not.toBe(old);
    expect((await visit(old!)).status).toBe(404);
    expect((await visit(replaced.body.url)).status).toBe(200);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).body.url).toBe(replaced.body.url);

    await remind(invoice.id);
    expect((await linksMailedTo(invoice.email, 2))[1]).toBe(replaced.body.url);
    const revoked = (await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_revoked`)).body.data;
    expect(revoked).toHaveLength(1);
    expect(revoked[0].after).toMatchObject({ reason: 'replaced' });
  });

  it('replaces a link made before sealed tokens once, on the next e-mail, then keeps the new one', async () => {
    const invoice = await invoiceFor();
    const made = await owner.post(`/api/v1/invoices/${invoice.id}/link`);
    expect(made.status, made.text).toBe(201);
    // A link as migration 0021 finds it: only the hash.
    await server.db.kysely.updateTable('invoice_links').set({ token_sealed: null }).where('invoice_id', '=', invoice.id).execute();
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).body).toEqual({ id: made.body.id, url: null, created_at: made.body.created_at });
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/link`)).body).toEqual({ id: made.body.id, url: null, created_at: made.body.created_at });
    expect((await visit(made.body.url)).status).toBe(200);

    await send(invoice.id);
    await remind(invoice.id);
    const [first, second] = await linksMailedTo(invoice.email, 2);
    expect(first).not.toBe(made.body.url);
    expect(second).toBe(first);
    expect((await visit(first!)).status).toBe(200);
    expect((await visit(made.body.url)).status).toBe(404);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).body.url).toBe(first);
  });

  it("binds a sealed token to its organization, invoice and link: copied into another link's row it does not open", async () => {
    const a = await invoiceFor();
    const b = await invoiceFor();
    const linkA = (await owner.post(`/api/v1/invoices/${a.id}/link`)).body;
    const linkB = (await owner.post(`/api/v1/invoices/${b.id}/link`)).body;
    const [rowA] = await rowsOf(a.id);
    await server.db.kysely.updateTable('invoice_links').set({ token_sealed: rowA!.token_sealed }).where('id', '=', linkB.id).execute();
    // B's URL is no longer known, and A's is never shown as B's.
    expect((await owner.get(`/api/v1/invoices/${b.id}/link`)).body.url).toBeNull();
    await send(b.id);
    const [mailed] = await linksMailedTo(b.email, 1);
    expect(mailed).not.toBe(linkA.url);
    expect(mailed).not.toBe(linkB.url);
    expect((await visit(mailed!)).text).toContain(b.number);
    expect((await visit(linkA.url)).status).toBe(200);

    // Garbage in the column is no key either.
    await server.db.kysely.updateTable('invoice_links').set({ token_sealed: 'v1.AAAA.BBBB.CCCC' }).where('invoice_id', '=', a.id).execute();
    expect((await owner.get(`/api/v1/invoices/${a.id}/link`)).body.url).toBeNull();
  });

  it("erasing the customer revokes the links in every e-mail and drops their sealed tokens; no e-mail brings one back", async () => {
    const invoice = await invoiceFor();
    await send(invoice.id);
    const [link] = await linksMailedTo(invoice.email, 1);
    const customerId = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body.customer_id as string;
    expect((await owner.post(`/api/v1/customers/${customerId}/anonymize`)).status).toBe(200);
    expect((await visit(link!)).status).toBe(404);
    expect((await rowsOf(invoice.id)).map((row) => [row.revoked_at !== null, row.token_sealed])).toEqual([[true, null]]);
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`, { to: 'someone@example.com' })).status).toBe(409);
    expect((await owner.post(`/api/v1/invoices/${invoice.id}/send-reminder`, { to: 'someone@example.com' })).status).toBe(409);
  });
});
