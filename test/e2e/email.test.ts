/**
 * Sending invoices in a real browser, to a real SMTP server: Send on an invoice opens a
 * dialog prefilled with the recipient, subject and message; sending shows "Sent to …" on
 * the invoice and the message in Emails, delivered; a message the server refused shows its
 * attempts and error there and is retried from the page; the template editor in Settings.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, SCREENSHOTS, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('sending invoices in the browser', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer('sqlite', { env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://billing.example.com', JOB_POLL_MS: '200' } });
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    await owner.patch('/api/v1/organization', { email: 'accounts@acme.example' });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
  });

  /**
   * Console errors other than the expected one: the browser logs every 4xx response, and
   * these screens show a 422 at its field.
   */
  const unexpectedErrors = () => browser.consoleErrors.filter((text) => !/status of 422\b/.test(text));

  async function signIn(client: Client): Promise<void> {
    browser.consoleErrors.length = 0;
    await browser.context.clearCookies();
    await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(client), url: server.url }]);
  }

  it('sends an invoice from its page and shows the message delivered in Emails', async () => {
    const sales = await userWithRole(owner, 'sales');
    await signIn(sales);
    const customer = await createCustomer(owner, { name: 'Globex Corporation', email: 'ap@globex.example' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Website redesign', quantity: '1', unit_price: '1190.00' }] });
    const { page } = browser;

    await page.goto(`${server.url}/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: invoice.number }).waitFor();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Send invoice ${invoice.number}` });
    await dialog.waitFor();
    const to = dialog.getByLabel('To');
    await expect.poll(() => to.inputValue()).toBe('ap@globex.example');
    expect(await dialog.getByLabel('Subject').inputValue()).toBe(`Invoice ${invoice.number} from Acme Design`);
    const message = dialog.getByLabel('Message');
    expect(await message.inputValue()).toContain('Hello Globex Corporation,');
    expect(await message.inputValue()).toContain('{link}');
    await dialog.getByText('Replies go to accounts@acme.example.').waitFor();
    // The dialog as the user sees it (a full-page shot would cut the modal's backdrop).
    await page.screenshot({ path: path.join(SCREENSHOTS, 'email-send-dialog.png') });

    // A bad address is named at its field by the server; nothing is sent.
    await to.fill('not an address');
    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    await dialog.getByText('must be an e-mail address').waitFor();
    expect(await to.getAttribute('aria-invalid')).toBe('true');

    await to.fill('ap@globex.example');
    await message.fill(`${await message.inputValue()}\n\nThank you for your business!`);
    await dialog.getByRole('button', { name: 'Send invoice' }).click();
    // Queued, not yet sent: the page says "Sent to" only once the mail server accepted it.
    await page.getByText('The invoice goes to ap@globex.example in a moment.').waitFor();
    await page.getByLabel('Sending').getByText('ap@globex.example').waitFor();
    await page.getByLabel('Sending').getByText('sent', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Sending').getByText(/^Sent to ap@globex\.example on /).waitFor();
    await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'email-invoice-sent');
    // (The sales user's invitation may have gone to their own address too.)
    const toGlobex = smtp.received.filter((r) => r.rcptTo.includes('ap@globex.example'));
    expect(toGlobex).toHaveLength(1);
    expect(toGlobex[0]!.mail.text).toContain('Thank you for your business!');
    expect(toGlobex[0]!.mail.text).toMatch(/https:\/\/billing\.example\.com\/p\/[A-Za-z0-9_-]{43}/);
    expect(toGlobex[0]!.mail.attachments[0]!.contentType).toBe('application/pdf');
    // The e-mail carries the invoice's live link, and the invoice page shows that same address.
    const card = page.getByRole('region', { name: 'Customer link' });
    const mailed = /https:\/\/billing\.example\.com(\/p\/[A-Za-z0-9_-]{43})/.exec(toGlobex[0]!.mail.text ?? '')![1]!;
    await card.getByLabel('Customer link URL').waitFor();
    expect(await card.getByLabel('Customer link URL').inputValue()).toBe(`https://billing.example.com${mailed}`);
    expect((await fetch(server.url + mailed)).status).toBe(200);

    await page.getByRole('link', { name: 'Emails', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Emails' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`ap@globex\\.example.*${invoice.number}`) });
    await row.getByText('sent', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Invoice ${invoice.number} from Acme Design` }).click();
    await page.getByRole('dialog', { name: 'E-mail' }).getByText('Thank you for your business!').waitFor();
    await page.getByRole('dialog', { name: 'E-mail' }).getByRole('button', { name: 'Close' }).click();
    expect(unexpectedErrors()).toEqual([]);
  });

  it('shows a refused message with its attempts and error, and retries it from the Emails page', async () => {
    await signIn(owner);
    const customer = await createCustomer(owner, { name: 'Initech', email: 'billing@initech.example' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    smtp.refuse = { code: 451, message: '4.7.1 Greylisted, please try again later' };
    // Refused on every attempt until the last: the message fails and waits for a person.
    const sent = await owner.post(`/api/v1/invoices/${invoice.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    const [message] = (await owner.get(`/api/v1/emails?invoice_id=${invoice.id}`)).body.data;
    await expect.poll(async () => (await owner.get(`/api/v1/emails/${message.id}`)).body.attempts, { timeout: 10_000 }).toBe(1);
    for (let attempt = 2; attempt <= 10; attempt++) {
      server.clock.advance(60 * 60 * 1000);
      await server.app.jobs.runDueJobs();
      await expect.poll(async () => (await owner.get(`/api/v1/emails/${message.id}`)).body.attempts, { timeout: 10_000 }).toBe(attempt);
    }
    expect((await owner.get(`/api/v1/emails/${message.id}`)).body.status).toBe('failed');

    const { page } = browser;
    await page.goto(`${server.url}/emails`);
    const row = page.getByRole('row', { name: /billing@initech\.example/ });
    await row.getByText('failed', { exact: true }).waitFor();
    await row.getByText('Greylisted').waitFor();
    await row.getByRole('cell', { name: '10', exact: true }).waitFor();
    await screenshot(page, 'email-outbox');

    smtp.refuse = null;
    await row.getByRole('button', { name: 'Retry the message to billing@initech.example' }).click();
    await page.getByText('Queued again for billing@initech.example').waitFor();
    await row.getByText('sent', { exact: true }).waitFor({ timeout: 15_000 });
    expect(smtp.received.filter((r) => r.rcptTo.includes('billing@initech.example'))).toHaveLength(1);

    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Failed' }).click();
    await page.getByText('No messages match').waitFor();
    expect(unexpectedErrors()).toEqual([]);
  });

  it('edits the e-mail template in Settings with placeholder help and a live sample', async () => {
    await signIn(owner);
    const { page } = browser;
    await page.goto(`${server.url}/settings/email`);
    const subject = page.getByLabel('Subject');
    await subject.waitFor();
    expect(await subject.inputValue()).toBe('Invoice {invoice_number} from {organization_name}');
    await subject.fill('Your invoice {invoice_numbr}');
    await page.getByText('unknown placeholder {invoice_numbr}').waitFor();
    await subject.fill('Your invoice ');
    await page.getByRole('button', { name: '{invoice_number}' }).click();
    await expect.poll(() => subject.inputValue()).toBe('Your invoice {invoice_number}');
    // The sample is the organization's latest invoice, with its own name (never "Your company").
    const latest = (await owner.get('/api/v1/invoices?status=open,partially_paid,paid&limit=1')).body.data[0];
    await page.getByLabel('Sample').getByText(`Your invoice ${latest?.number ?? 'INV-2026-00042'}`).waitFor();
    expect(await page.getByLabel('Sample').getByText('Your company').count()).toBe(0);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('E-mail template saved').waitFor();
    expect((await owner.get('/api/v1/organization/email-template')).body).toMatchObject({ subject: 'Your invoice {invoice_number}', body: null });
    await page.getByText('Partly your own').waitFor();
    await page.getByText('The subject is your own, for every customer').waitFor();
    await screenshot(page, 'email-template-settings');

    await page.getByRole('button', { name: 'Restore built-in texts' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await page.getByText('Built-in texts restored').waitFor();
    expect((await owner.get('/api/v1/organization/email-template')).body).toMatchObject({ subject: null, body: null });
    expect(unexpectedErrors()).toEqual([]);
  });
  it('without a mail server, keeps the message in the outbox and says so', async () => {
    const plain = await startTestServer('sqlite');
    try {
      const admin = await setupOwner(plain.url, { name: 'No Mail Ltd' });
      const invoice = await finalizedInvoice(admin, { customer: { name: 'Hooli', email: 'ap@hooli.example' } });
      browser.consoleErrors.length = 0;
      await browser.context.clearCookies();
      await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(admin), url: plain.url }]);
      const { page } = browser;
      await page.goto(`${plain.url}/invoices/${invoice.id}`);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Send invoice ${invoice.number}` });
      await dialog.getByText('No mail server configured').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'email-send-dialog-outbox.png') });
      await dialog.getByRole('button', { name: 'Save to outbox' }).click();
      await page.getByText('Kept in the outbox').waitFor();
      await page.getByLabel('Sending').getByText('in outbox').waitFor();
      await page.getByLabel('Sending').getByText(/^Waiting in the outbox \(no mail server\)/).waitFor();
      expect(await page.getByLabel('Sending').getByText(/Sent to/).count()).toBe(0);
      await page.getByRole('link', { name: 'Open in Emails to retry' }).click();
      await page.getByText('Messages in the outbox were not delivered').waitFor();
      const row = page.getByRole('row', { name: /ap@hooli\.example/ });
      await row.getByText('in outbox').waitFor();
      await row.getByRole('button', { name: 'Retry the message to ap@hooli.example' }).click();
      await page.getByText('No mail server is configured (SMTP_URL)').waitFor();
      expect(unexpectedErrors().filter((text) => !/status of 409\b/.test(text))).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
