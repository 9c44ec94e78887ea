/**
 * Invoices in a real browser: write a draft with live totals, finalize it, take two
 * payments, issue a credit note; a server validation error shown at its field; the list
 * and the phone-width editor.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SCREENSHOTS, chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

async function signIn(session: BrowserSession, client: Client, url: string): Promise<void> {
  const value = client.cookie?.split('=')[1] ?? '';
  await session.context.addCookies([{ name: 'settle_session', value, url }]);
}

/** Lets the dialogs close and the notifications fade, so screenshots show the page itself. */
async function settle(page: Page): Promise<void> {
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/** Picks an option of a Mantine select, typing to search first when it is searchable. */
async function pick(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, typed: string, option: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: false }).first();
  await input.click();
  if (typed !== '') await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe.skipIf(!chromiumAvailable)('invoices in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    const vat19 = await createTaxRate(owner, { percentage: '19', category: 'S', name: 'VAT 19%' });
    await createTaxRate(owner, { percentage: '7', category: 'S', name: 'VAT 7%' });
    const product = await owner.post('/api/v1/products', { name: 'Design work', unit_price: '120.00', unit: 'hour', tax_rate_id: vat19.id });
    expect(product.status, product.text).toBe(201);
    await createCustomer(owner, { name: 'Globex Corporation', currency: 'EUR' });
    await createCustomer(owner, { name: 'Initech', currency: 'EUR' });
    browser = await openBrowser();
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('writes a draft with live totals, finalizes it, takes payments and issues a credit note', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/invoices`);
    await page.getByText('No invoices yet').waitFor();
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();

    await pick(page, page, 'Customer', 'Glob', 'Globex Corporation');
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await pick(page, line1, 'Product', 'Design', 'Design work');
    expect(await line1.getByLabel('Description').inputValue()).toBe('Design work');
    expect(await line1.getByLabel('Unit price').inputValue()).toBe('120.00');
    await line1.getByLabel('Quantity').fill('2');

    await page.getByRole('button', { name: 'Add line' }).click();
    const line2 = page.getByRole('group', { name: 'Line 2' });
    await line2.getByLabel('Description').fill('Printed brochures');
    await line2.getByLabel('Quantity').fill('3');
    await line2.getByLabel('Unit price').fill('50');
    await line2.getByLabel('Discount').fill('10%');
    // A rate whose name says its percentage is listed by its name alone.
    await pick(page, line2, 'Tax rate', '', 'VAT 7%');

    // 2 × 120.00 = 240.00 at 19 % → 45.60; 3 × 50.00 − 10 % = 135.00 at 7 % → 9.45.
    const totals = page.getByRole('table', { name: 'Invoice totals' });
    const row = (name: string | RegExp) => totals.getByRole('row', { name });
    await row(/^Subtotal/).getByText('€375.00').waitFor();
    await row(/VAT 19% \(19% of €240\.00\)/).getByText('€45.60').waitFor();
    await row(/VAT 7% \(7% of €135\.00\)/).getByText('€9.45').waitFor();
    await row(/^Total/).getByText('€430.05').waitFor();
    expect(await line2.getByLabel('Line 2 amount').textContent()).toBe('€135.00');

    // Live: a typo leaves that line out (the rest still totals) and marks the field; fixing it brings it back.
    await line2.getByLabel('Discount').fill('10%%');
    await row(/^Total/).getByText('€285.60').waitFor();
    expect(await line2.getByLabel('Line 2 amount').textContent()).toBe('—');
    expect(await line2.getByLabel('Discount').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('status', { name: 'Totals' }).count()).toBe(0);
    await line2.getByLabel('Discount').fill('10%');
    await row(/^Total/).getByText('€430.05').waitFor();
    await screenshot(page, 'invoice-editor');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    await page.getByRole('heading', { name: 'Draft' }).waitFor();
    await page.frameLocator('iframe[title="Invoice document"]').getByText('Printed brochures').waitFor();

    await page.getByRole('button', { name: 'Finalize' }).click();
    const finalize = page.getByRole('dialog', { name: 'Finalize this invoice?' });
    await finalize.getByText('next invoice number will be assigned').waitFor();
    await finalize.getByRole('button', { name: 'Finalize invoice' }).click();
    await page.getByRole('heading', { name: 'INV-2026-00001' }).waitFor();
    await page.getByText('open', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Record payment' }).click();
    let dialog = page.getByRole('dialog', { name: 'Record payment' });
    expect(await dialog.getByLabel(/^Amount/).inputValue()).toBe('430.05');
    await dialog.getByLabel(/^Amount/).fill('200.00');
    await dialog.getByLabel('Reference').fill('TX-1');
    await dialog.getByRole('button', { name: 'Save payment' }).click();
    await page.getByText('partially paid', { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Invoice amounts' }).getByRole('row', { name: /Amount due/ }).getByText('€230.05').waitFor();

    await page.getByRole('button', { name: 'Record payment' }).click();
    dialog = page.getByRole('dialog', { name: 'Record payment' });
    expect(await dialog.getByLabel(/^Amount/).inputValue()).toBe('230.05');
    await dialog.getByRole('button', { name: 'Save payment' }).click();
    await page.getByText('paid', { exact: true }).waitFor();
    // The payments table refetches after the invoice does: wait for its new row rather than read it at once.
    await expect.poll(() => page.getByRole('table', { name: 'Payments' }).getByRole('row').count()).toBe(3);

    await page.getByRole('button', { name: 'Issue credit note' }).click();
    dialog = page.getByRole('dialog', { name: 'Issue credit note' });
    // Two tax rates on this invoice: the amount is credited at the one the user names.
    await dialog.getByText('By amount', { exact: true }).click();
    await dialog.getByLabel(/^Amount at VAT 7%/).fill('30.00');
    await dialog.getByTestId('credit-total').getByText('€30.00').waitFor();
    await dialog.getByLabel('Reason').fill('Goodwill discount');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'credit-note-dialog.png') });
    await dialog.getByRole('button', { name: 'Issue credit note' }).click();
    await page.getByRole('table', { name: 'Credit notes' }).getByText('Goodwill discount').waitFor();
    await page.frameLocator('iframe[title="Invoice document"]').getByText('INV-2026-00001').first().waitFor();
    await settle(page);
    await screenshot(page, 'invoice-detail');

    await page.getByRole('link', { name: '← Invoices' }).click();
    await page.getByRole('table', { name: 'Invoices' }).getByText('INV-2026-00001').waitFor();
    await screenshot(page, 'invoices-list');
    expect(browser.consoleErrors).toEqual([]);
    // A long journey: on a loaded machine it outlasts the default minute.
  }, 180_000);

  it('shows a server validation error at its field', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/invoices/new`);
    await pick(page, page, 'Customer', 'Ini', 'Initech');
    const line1 = page.getByRole('group', { name: 'Line 1' });
    await line1.getByLabel('Description').fill('Too much');
    await line1.getByLabel('Unit price').fill('1');
    // Fine for the totals, over the server's limit for a quantity.
    await line1.getByLabel('Quantity').fill('2000000000');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await line1.getByText('must be at most 1000000000').waitFor();
    expect(await line1.getByLabel('Quantity').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/invoices\/new$/);
  });

  it('fits the editor on a phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.context.addCookies(await browser.context.cookies());
      await phone.page.goto(`${server.url}/invoices/new`);
      await phone.page.getByRole('heading', { name: 'New invoice' }).waitFor();
      await phone.page.getByRole('group', { name: 'Line 1' }).getByLabel('Unit price').fill('99.5');
      await phone.page.getByRole('table', { name: 'Invoice totals' }).getByText('€99.50').first().waitFor();
      const width = await phone.page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'invoice-editor-phone');
      expect(phone.consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
