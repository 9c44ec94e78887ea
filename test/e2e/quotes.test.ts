/**
 * Quotes in a real browser: create a quote in the editor shared with invoices, finalize it,
 * open its customer page in a browser with no session, accept it there with a name and see
 * it accepted (also in the app); convert it in the app and land on the invoice with the
 * quote's total. The list, detail and customer page fit a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

async function pick(page: Page, label: string, typed: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: false }).first();
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe.skipIf(!chromiumAvailable)('quotes in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let visitor: BrowserSession;
  let owner: Client;
  let quoteId = '';
  let publicUrl = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    await createCustomer(owner, { name: 'Globex Corporation', currency: 'EUR', language: 'en' });
    browser = await openBrowser();
    await signIn(browser, owner, server.url);
    visitor = await openBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await visitor?.close();
    await browser?.close();
    await server?.close();
  });

  it('creates and finalizes a quote in the editor shared with invoices', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/quotes`);
    await page.getByRole('link', { name: 'New quote' }).click();
    await page.getByRole('heading', { name: 'New quote' }).waitFor();
    await pick(page, 'Customer', 'Glob', 'Globex Corporation');
    await page.getByLabel('Valid until').first().waitFor();
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Description').fill('Website redesign');
    await line1.getByLabel('Quantity').fill('3');
    await line1.getByLabel('Unit price').fill('400');
    await line1.getByLabel('Discount').fill('10%');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft quote' }).waitFor();
    quoteId = /\/quotes\/([^/]+)$/.exec(page.url())?.[1] ?? '';
    expect(quoteId).toMatch(/^quo_/);
    const saved = (await owner.get(`/api/v1/quotes/${quoteId}`)).body;
    expect(saved).toMatchObject({ status: 'draft', total: '1080.00', currency: 'EUR' });

    await page.getByRole('button', { name: 'Finalize' }).click();
    await page.getByRole('heading', { name: 'Quote QUO-2026-00001' }).waitFor();
    const link = page.getByTestId('quote-public-url');
    await link.waitFor();
    publicUrl = (await link.textContent()) ?? '';
    expect(publicUrl).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'quote-open');
  });

  it('the customer accepts on the public page with a name', async () => {
    const { page } = visitor;
    await page.goto(publicUrl);
    await page.getByRole('heading', { name: 'Quote QUO-2026-00001' }).waitFor();
    await page.getByRole('button', { name: 'Decline' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.getByLabel('Your name').fill('Hank Scorpio');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('status').getByText('Accepted by Hank Scorpio').waitFor();
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await screenshot(page, 'quote-public-accepted');
    const quote = (await owner.get(`/api/v1/quotes/${quoteId}`)).body;
    expect(quote).toMatchObject({ status: 'accepted', accepted_name: 'Hank Scorpio' });
    expect(quote.accepted_ip).not.toBeNull();
  });

  it('shows it accepted in the app and converts it into the invoice', async () => {
    const { page } = browser;
    await page.reload();
    await page.getByText(/Accepted by Hank Scorpio/).waitFor();
    await page.getByRole('button', { name: 'Convert to invoice' }).click();
    await page.waitForURL(/\/invoices\/inv_/);
    const invoiceId = /\/invoices\/([^/]+)$/.exec(page.url())?.[1] ?? '';
    const invoice = (await owner.get(`/api/v1/invoices/${invoiceId}`)).body;
    expect(invoice).toMatchObject({ status: 'draft', total: '1080.00', currency: 'EUR' });
    expect(invoice.lines[0]).toMatchObject({ description: 'Website redesign', quantity: '3', discount: '10%' });
    expect((await owner.get(`/api/v1/quotes/${quoteId}`)).body).toMatchObject({ status: 'invoiced', invoice_id: invoiceId });
  });

  it('duplicates the quote into a draft that opens in the editor', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/quotes/${quoteId}`);
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByRole('heading', { name: 'Edit quote' }).waitFor();
    const line1 = page.getByRole('group', { name: 'Line 1' });
    expect(await line1.getByLabel('Description').inputValue()).toBe('Website redesign');
    await line1.getByLabel('Quantity').fill('4');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft quote' }).waitFor();
    const copyId = /\/quotes\/([^/]+)$/.exec(page.url())?.[1] ?? '';
    expect(copyId).not.toBe(quoteId);
    expect((await owner.get(`/api/v1/quotes/${copyId}`)).body).toMatchObject({ status: 'draft', total: '1440.00' });
  });

  it('the list and the detail fit a 390 px phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await signIn(phone, owner, server.url);
      await phone.page.goto(`${server.url}/quotes`);
      await phone.page.getByTestId('quote-card').first().waitFor();
      await phone.page.getByText('Invoiced').first().waitFor();
      expect(await fitsWidth(phone.page)).toBe(true);
      await phone.page.goto(`${server.url}/quotes/${quoteId}`);
      await phone.page.getByRole('heading', { name: 'Quote QUO-2026-00001' }).waitFor();
      expect(await fitsWidth(phone.page)).toBe(true);
      await screenshot(phone.page, 'quote-phone');
    } finally {
      await phone.close();
    }
  });
});
