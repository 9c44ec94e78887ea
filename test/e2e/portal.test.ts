/**
 * The customer portal in a real browser: staff create the portal link on the customer page
 * (its address shown once), the customer opens it in a fresh browser with no session at
 * phone width (375 px) — every invoice listed, nothing scrolls sideways — and on a desktop;
 * an invoice opened from the portal carries the EPC QR code and is then "Viewed" in the app.
 * With Stripe connected (the local Stripe-compatible server), the customer presses Pay on an
 * invoice at phone width, pays on the (local) hosted checkout, comes back to the portal's
 * invoice view, and the invoice shows paid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';

const KEY = 'sk_test_e2ePortalPay0000000000000001';
const WEBHOOK_SECRET = 'whsec_e2ePortalPaySigningSecret00001';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('customer portal in the browser', () => {
  let server: TestServer;
  let staff: BrowserSession;
  let owner: Client;
  let customer: { id: string };
  const invoices: { id: string; number: string }[] = [];
  let portalUrl = '';
  let stripe: StripeServer;
  let dataDir: string;

  beforeAll(async () => {
    stripe = await startStripeServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-e2e-portal-'));
    server = await startTestServer('sqlite', { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir } });
    owner = await setupOwner(server.url, { name: 'Northwind Studio' });
    const orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    stripe.addKey(KEY, { accountId: 'acct_e2eportal', webhookUrl: `${server.url}/api/v1/gateways/stripe/webhook/${orgId}`, webhookSecret: WEBHOOK_SECRET });
    const connected = await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: KEY, webhook_secret: WEBHOOK_SECRET });
    expect(connected.status, connected.text).toBe(200);
    const bank = await owner.patch('/api/v1/organization', { bank_details: { account_holder: 'Northwind Studio GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } });
    expect(bank.status, bank.text).toBe(200);
    customer = await createCustomer(owner, { name: 'Contoso Internationale Handelsgesellschaft mbH & Co. KG', language: 'en' });
    for (const [description, price] of [['Brand workshop', '450.00'], ['Logo design and a very long description of the work', '1800.00'], ['Hosting', '19.99'], ['Retainer', '1200.00'], ['Consulting', '99999.00']] as const) {
      invoices.push(await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description, quantity: '1', unit_price: price }] }));
    }
    const paid = await owner.post('/api/v1/payments', { invoice_id: invoices[0]!.id, amount: '450.00', date: '2026-11-20', method: 'bank_transfer', reference: 'SEPA-2026-11' });
    expect(paid.status, paid.text).toBe(201);
    const credit = await owner.post(`/api/v1/invoices/${invoices[2]!.id}/credit-notes`, { amount: '5.00', reason: 'Discount' });
    expect(credit.status, credit.text).toBe(201);
    staff = await openBrowser();
    await staff.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
  });
  afterAll(async () => {
    await staff?.close();
    await server?.close();
    await stripe?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the portal link on the customer page and shows its address once', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/customers/${customer.id}`);
    const card = page.getByRole('region', { name: 'Portal link' });
    await card.getByText('No portal link yet.').waitFor();
    await card.getByRole('button', { name: 'Create portal link' }).click();
    const input = card.getByLabel('Portal link URL');
    await input.waitFor();
    portalUrl = await input.inputValue();
    expect(portalUrl).toMatch(/\/portal\/[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'customer-portal-link');
    await page.reload();
    await page.getByTestId('portal-link-live').waitFor();
    expect(await page.getByLabel('Portal link URL').count()).toBe(0);
  });

  it('lists every invoice at phone width without sideways scrolling', async () => {
    const phone = await openBrowser({ width: 375, height: 800 });
    try {
      await phone.page.goto(portalUrl);
      await phone.page.getByRole('heading', { name: 'Invoices' }).waitFor();
      const listed = await phone.page.locator('li.invoice').count();
      expect(listed).toBe(invoices.length);
      for (const invoice of invoices) expect(await phone.page.getByText(invoice.number, { exact: true }).count()).toBeGreaterThan(0);
      const widths = await phone.page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      expect(await phone.context.cookies()).toEqual([]);
      await screenshot(phone.page, 'portal-phone');

      await phone.page.locator('li.invoice', { hasText: invoices[4]!.number }).getByRole('link', { name: 'View' }).click();
      await phone.page.locator('figure.qr img').waitFor();
      const invoiceWidths = await phone.page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
      expect(invoiceWidths.scroll).toBeLessThanOrEqual(invoiceWidths.inner);
      await screenshot(phone.page, 'portal-phone-invoice');
      expect(phone.consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('reads well on a desktop, and the app shows the invoice as viewed', async () => {
    const desktop = await openBrowser({ width: 1280, height: 900 });
    try {
      await desktop.page.goto(portalUrl);
      await desktop.page.getByRole('heading', { name: 'Payments' }).waitFor();
      expect(await desktop.page.locator('li.invoice').count()).toBe(invoices.length);
      await screenshot(desktop.page, 'portal-desktop');
    } finally {
      await desktop.close();
    }
    await staff.page.goto(`${server.url}/invoices/${invoices[4]!.id}`);
    await staff.page.getByTestId('invoice-viewed').waitFor();
    await staff.page.getByRole('link', { name: /Download the receipt/ }).count();
  });

  it('pays an invoice from the portal at phone width: Pay → local checkout → back, the invoice shows paid', async () => {
    const invoice = invoices[3]!;
    const phone = await openBrowser({ width: 375, height: 800 });
    phone.page.setDefaultTimeout(15_000);
    // Errors on Settle's pages (a CSP violation on the form POST would show here); the local checkout's own (its favicon's 401) are not ours.
    const ours: string[] = [];
    phone.page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.startsWith(stripe.url)) ours.push(`${message.location().url}: ${message.text()}`);
    });
    try {
      await phone.page.goto(portalUrl);
      await phone.page.getByRole('heading', { name: 'Payment methods' }).waitFor();
      const widths = await phone.page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      const row = phone.page.locator('li.invoice', { hasText: invoice.number });
      await row.getByRole('button', { name: 'Pay' }).click();
      await phone.page.waitForURL(`${stripe.url}/checkout/**`);
      await phone.page.getByRole('button', { name: 'Pay' }).click();
      await phone.page.waitForURL((url) => url.href.startsWith(`${portalUrl}/invoices/${invoice.id}`) && url.searchParams.get('payment') === 'success');
      await stripe.idle();
      // The webhook may land a moment after the redirect: "being confirmed", then paid on reload.
      await expect
        .poll(
          async () => {
            await phone.page.reload();
            return phone.page.getByText('your payment was received and this invoice is paid').count();
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      expect(await phone.page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
      await screenshot(phone.page, 'portal-phone-invoice-paid');

      await phone.page.goto(portalUrl);
      const paidRow = phone.page.locator('li.invoice', { hasText: invoice.number });
      await paidRow.locator('.badge.paid').waitFor();
      expect(await paidRow.getByRole('button', { name: 'Pay' }).count()).toBe(0);
      expect(await phone.context.cookies()).toEqual([]);
      expect(ours).toEqual([]);
      const paid = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
      expect(paid).toMatchObject({ status: 'paid', amount_due: '0.00' });
      expect((await owner.get(`/api/v1/payments?invoice_id=${invoice.id}`)).body.data).toHaveLength(1);

      // Save a card on the hosted setup page, see it listed, then the removal's confirmation page.
      await phone.page.getByRole('button', { name: 'Save a card' }).click();
      await phone.page.waitForURL(`${stripe.url}/checkout/**`);
      await phone.page.getByRole('button', { name: 'Pay' }).click();
      await phone.page.waitForURL((url) => url.href.startsWith(portalUrl) && url.searchParams.get('methods') === 'saved');
      await stripe.idle();
      await expect
        .poll(
          async () => {
            await phone.page.reload();
            return phone.page.locator('li.method').count();
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      await phone.page.getByText('Visa •••• 4242').waitFor();
      const phoneWidths = await phone.page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })');
      expect(phoneWidths.scroll).toBeLessThanOrEqual(phoneWidths.inner);
      await screenshot(phone.page, 'portal-phone-payment-methods');
      await phone.page.locator('li.method').getByRole('link', { name: 'Remove' }).click();
      await phone.page.getByRole('heading', { name: 'Remove this payment method?' }).waitFor();
      await screenshot(phone.page, 'portal-phone-remove-method');
      await phone.page.getByRole('button', { name: 'Yes, remove it' }).click();
      await phone.page.getByText('The payment method was removed.').waitFor();
      expect(await phone.page.locator('li.method').count()).toBe(0);
      expect(ours).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
