/**
 * Getting paid in a real browser: one payment over several invoices from the customer page
 * (pre-filled oldest due first, the remaining credit shown), the invoice's history timeline,
 * (Settings → Payments against the real gateway API: test/e2e/pay-now.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('getting paid in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let customer: any;
  const invoices: any[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    customer = await createCustomer(owner, { name: 'Multi Pay GmbH' });
    for (const [price, due] of [['50.00', '2027-01-20'], ['33.33', '2027-01-10'], ['33.33', '2027-01-01']] as const) {
      invoices.push(await finalizedInvoice(owner, { customerId: customer.id, due_date: due, lines: [{ description: 'Work', quantity: '1', unit_price: price }] }));
    }
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('receives one payment over three invoices, oldest due first, the rest as credit', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Receive payment' }).click();
    const dialog = page.getByRole('dialog', { name: /Receive payment/ });
    await dialog.getByRole('table', { name: 'Open invoices' }).waitFor();
    await dialog.getByLabel(/Amount received/).fill('120.00');
    const [newest, middle, oldest] = invoices;
    expect(await dialog.getByLabel(`Apply to ${oldest.number}`).inputValue()).toBe('33.33');
    expect(await dialog.getByLabel(`Apply to ${middle.number}`).inputValue()).toBe('33.33');
    expect(await dialog.getByLabel(`Apply to ${newest.number}`).inputValue()).toBe('50.00');
    await dialog.getByTestId('remaining-credit').getByText(/3\.34/).waitFor();
    // Edited by hand: less on the newest, more credit.
    await dialog.getByLabel(`Apply to ${newest.number}`).fill('40.00');
    await dialog.getByTestId('remaining-credit').getByText(/13\.34/).waitFor();
    await screenshot(page, 'receive-payment-dialog');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = (await owner.get(`/api/v1/invoices/${newest.id}`)).body;
    expect(after).toMatchObject({ amount_paid: '40.00', status: 'partially_paid' });
    const credit = (await owner.get(`/api/v1/customers/${customer.id}`)).body.balances[0];
    expect(credit).toMatchObject({ currency: 'EUR', credit: '13.34', outstanding: '10.00' });
  });

  it("shows the invoice's history as a timeline", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/invoices/${invoices[0].id}`);
    const timeline = page.getByLabel('Invoice history');
    await timeline.getByText('Finalized').waitFor();
    await timeline.getByText('Payment recorded').waitFor();
    await timeline.getByText('Payment: 40.00 EUR').waitFor();
    await screenshot(page, 'invoice-timeline');
  });
});
