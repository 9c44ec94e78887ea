/**
 * Branding and customer links in a real browser: upload a logo in Settings and see it
 * previewed, a bad IBAN named at its field; then create a customer link on a finalized
 * invoice, open it in a fresh browser with no session and see the invoice and amount due;
 * after a reload its address is no longer shown, a new link replaces it; revoke it and
 * the page is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { pngImage } from '../support/images.ts';
import type { Client } from '../support/http.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('branding and customer links in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let invoice: { id: string; number: string };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Northwind Studio' });
    const customer = await createCustomer(owner, { name: 'Contoso Ltd', language: 'en' });
    invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [
        { description: 'Brand workshop', quantity: '2', unit_price: '450.00' },
        { description: 'Logo design', quantity: '1', unit_price: '800.00' },
      ],
    });
    const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '500.00', date: '2026-11-20', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);
    browser = await openBrowser();
    await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('uploads a logo and sees it previewed; a non-image is refused at the field', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/branding`);
    await page.getByText('No logo yet').waitFor();
    await screenshot(page, 'settings-branding-empty');
    const input = page.locator('input[type="file"]');

    await input.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') });
    await page.getByTestId('logo-error').getByText('is not a PNG image').waitFor();

    await input.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: pngImage(240, 80, [26, 127, 90]) });
    await page.getByText('Logo uploaded').waitFor();
    const preview = page.getByTestId('logo-preview');
    await preview.waitFor();
    // The image really loaded from the server (a broken image has no natural width).
    await page.waitForFunction(`(() => {
      const img = document.querySelector('[data-testid="logo-preview"]');
      return img !== null && img.complete && img.naturalWidth === 240;
    })()`);
    expect(await page.getByTestId('logo-error').count()).toBe(0);
    expect((await owner.get('/api/v1/organization')).body.logo_url).not.toBeNull();
  });

  it('saves accent colour, footer and bank details, with a bad IBAN shown at its field', async () => {
    const { page } = browser;
    await page.getByLabel('Accent colour').fill('#1a7f5a');
    await page.getByLabel('Footer').fill('Northwind Studio GmbH · Amtsgericht Hamburg HRB 4711');
    await page.getByLabel('Account holder').fill('Northwind Studio GmbH');
    await page.getByLabel('Bank name').fill('Commerzbank');
    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 01');
    await page.getByLabel('BIC').fill('COBADEFFXXX');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('is not a valid IBAN (its check digits do not match)').waitFor();
    expect(await page.getByLabel('IBAN').getAttribute('aria-invalid')).toBe('true');
    expect((await owner.get('/api/v1/organization')).body.bank_details).toBeNull();

    await page.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Branding saved').waitFor();
    const saved = (await owner.get('/api/v1/organization')).body;
    expect(saved).toMatchObject({ accent_color: '#1a7f5a', bank_details: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' } });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'settings-branding');
  });

  it('creates a customer link that opens without a session and shows the invoice and amount due', async () => {
    const { page } = browser;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(`${server.url}/invoices/${invoice.id}`);
    const card = page.getByRole('region', { name: 'Customer link' });
    await card.getByRole('button', { name: 'Create customer link' }).waitFor();
    await screenshot(page, 'invoice-customer-link-none');
    await card.getByRole('button', { name: 'Create customer link' }).click();
    const urlInput = card.getByLabel('Customer link URL');
    await urlInput.waitFor();
    const url = await urlInput.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/p/[A-Za-z0-9_-]{43}$`));
    await card.getByRole('button', { name: 'Copy' }).click();
    await card.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    expect(await card.getByRole('link', { name: 'Open customer link' }).getAttribute('href')).toBe(url);
    await screenshot(page, 'invoice-customer-link');

    const visitor = await openBrowser({ width: 1100, height: 900 });
    try {
      expect(await visitor.context.cookies()).toEqual([]);
      const response = await visitor.page.goto(url);
      expect(response?.status()).toBe(200);
      await visitor.page.getByText(invoice.number).first().waitFor();
      await visitor.page.getByText('Contoso Ltd').first().waitFor();
      // 2 × 450 + 800 = 1,700.00, less 500.00 paid.
      expect(await visitor.page.locator('.bar').innerText()).toContain('1,200.00');
      const pdfHref = await visitor.page.getByRole('link', { name: /PDF/ }).getAttribute('href');
      expect(pdfHref).toBe(`${new URL(url).pathname}/pdf`);
      expect(await visitor.context.cookies()).toEqual([]);
      expect(visitor.consoleErrors).toEqual([]);
      await screenshot(visitor.page, 'public-invoice');
    } finally {
      await visitor.close();
    }
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(url);
      await phone.page.getByText(invoice.number).first().waitFor();
      // Nothing wider than the screen: the customer never scrolls sideways.
      expect(await phone.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'public-invoice-phone');
    } finally {
      await phone.close();
    }
  });

  it('shows the live address again after a reload, and offers a new link, which replaces it', async () => {
    const { page } = browser;
    const card = page.getByRole('region', { name: 'Customer link' });
    const old = await card.getByLabel('Customer link URL').inputValue();
    await page.reload();
    await card.getByLabel('Customer link URL').waitFor();
    expect(await card.getByLabel('Customer link URL').inputValue()).toBe(old);
    expect(await card.getByTestId('customer-link-live').count()).toBe(0);
    await screenshot(page, 'invoice-customer-link-live');

    await card.getByRole('button', { name: 'Create a new link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the customer link?' });
    await dialog.getByRole('button', { name: 'Create new link' }).click();
    await page.getByText('New customer link created; the old one no longer works').waitFor();
    const urlInput = card.getByLabel('Customer link URL');
    await urlInput.waitFor();
    const url = await urlInput.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/p/[A-Za-z0-9_-]{43}$`));
    expect(url).not.toBe(old);
    expect((await fetch(old)).status).toBe(404);
    expect((await fetch(url)).status).toBe(200);
  });

  it('revokes the link after a confirmation, and the page is gone', async () => {
    const { page } = browser;
    const card = page.getByRole('region', { name: 'Customer link' });
    const url = await card.getByLabel('Customer link URL').inputValue();
    await card.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the customer link?' });
    await dialog.getByRole('button', { name: 'Revoke link' }).click();
    await page.getByText('Customer link revoked').waitFor();
    await card.getByRole('button', { name: 'Create customer link' }).waitFor();
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
  });
});
