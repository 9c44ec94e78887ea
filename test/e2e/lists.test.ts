/**
 * Lists in a real browser: sorting by a column header on the server, a filter kept in the URL
 * across a reload, the CSV export in German (";" and decimal comma), and the German lists on
 * a 390 px phone (cards, no sideways scrolling, no console errors).
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('lists in the browser', () => {
  let server: TestServer;
  let owner: Client;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    const alpha = await createCustomer(owner, { name: 'Alpha Bakery' });
    const beta = await createCustomer(owner, { name: 'Beta Consulting' });
    const line = (price: string) => [{ description: 'Work', quantity: '1', unit_price: price }];
    numbers.mid = (await finalizedInvoice(owner, { customerId: alpha.id, lines: line('500.00') })).number;
    numbers.big = (await finalizedInvoice(owner, { customerId: beta.id, lines: line('1500.00') })).number;
    numbers.small = (await finalizedInvoice(owner, { customerId: alpha.id, lines: line('20.00') })).number;
    const paid = await owner.post('/api/v1/payments', { invoice_id: (await owner.get('/api/v1/invoices?q=Beta')).body.data[0].id, amount: '100.00', date: '2026-11-20', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sorts by clicking a header, keeps a search in the URL across a reload, shows the total', async () => {
    const browser = await openBrowser();
    try {
      await signIn(browser, owner, server.url);
      const { page } = browser;
      await page.goto(`${server.url}/invoices`);
      const table = page.getByRole('table', { name: 'Invoices' });
      await table.getByRole('link', { name: numbers.small }).waitFor();
      await page.getByTestId('list-total').getByText('3 results').waitFor();
      await table.getByRole('button', { name: 'Total' }).click();
      await page.waitForURL(/sort=total/);
      // The header re-renders with the new order before a second click can flip it.
      await table.locator('th[aria-sort="ascending"]').waitFor();
      await expect.poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '').toContain(numbers.small);
      await table.getByRole('button', { name: /Total/ }).click();
      await page.waitForURL(/sort=-total/);
      await expect.poll(async () => (await table.locator('tbody tr').first().textContent()) ?? '').toContain(numbers.big);

      await page.getByLabel('Search', { exact: true }).fill('Alpha');
      await page.waitForURL(/q=Alpha/);
      await page.getByTestId('list-total').getByText('2 results').waitFor();
      await page.reload();
      await expect.poll(() => page.getByLabel('Search', { exact: true }).inputValue()).toBe('Alpha');
      await page.getByTestId('list-total').getByText('2 results').waitFor();
      expect(await table.getByRole('link', { name: numbers.big }).count()).toBe(0);
      expect(page.url()).toContain('sort=-total');
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('exports the list as CSV in German with ";" and decimal commas', async () => {
    const browser = await openBrowser({ locale: 'de-DE' });
    try {
      await signIn(browser, owner, server.url);
      const { page } = browser;
      await page.goto(`${server.url}/invoices?sort=total`);
      await page.getByRole('table', { name: 'Rechnungen' }).getByRole('link', { name: numbers.small }).waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV exportieren' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^rechnungen-.*\.csv$/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'settle-csv-')), 'list.csv');
      await download.saveAs(file);
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const lines = text.trimEnd().split('\r\n');
      expect(lines[0]?.startsWith('Nummer;Status;Kunde;')).toBe(true);
      expect(lines).toHaveLength(4);
      expect(lines[3]).toContain(';Teilweise bezahlt;Beta Consulting;');
      expect(lines[3]).toContain(';1500,00;');
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows German lists on a 390 px phone as cards, without sideways scrolling', async () => {
    const browser = await openBrowser({ width: 390, height: 800, locale: 'de-DE' });
    try {
      await signIn(browser, owner, server.url);
      const { page } = browser;
      await page.goto(`${server.url}/invoices`);
      await page.getByTestId('invoice-card').first().waitFor();
      expect(await page.getByTestId('invoice-card').count()).toBe(3);
      const big = page.getByTestId('invoice-card').filter({ hasText: numbers.big });
      await big.getByText('Beta Consulting').waitFor();
      await big.getByText(/1\.500,00/).waitFor();
      await page.getByRole('button', { name: 'Filter' }).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      for (const [url, ready] of [
        ['/customers', 'customer-card'],
        ['/payments', 'payment-card'],
        ['/credit-notes', ''],
      ] as const) {
        await page.goto(`${server.url}${url}`);
        if (ready) await page.getByTestId(ready).first().waitFor();
        else await page.getByText('Noch keine Gutschriften').waitFor();
        expect(await fitsWidth(page), url).toBe(true);
      }
      fs.mkdirSync('/tmp/shots-lists', { recursive: true });
      await page.goto(`${server.url}/invoices`);
      await page.getByTestId('invoice-card').first().waitFor();
      await page.screenshot({ path: '/tmp/shots-lists/invoices-de-390.png', fullPage: true });
      expect(browser.consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
