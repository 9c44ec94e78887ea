/**
 * Exports in a real browser on a 390 px phone: Settings → Accounting & exports (the chart of
 * accounts changed and saved, a preset applied, the journal download link and its checks,
 * "Export all data"), and "Export personal data" on the customer page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('exports in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let customer: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    const vat = await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
    customer = await createCustomer(owner, { name: 'Globex Corporation' });
    await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-10-05', lines: [{ description: 'Work', quantity: '1', unit_price: '100.00', tax_rate_id: vat.id }] });
    browser = await openBrowser({ width: 390, height: 844 });
    await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('edits the chart of accounts, applies a preset and offers the journal and the data export', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/exports`);
    await page.getByRole('heading', { name: 'Chart of accounts' }).waitFor();
    await page.getByText('Not saved yet').waitFor();
    const receivable = page.getByRole('textbox', { name: 'Receivables', exact: true });
    expect(await receivable.inputValue()).toBe('1400');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'exports-settings-phone');

    // A bad account number: the server names the field, the form shows it there.
    await receivable.fill('14x');
    await page.getByRole('button', { name: 'Save accounts' }).click();
    await page.getByText('must be an account number of 1 to 9 digits').waitFor();
    await receivable.fill('1410');
    await page.getByRole('button', { name: 'Save accounts' }).click();
    await page.getByText('Accounts saved').waitFor();
    expect((await owner.get('/api/v1/organization/accounts')).body).toMatchObject({ preset: 'skr03', receivable: '1410', saved: true });

    await page.getByRole('combobox', { name: 'Preset' }).click();
    await page.getByRole('option', { name: 'SKR04 (Germany)' }).click();
    await page.getByRole('button', { name: 'Apply preset' }).click();
    await expect.poll(() => receivable.inputValue()).toBe('1200');
    expect((await owner.get('/api/v1/organization/accounts')).body).toMatchObject({ preset: 'skr04', receivable: '1200' });

    // The journal: last month by default (the browser's clock), DATEV; a bad currency disables the link.
    const link = page.getByRole('link', { name: 'Download journal' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/v1\/exports\/journal\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&format=datev&currency=EUR$/);
    const journal = await page.request.get(`${server.url}/api/v1/exports/journal?from=2026-10-01&to=2026-10-31&format=datev`);
    expect(journal.status()).toBe(200);
    expect((await journal.body()).subarray(0, 6).toString('latin1')).toBe('"EXTF"');
    await page.getByRole('textbox', { name: 'Currency' }).fill('EU');
    await page.getByText('A three-letter currency code such as EUR').waitFor();
    expect(await page.getByRole('link', { name: 'Download journal' }).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');

    expect(await page.getByRole('link', { name: 'Export all data' }).getAttribute('href')).toBe('/api/v1/organization/export');
    expect(await fitsWidth(page)).toBe(true);
    expect(browser.consoleErrors.filter((text) => !/status of 422\b/.test(text))).toEqual([]);
  });

  it('offers the personal-data export on the customer page', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Globex Corporation' }).first().waitFor();
    const link = page.getByRole('link', { name: 'Export personal data' });
    expect(await link.getAttribute('href')).toBe(`/api/v1/customers/${customer.id}/export`);
    const response = await page.request.get(`${server.url}/api/v1/customers/${customer.id}/export`);
    expect(response.status()).toBe(200);
    expect((await response.json()).customer.name).toBe('Globex Corporation');
    expect(await fitsWidth(page)).toBe(true);
  });
});
