/**
 * Getting paid online, in a real browser, against the local Stripe-compatible server
 * (test/support/stripe-server.ts; no network): the owner connects Stripe in Settings →
 * Payments, the customer opens the invoice's page, presses Pay now, pays on the (local)
 * hosted checkout and comes back; the signed webhook records the payment and the owner sees
 * the invoice paid, online via Stripe, in the app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';
import type { Client } from '../support/http.ts';

const KEY = 'sk_test_e2ePayNow000000000000000001';
const WEBHOOK_SECRET = 'whsec_e2ePayNowSigningSecret0000001';

describe.skipIf(!chromiumAvailable)('Pay now in the browser', () => {
  let stripe: StripeServer;
  let server: TestServer;
  let dataDir: string;
  let owner: Client;
  let staff: BrowserSession;
  let customerBrowser: BrowserSession;
  let invoice: any;

  beforeAll(async () => {
    stripe = await startStripeServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-paynow-'));
    server = await startTestServer('sqlite', { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir } });
    owner = await setupOwner(server.url);
    const orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    stripe.addKey(KEY, { accountId: 'acct_e2epaynow', webhookUrl: `${server.url}/api/v1/gateways/stripe/webhook/${orgId}`, webhookSecret: WEBHOOK_SECRET });
    const customer = await createCustomer(owner, { name: 'Online Payer Ltd', email: 'payer@example.com' });
    invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Consulting', quantity: '3', unit_price: '45.50' }] });
    staff = await openBrowser();
    staff.page.setDefaultTimeout(15_000);
    await signIn(staff, owner, server.url);
    customerBrowser = await openBrowser({ width: 375, height: 780 });
    customerBrowser.page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await customerBrowser?.close();
    await staff?.close();
    await server?.close();
    await stripe?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects Stripe in Settings → Payments and shows test mode', async () => {
    const { page } = staff;
    await page.goto(`${server.url}/settings/payments`);
    await page.getByText('Online payments with Stripe').waitFor();
    await page.getByLabel('Webhook URL').waitFor();
    await page.getByLabel('Secret key').fill(KEY);
    await page.getByLabel('Webhook signing secret').fill(WEBHOOK_SECRET);
    await page.getByRole('button', { name: /^Connect/ }).click();
    await page.getByText('Test mode').first().waitFor();
    await page.getByText('acct_e2epaynow').waitFor();
    await screenshot(page, 'settings-payments-connected');
    const connection = (await owner.get('/api/v1/payment-gateways/stripe')).body;
    expect(connection).toMatchObject({ connected: true, mode: 'test', account_id: 'acct_e2epaynow' });
    expect(connection.secret_key).not.toContain('e2ePayNow000000000000000001');
  });

  it('the customer presses Pay now, pays on the hosted checkout, and the invoice is paid in the app', async () => {
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/link`, {});
    expect(link.status).toBe(201);
    const { page } = customerBrowser;
    await page.goto(link.body.url);
    await page.getByText(invoice.number).first().waitFor();
    await screenshot(page, 'customer-page-pay-now');
    // Phone width: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(`${stripe.url}/checkout/**`);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL((url) => url.href.startsWith(link.body.url) && url.searchParams.get('payment') === 'success');
    await stripe.idle();
    // The webhook may land a moment after the redirect: the page says so, then paid on reload.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByText('your payment was received and this invoice is paid').count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    await screenshot(page, 'customer-page-paid');

    const paid = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(paid).toMatchObject({ status: 'paid', amount_due: '0.00', amount_paid: '136.50' });
    const payments = (await owner.get(`/api/v1/payments?invoice_id=${invoice.id}`)).body.data;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: '136.50', gateway: 'stripe', method: 'card' });

    const staffPage = staff.page;
    await staffPage.goto(`${server.url}/invoices/${invoice.id}`);
    const history = staffPage.getByLabel('Invoice history');
    await history.getByText(/Paid online via Stripe/).first().waitFor();
    await screenshot(staffPage, 'invoice-paid-online');
  });
});
