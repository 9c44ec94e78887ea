/**
 * Customers in a real browser: the form with client and server validation shown at the
 * fields, search, the detail page, archiving, a refused delete, the viewer's read-only
 * view and the phone-width layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

/** Signs the browser in as `client` by copying its session cookie. */
/** Console errors other than the failed requests a test provokes on purpose. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (409|422)/.test(e));

describe.skipIf(!chromiumAvailable)('customers in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let alpha: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    alpha = await createCustomer(owner, { name: 'Alpha Consulting', email: 'ap@alpha.example' });
    await finalizedInvoice(owner, { customerId: alpha.id });
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a customer through the form, showing validation errors at the fields', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers`);
    await page.getByRole('row', { name: /Alpha Consulting/ }).waitFor();
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.waitFor();

    // Client-side: the name is required.
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.getByText('Enter the customer’s name').waitFor();

    // Server-side: each message lands at its field.
    await dialog.getByLabel('Name').fill('Zebra Traders GmbH');
    await dialog.getByLabel('E-mail').fill('nope');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.getByText('must be an e-mail address').waitFor();
    expect(await dialog.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'customer-form-error');

    await dialog.getByLabel('E-mail').fill('accounts@zebra.example');
    // The country is picked from the list by its name: "Germany" is DE (never GE, Georgia).
    const country = dialog.getByRole('combobox', { name: 'Country', exact: true });
    await country.click();
    await country.fill('Germany');
    await page.getByRole('option', { name: 'Germany (DE)' }).click();
    await dialog.getByLabel('City').fill('Berlin');
    await dialog.getByLabel('Payment terms (days)').fill('30');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Created Zebra Traders GmbH').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /Zebra Traders GmbH/ }).waitFor();
    // Alpha owes its finalized invoice: the balance shows, formatted.
    expect(await page.getByRole('row', { name: /Alpha Consulting/ }).textContent()).toContain('€100.00');
    await screenshot(page, 'customers');

    const stored = await owner.get('/api/v1/customers?q=Zebra');
    expect(stored.body.data[0]).toMatchObject({ email: 'accounts@zebra.example', payment_terms_days: 30, address: { country: 'DE', city: 'Berlin' } });
  });

  it('finds the customer by search and opens its detail page', async () => {
    const { page } = browser;
    await page.getByLabel('Search customers').fill('zebra');
    await page.getByRole('row', { name: /Alpha Consulting/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Zebra Traders GmbH/ }).click();
    await page.waitForURL(/\/customers\/[^/]+$/);
    await page.getByRole('heading', { name: 'Zebra Traders GmbH' }).waitFor();
    await page.getByText('accounts@zebra.example').waitFor();
    await page.getByText('30 days').waitFor();
  });

  it('archives the customer: it leaves the active list and shows under Archived', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    await page.getByText('Archived Zebra Traders GmbH').waitFor();
    await page.getByRole('button', { name: 'Unarchive' }).waitFor();
    await page.getByRole('link', { name: '← Customers' }).click();
    await page.getByRole('row', { name: /Alpha Consulting/ }).waitFor();
    // The list may first show what it cached before the archiving; it refetches at once.
    await expect.poll(() => page.getByRole('row', { name: /Zebra Traders GmbH/ }).count()).toBe(0);
    await page.getByText('Archived', { exact: true }).first().click();
    await page.getByRole('row', { name: /Zebra Traders GmbH/ }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Alpha Consulting/ }).count()).toBe(0);
  });

  it('shows invoices on the detail page and the server’s reason when a delete is refused', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers/${alpha.id}`);
    await page.getByRole('heading', { name: 'Alpha Consulting' }).waitFor();
    const invoices = page.getByRole('table', { name: 'Invoices' });
    await invoices.getByText('open').waitFor();
    await page.getByRole('button', { name: 'Delete customer' }).click();
    await page.getByRole('dialog', { name: 'Delete this customer?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alert').getByText('has finalized invoices and cannot be deleted').waitFor();
    await page.getByRole('button', { name: 'Anonymize (GDPR)' }).waitFor();
    await screenshot(page, 'customer-detail');
    expect(unexpected(browser.consoleErrors)).toEqual([]);
  });

  it('starts a new invoice from the customer page with that customer chosen', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers/${alpha.id}`);
    await page.getByRole('link', { name: 'New invoice' }).click();
    await page.getByRole('heading', { name: 'New invoice' }).waitFor();
    expect(await page.getByLabel('Customer', { exact: false }).first().inputValue()).toBe('Alpha Consulting');
  });

  it('shows a viewer no buttons to create or change customers', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    const session = await openBrowser();
    try {
      await signIn(session, viewer, server.url);
      await session.page.goto(`${server.url}/customers`);
      await session.page.getByRole('row', { name: /Alpha Consulting/ }).waitFor();
      expect(await session.page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
      await session.page.getByRole('row', { name: /Alpha Consulting/ }).click();
      await session.page.getByRole('heading', { name: 'Alpha Consulting' }).waitFor();
      await session.page.getByRole('table', { name: 'Invoices' }).waitFor();
      for (const name of ['Edit', 'Archive', 'Delete customer', 'Anonymize (GDPR)']) {
        expect(await session.page.getByRole('button', { name, exact: true }).count()).toBe(0);
      }
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('fits a phone: the table scrolls inside its box, the page does not', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await signIn(phone, owner, server.url);
      await phone.page.goto(`${server.url}/customers`);
      // Cards instead of a table on a phone.
      await phone.page.getByTestId('customer-card').filter({ hasText: 'Alpha Consulting' }).waitFor();
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'customers-phone');
      await phone.page.goto(`${server.url}/customers/${alpha.id}`);
      await phone.page.getByRole('heading', { name: 'Alpha Consulting' }).waitFor();
      // On a phone the invoices are a list (number, status, total, dates), not a cut-off table.
      await phone.page.getByRole('list', { name: 'Invoices' }).getByText('€100.00', { exact: true }).waitFor();
      expect(await phone.page.getByRole('table', { name: 'Invoices' }).count()).toBe(0);
      expect(await fitsWidth(phone.page)).toBe(true);
      await screenshot(phone.page, 'customer-detail-phone');
    } finally {
      await phone.close();
    }
  });
});
