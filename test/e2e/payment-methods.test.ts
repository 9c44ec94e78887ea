/**
 * The customer page's "Payment methods" card in a real browser, against the local
 * Stripe-compatible server: the saved card with brand, last 4 and expiry; "Get a link to
 * save a card" shows the hosted setup link; removing asks for a confirmation first; a phone
 * width without sideways scrolling.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';

describe.skipIf(!chromiumAvailable)('saved payment methods in the browser', () => {
  let stripe: StripeServer;
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let dataDir: string;
  let customer: any;
  const key = `sk_test_${crypto.randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${crypto.randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    stripe = await startStripeServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-pm-e2e-'));
    server = await startTestServer('sqlite', { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir } });
    owner = await setupOwner(server.url);
    const orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    stripe.addKey(key, { webhookUrl: `${server.url}/api/v1/gateways/stripe/webhook/${orgId}`, webhookSecret });
    expect((await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: key, webhook_secret: webhookSecret })).status).toBe(200);
    customer = await createCustomer(owner, { name: 'Card Holder GmbH', email: 'cards@holder.example' });
    const link = await owner.post(`/api/v1/customers/${customer.id}/payment-methods/setup-link`, {});
    await stripe.pay((link.body.url as string).split('/checkout/')[1]!);
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stripe?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the saved card, shows a setup link, and removes a card only after a confirmation', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers/${customer.id}`);
    const card = page.getByRole('region', { name: 'Payment methods' });
    await expect.poll(() => card.getByText('Visa •••• 4242').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => card.getByText('Default').count(), { timeout: 10_000 }).toBe(1);
    await card.getByRole('button', { name: 'Get a link to save a card' }).click();
    await expect.poll(() => card.getByText(`${stripe.url}/checkout/`).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'customer-payment-methods');

    await card.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this payment method?' });
    await expect.poll(() => dialog.getByText('detached at Stripe').count(), { timeout: 10_000 }).toBe(1);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => card.getByText('No saved card or SEPA mandate').count(), { timeout: 10_000 }).toBe(1);
    expect((await owner.get(`/api/v1/customers/${customer.id}/payment-methods`)).body.data).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('region', { name: 'Payment methods' }).getByRole('button', { name: 'Get a link to save a card' }).click();
    await expect.poll(() => page.getByText(`${stripe.url}/checkout/`).count(), { timeout: 10_000 }).toBe(1);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'customer-payment-methods-phone');
  });
});
