/**
 * Invoice documents in a real browser: the preview on the invoice page with its Open PDF
 * button and Download menu (the download is a real PDF with the invoice's name), and a credit
 * note's PDF link on the credit notes page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('invoice documents in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let invoice: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    const vat19 = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    const customer = await createCustomer(owner, { name: 'Globex Corporation', address: { line1: '1 Main Street', city: 'Springfield', country: 'US' } });
    invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [
        { description: 'Design work', quantity: '12', unit: 'hour', unit_price: '95.00', tax_rate_id: vat19.id },
        { description: 'Printing', quantity: '500', unit: 'piece', unit_price: '0.45', tax_rate_id: vat19.id, discount: '5%' },
      ],
      notes: 'Thank you for your business.',
    });
    browser = await openBrowser();
    const value = owner.cookie?.split('=')[1] ?? '';
    await browser.context.addCookies([{ name: 'settle_session', value, url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the document with Open PDF and the Download menu, and downloads the PDF', async () => {
    const { page } = browser;
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/invoices/${invoice.id}`);
    const frame = page.frameLocator('iframe[title="Invoice document"]');
    await frame.getByText('Globex Corporation').first().waitFor();
    await expect(frame.getByRole('heading', { name: 'Invoice' }).count()).resolves.toBe(1);

    const open = page.getByRole('link', { name: `Open invoice ${invoice.number} as PDF` });
    expect(await open.getAttribute('href')).toBe(`/api/v1/invoices/${invoice.id}/pdf`);
    expect(await open.getAttribute('target')).toBe('_blank');

    // An issued invoice downloads its PDF (and its e-invoices) from the Download menu.
    await page.getByRole('button', { name: `Download invoice ${invoice.number}` }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menu').getByRole('menuitem', { name: 'PDF', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`Invoice-${invoice.number}.pdf`);
    const file = await download.path();
    const bytes = (await import('node:fs')).readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'invoice-document');
    expect(missing).toEqual([]);
    expect(browser.consoleErrors, browser.consoleErrors.join('\n')).toEqual([]);
  });

  it('links each credit note to its PDF', async () => {
    const note = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '10.00', reason: 'Goodwill' });
    expect(note.status, note.text).toBe(201);
    const { page } = browser;
    await page.goto(`${server.url}/credit-notes`);
    const link = page.getByRole('link', { name: `Credit note ${note.body.number} as PDF` });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/api/v1/credit-notes/${note.body.id}/pdf`);
    const response = await page.request.get(`${server.url}/api/v1/credit-notes/${note.body.id}/pdf`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await screenshot(page, 'credit-notes');
  });
});
