/**
 * Recurring billing in a real browser, on a server with the test clock on: an invoice is made
 * recurring from its page, the owner advances the clock two months through the banner, and the
 * recurring invoice's page shows the two invoices generated on the way and the next one coming.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

/** Lets the dialogs close and the notifications fade, so screenshots show the page itself. */
async function settle(page: Page): Promise<void> {
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 });
}

describe.skipIf(!chromiumAvailable)('recurring billing in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let invoice: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { SETTLE_TEST_CLOCK: 'true' } });
    owner = await setupOwner(server.url, { name: 'Acme Hosting' });
    const vat = await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
    const customer = await createCustomer(owner, { name: 'Globex Corporation', currency: 'EUR' });
    invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [{ description: 'Website hosting {month} {year}', quantity: '1', unit_price: '49.00', tax_rate_id: vat.id }],
    });
    browser = await openBrowser();
    browser.page.setDefaultTimeout(15_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('makes an invoice recurring, advances the test clock two months and lists the invoices generated', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: invoice.number }).waitFor();
    // The server runs on the test clock: every page says so.
    const banner = page.getByRole('status', { name: 'Test clock' });
    await banner.getByText(/Test clock: it is .*November 23, 2026/).waitFor();

    await page.getByRole('button', { name: 'Make recurring' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make this invoice recurring' });
    // Monthly from the first day of next month, finalized, unless changed.
    expect(await dialog.getByLabel('Start date').inputValue()).toBe('12/01/2026');
    await dialog.getByText('Monthly, invoiced at the start of each period').waitFor();
    expect(await dialog.getByLabel('Collection', { exact: true }).inputValue()).toBe('Finalize');
    await dialog.getByRole('button', { name: 'Make recurring' }).click();

    await page.waitForURL(/\/recurring\/[^/]+$/);
    const subscriptionId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('heading', { name: 'Globex Corporation' }).waitFor();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    await schedule.getByText('Dec 1, 2026').first().waitFor();
    const upcoming = page.getByRole('region', { name: 'Upcoming invoice' });
    // The preview is the generator's own output: placeholders filled for the period it bills.
    await upcoming.getByRole('cell', { name: 'Website hosting December 2026' }).waitFor();
    await upcoming.getByRole('table', { name: 'Upcoming invoice totals' }).getByRole('row', { name: /Total/ }).getByText('€58.31').waitFor();
    await page.getByRole('region', { name: 'Invoices generated' }).getByText('None yet. The first is generated on Dec 1, 2026.').waitFor();
    await settle(page);
    await screenshot(page, 'recurring-new');

    // Two months on, through the banner's dialog.
    await banner.getByRole('button', { name: 'Advance…' }).click();
    const advance = page.getByRole('dialog', { name: 'Advance the test clock' });
    const target = advance.getByLabel('Move the clock to');
    expect(await target.inputValue()).toBe('2026-11-23T11:00'); // 10:00 UTC in Berlin, the organization's zone
    await advance.getByRole('button', { name: '+1 month' }).click();
    await advance.getByRole('button', { name: '+1 month' }).click();
    expect(await target.inputValue()).toBe('2027-01-23T11:00');
    await advance.getByRole('button', { name: 'Advance clock' }).click();
    await advance.waitFor({ state: 'detached' });
    await banner.getByText(/January 23, 2027/).waitFor();

    const history = page.getByRole('table', { name: 'Generated invoices' });
    await history.getByRole('row').nth(2).waitFor();
    expect(await history.getByRole('row').count()).toBe(3); // heading + 2 invoices
    await history.getByRole('cell', { name: 'Jan 1, 2027 – Jan 31, 2027' }).waitFor();
    await history.getByRole('cell', { name: 'Dec 1, 2026 – Dec 31, 2026' }).waitFor();
    // December's invoice fell due on the way (30 days' terms): overdue by now.
    await history.getByRole('row', { name: /Jan 1, 2027/ }).getByText('open', { exact: true }).waitFor();
    await history.getByRole('row', { name: /Dec 1, 2026/ }).getByText('overdue', { exact: true }).waitFor();
    await schedule.getByText('Feb 1, 2027').waitFor();
    await upcoming.getByRole('cell', { name: 'Website hosting February 2027' }).waitFor();

    const generated = await owner.get(`/api/v1/invoices?subscription_id=${subscriptionId}&limit=100`);
    expect(generated.status, generated.text).toBe(200);
    expect(generated.body.data.map((i: any) => [i.period_start, i.status, i.total])).toEqual([
      ['2027-01-01', 'open', '58.31'],
      ['2026-12-01', 'open', '58.31'],
    ]);
    await settle(page);
    await screenshot(page, 'recurring-detail');

    // The list shows it with its cycle and next invoice date.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Recurring billing' }).click();
    const row = page.getByRole('table', { name: 'Recurring invoices' }).getByRole('row', { name: /Globex Corporation/ });
    await row.getByText('Monthly').waitFor();
    await row.getByText('Feb 1, 2027').waitFor();
    await row.getByText('€58.31').waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });
});
