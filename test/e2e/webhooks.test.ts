/**
 * Webhooks and events in a real browser: the owner adds an endpoint pointing at a receiver
 * this test runs, sees its signing secret once, sends a test event and watches the delivery
 * arrive (the server's job worker sends it, signed with that secret); disables and enables
 * it. A customer created through the API shows on the Events page and reaches the receiver.
 * Both pages fit a phone.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Signs the browser in as `client` by copying its session cookie. */
/** The Standard Webhooks signature of a request, computed here from the secret the page showed. */
function expectedSignature(secret: string, request: Received): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(request.headers['webhook-id'])}.${String(request.headers['webhook-timestamp'])}.${request.body}`;
  return `v1,${crypto.createHmac('sha256', key).update(signed).digest('base64')}`;
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!chromiumAvailable)('webhooks and events in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let endpointPath = '';

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // The receiver is plain http on this machine: allowed only with these two settings.
    server = await startTestServer('sqlite', { env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', JOB_POLL_MS: '200' } });
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    browser = await openBrowser({ width: 1440, height: 900 });
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('adds an endpoint, shows its secret once, sends a test event and shows it delivered', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings`);
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.waitForURL('**/settings/webhooks');
    await page.getByRole('heading', { name: 'No webhook endpoints yet' }).waitFor();
    await screenshot(page, 'settings-webhooks-empty');

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await form.waitFor();
    // Nothing picked yet: the form says so at the field.
    await form.getByLabel('Endpoint URL').fill(`${receiverUrl}/settle`);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Pick at least one event, or all events').waitFor();
    await form.getByLabel('Description').fill('Accounting sync');
    await form.getByRole('checkbox', { name: 'Invoices', exact: true }).check();
    await form.getByRole('checkbox', { name: /^Customer created/ }).check();
    await form.getByRole('checkbox', { name: /^Payment recorded/ }).check();
    await screenshot(page, 'settings-webhooks-add');
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const dialog = page.getByRole('dialog', { name: 'Endpoint added: its signing secret' });
    await dialog.waitFor();
    await dialog.getByText('you won’t see it again').waitFor();
    const secret = (await dialog.getByLabel('Signing secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForURL(/\/settings\/webhooks\/[^/]+$/);
    endpointPath = new URL(page.url()).pathname;
    const endpointId = endpointPath.split('/').pop() ?? '';
    expect(await page.getByText(secret).count()).toBe(0);
    const stored = await owner.get(`/api/v1/webhook-endpoints/${endpointId}`);
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body).toMatchObject({ url: `${receiverUrl}/settle`, description: 'Accounting sync', enabled: true });
    expect(stored.body.secret).toBeUndefined();
    expect(stored.body.events).toContain('invoice.finalized');
    expect(stored.body.events).toContain('customer.created');

    await page.getByRole('heading', { name: 'Nothing sent yet' }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    // The job worker sends it; the table watches until it is no longer pending.
    await deliveries.getByText('delivered', { exact: true }).waitFor({ timeout: 20_000 });
    await deliveries.getByText('Test event').waitFor();
    await deliveries.getByRole('cell', { name: '200', exact: true }).waitFor();

    const ping = await until(() => received.find((r) => r.body.includes('"ping"')), 'the test event at the receiver');
    expect(ping.headers['webhook-id']).toMatch(/^evt_/);
    expect(ping.headers['webhook-timestamp']).toMatch(/^\d+$/);
    expect(String(ping.headers['webhook-signature']).split(' ')).toContain(expectedSignature(secret, ping));
    expect(JSON.parse(ping.body)).toMatchObject({ id: ping.headers['webhook-id'], type: 'ping' });

    await deliveries.getByRole('button', { name: /^Show attempts of ping/ }).click();
    await deliveries.getByText('Attempt 1').waitFor();
    await deliveries.getByText(String(ping.headers['webhook-id'])).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'settings-webhooks-endpoint');

    // Disabling asks first, then shows why nothing is sent; enabling brings it back.
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('dialog', { name: 'Disable this endpoint?' }).getByRole('button', { name: 'Disable endpoint' }).click();
    await page.getByText('No events are sent to it until it is enabled again.').waitFor();
    expect((await owner.get(`/api/v1/webhook-endpoints/${endpointId}`)).body.enabled).toBe(false);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('dialog', { name: 'Enable this endpoint?' }).getByRole('button', { name: 'Enable endpoint' }).click();
    await page.getByText('No events are sent to it until it is enabled again.').waitFor({ state: 'hidden' });
    expect((await owner.get(`/api/v1/webhook-endpoints/${endpointId}`)).body.enabled).toBe(true);

    await page.getByRole('link', { name: '← All webhook endpoints' }).click();
    await page.getByRole('article', { name: `${receiverUrl}/settle` }).getByText('Accounting sync').waitFor();
    await screenshot(page, 'settings-webhooks');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('lists a customer created through the API on the Events page, and sends it to the endpoint', async () => {
    const { page } = browser;
    const customer = await createCustomer(owner, { name: 'Nordwind Handel GmbH', email: 'billing@nordwind.example' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '40.00', date: '2026-11-23', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);

    await page.goto(`${server.url}/settings/events`);
    const events = page.getByRole('table', { name: 'Events' });
    const created = events.getByRole('row', { name: /Customer created/ }).filter({ hasText: 'Nordwind Handel GmbH' });
    await created.waitFor();
    await created.getByText('customer.created', { exact: true }).waitFor();
    expect(await created.getByRole('link', { name: 'Nordwind Handel GmbH' }).getAttribute('href')).toBe(`/customers/${customer.id}`);
    // What each event is about, in words, linked where the app has a page for it.
    const finalized = events.getByRole('row', { name: /Invoice finalized/ });
    expect(await finalized.getByRole('link', { name: `Invoice ${invoice.number}` }).getAttribute('href')).toBe(`/invoices/${invoice.id}`);
    await events.getByRole('row', { name: /Payment recorded/ }).getByText(/^Payment of .*40\.00/).waitFor();
    await screenshot(page, 'settings-events');

    // Filtered by type (found by its code), kept in the address.
    const type = page.getByLabel('Event type', { exact: true }).first();
    await type.click();
    await type.fill('customer.cr');
    await page.getByRole('option', { name: /^Customer created/ }).click();
    await page.waitForURL('**/settings/events?type=customer.created');
    await events.getByRole('row', { name: /Invoice finalized/ }).waitFor({ state: 'detached' });
    await created.getByRole('button', { name: /^Show the data of customer\.created/ }).click();
    await events.getByText('"billing@nordwind.example"').waitFor();
    await screenshot(page, 'settings-events-data');

    const sent = await until(() => received.find((r) => JSON.parse(r.body).type === 'customer.created'), 'customer.created at the receiver');
    expect(JSON.parse(sent.body).data.object).toMatchObject({ id: customer.id, name: 'Nordwind Handel GmbH' });
    expect(browser.consoleErrors).toEqual([]);
  });

  it('fits a phone: deliveries and events fold their secondary columns, the page does not scroll sideways', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      phone.page.setDefaultTimeout(10_000);
      await signIn(phone, owner, server.url);
      await phone.page.goto(`${server.url}/settings/webhooks`);
      await phone.page.getByRole('article', { name: `${receiverUrl}/settle` }).waitFor();
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'settings-webhooks-phone');

      await phone.page.goto(`${server.url}${endpointPath}`);
      const deliveries = phone.page.getByRole('table', { name: 'Deliveries' });
      await deliveries.getByText('delivered', { exact: true }).first().waitFor();
      await deliveries.getByRole('button', { name: /^Show attempts of ping/ }).click();
      await deliveries.getByText('Attempt 1').waitFor();
      // The columns left out on a phone show in the opened row.
      await deliveries.getByText('HTTP status').waitFor();
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await phone.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(phone.page, 'settings-webhooks-endpoint-phone');

      await phone.page.goto(`${server.url}/settings/events`);
      await phone.page.getByRole('table', { name: 'Events' }).getByText('Nordwind Handel GmbH').first().waitFor();
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await phone.page.evaluate('window.scrollTo(0, 0)');
      await screenshot(phone.page, 'settings-events-phone');
      expect(phone.consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
