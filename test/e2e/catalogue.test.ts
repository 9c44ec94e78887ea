/**
 * The catalogue in a real browser: creating tax rates (an exempt category needs a reason)
 * and a product that uses one, with its price formatted in the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { setupOwner, userWithRole } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('products and tax rates in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates tax rates; exempt categories ask for a reason', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/tax-rates`);
    await page.getByRole('heading', { name: 'No tax rates yet' }).waitFor();
    await page.getByRole('button', { name: 'New tax rate' }).first().click();
    let dialog = page.getByRole('dialog', { name: 'New tax rate' });
    await dialog.getByLabel('Name').fill('VAT 19%');
    await dialog.getByLabel('Percentage').fill('19');
    expect(await dialog.getByLabel('Exemption reason').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create tax rate' }).click();
    await page.getByRole('row', { name: /VAT 19%/ }).waitFor();
    expect(await page.getByRole('row', { name: /VAT 19%/ }).textContent()).toContain('Standard rate');

    await page.getByRole('button', { name: 'New tax rate' }).click();
    dialog = page.getByRole('dialog', { name: 'New tax rate' });
    await dialog.getByLabel('Name').fill('Reverse charge');
    await dialog.getByLabel('Category', { exact: true }).click();
    await page.getByRole('option', { name: /AE — Reverse charge/ }).click();
    expect(await dialog.getByLabel('Percentage').inputValue()).toBe('0');
    await dialog.getByRole('button', { name: 'Create tax rate' }).click();
    await dialog.getByText('This category needs an exemption reason').waitFor();
    await dialog.getByLabel('Exemption reason').fill('Reverse charge: VAT due by the recipient');
    await dialog.getByRole('button', { name: 'Create tax rate' }).click();
    await page.getByRole('row', { name: /Reverse charge.*VAT due by the recipient/ }).waitFor();
    await screenshot(page, 'tax-rates');

    const rates = await owner.get('/api/v1/tax-rates');
    expect(rates.body.data.map((r: any) => [r.category, r.percentage]).sort()).toEqual([
      ['AE', '0'],
      ['S', '19'],
    ]);
  });

  it('creates a product and lists it with its formatted price and tax rate', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Products & services' }).click();
    await page.getByRole('heading', { name: 'No products or services yet' }).waitFor();
    await page.getByRole('button', { name: 'New product' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New product or service' });
    await dialog.getByLabel('Name').fill('Design workshop');
    await dialog.getByLabel('Description').fill('A day of hands-on interface design');
    await dialog.getByLabel(/^Unit price/).fill('1250.5');
    await dialog.getByLabel('Unit', { exact: true }).fill('day');
    await dialog.getByLabel('Tax rate', { exact: true }).click();
    await page.getByRole('option', { name: 'VAT 19% (19 %)' }).click();
    await dialog.getByLabel('SKU').fill('WS-1');
    await dialog.getByRole('button', { name: 'Create product' }).click();
    const row = page.getByRole('row', { name: /Design workshop/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('€1,250.50');
    expect(text).toContain('VAT 19%');
    expect(text).toContain('WS-1');
    await screenshot(page, 'products');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows a viewer the catalogue without buttons to change it', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    const session = await openBrowser();
    try {
      await signIn(session, viewer, server.url);
      await session.page.goto(`${server.url}/products`);
      await session.page.getByRole('row', { name: /Design workshop/ }).waitFor();
      expect(await session.page.getByRole('button', { name: /New product|Edit|Archive|Delete/ }).count()).toBe(0);
      await session.page.goto(`${server.url}/tax-rates`);
      await session.page.getByRole('row', { name: /VAT 19%/ }).waitFor();
      expect(await session.page.getByRole('button', { name: /New tax rate|Edit|Archive|Delete/ }).count()).toBe(0);
    } finally {
      await session.close();
    }
  });
});
