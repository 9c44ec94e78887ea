/**
 * The dashboard in a real browser: a new organization sees how to start; with invoices and
 * payments made through the API it shows the outstanding, overdue and collected figures,
 * formatted in the browser's locale, at desktop and phone width. Also the payments list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('dashboard in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    browser = await openBrowser();
    const session = /settle_session=(.*)/.exec(owner.cookie ?? '')?.[1] ?? '';
    await browser.context.addCookies([{ name: 'settle_session', value: session, url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const money = async (amount: string, currency: string) => {
    const locale = await browser.page.evaluate<string>('navigator.language');
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as unknown as number);
  };

  it('shows a new organization how to start: first steps, each linking where it is done', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'No invoices yet' }).waitFor();
    const steps = page.getByRole('region', { name: 'First steps' });
    await steps.getByText('0 of 6 done').first().waitFor();
    expect(await steps.getByRole('link', { name: 'Upload your logo' }).getAttribute('href')).toBe('/settings/branding');
    expect(await steps.getByRole('link', { name: 'Set up your tax rates' }).getAttribute('href')).toBe('/tax-rates');
    await page.getByRole('link', { name: 'Create your first invoice' }).click();
    await page.waitForURL('**/invoices/new');
  });

  it('shows outstanding, overdue and collected per currency, with recent invoices and payments', async () => {
    const customer = await createCustomer(owner, { name: 'Globex Corporation' });
    const first = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-10-01', due_date: '2026-10-31', lines: [{ description: 'Design', quantity: '12', unit_price: '95.00' }] });
    await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-10', due_date: '2026-12-10', lines: [{ description: 'Hosting', quantity: '1', unit_price: '2400.00' }] });
    const usd = await finalizedInvoice(owner, { customer: { name: 'Initech Inc.', currency: 'USD' }, issue_date: '2026-11-12', due_date: '2026-12-12', lines: [{ description: 'Support', quantity: '1', unit_price: '780.50' }] });
    // "Today" is the test server's fixed clock (2026-11-23), never the machine's.
    const today = server.clock.now().toISOString().slice(0, 10);
    for (const [invoice, amount, method] of [
      [first, '400.00', 'bank_transfer'],
      [usd, '280.50', 'card'],
    ] as const) {
      const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount, date: today, method, reference: 'REF-1' });
      expect(paid.status, paid.text).toBe(201);
    }
    // A post-dated cheque (dated later this month) lowers what is owed but has not been collected yet.
    const postDated = await owner.post('/api/v1/payments', { invoice_id: first.id, amount: '100.00', date: '2026-11-28', method: 'check', reference: 'CHQ-7' });
    expect(postDated.status, postDated.text).toBe(201);

    const { page } = browser;
    await page.goto(server.url);
    const outstanding = page.getByRole('region', { name: 'Outstanding' });
    await outstanding.waitFor();
    // EUR: 1140.00 − 400.00 − 100.00 (post-dated) + 2400.00 = 3040.00; USD: 780.50 − 280.50 = 500.00.
    await outstanding.getByText(await money('3040.00', 'EUR')).waitFor();
    await outstanding.getByText(await money('500.00', 'USD')).waitFor();
    await page.getByRole('region', { name: 'Overdue' }).getByText(await money('640.00', 'EUR')).waitFor();
    // Collected this month: up to today only, so not the post-dated 100.00.
    const collected = page.getByRole('region', { name: 'Collected this month' });
    await collected.getByText(await money('280.50', 'USD')).waitFor();
    expect(await collected.getByText(await money('400.00', 'EUR'), { exact: true }).count()).toBe(1);
    expect(await collected.getByText(await money('500.00', 'EUR')).count()).toBe(0);
    await page.getByRole('link', { name: first.number as string }).first().waitFor();
    expect(await page.getByRole('region', { name: 'Recent payments' }).getByRole('link').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'dashboard-filled');

    await page.getByRole('link', { name: 'All payments' }).click();
    await page.waitForURL('**/payments');
    await page.getByText('Globex Corporation').first().waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });

  it("formats amounts in the user's locale (the browser's language), not the organization's", async () => {
    // The organization's display language is for documents; the reader's own locale decides the screen.
    expect((await owner.patch('/api/v1/organization', { locale: 'en' })).status).toBe(200);
    const german = await openBrowser({ locale: 'de-DE' });
    try {
      await german.context.addCookies(await browser.context.cookies());
      await german.page.goto(server.url);
      const outstanding = german.page.getByRole('region', { name: 'Offen' });
      await outstanding.waitFor();
      const amount = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format('3040.00' as unknown as number);
      expect(amount).toMatch(/^3\.040,00\s€$/);
      await outstanding.getByText(amount).waitFor();
      await german.page.getByRole('heading', { name: 'Übersicht' }).waitFor();
      await german.page.getByRole('region', { name: 'Eingenommen diesen Monat' }).waitFor();
      expect(german.consoleErrors).toEqual([]);
    } finally {
      await german.close();
    }
  });

  it('fits a phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.context.addCookies(await browser.context.cookies());
      await phone.page.goto(server.url);
      await phone.page.getByRole('region', { name: 'Outstanding' }).waitFor();
      expect(await fitsWidth(phone.page)).toBe(true);
      await screenshot(phone.page, 'dashboard-phone');
    } finally {
      await phone.close();
    }
  });
});
