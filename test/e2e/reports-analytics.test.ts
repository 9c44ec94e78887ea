/**
 * The analytics and aging tabs in a real browser with more customers than a page should
 * list: the slowest payers and the largest debts first, capped, with the count, totals of all,
 * and a CSV link for the rest (the CSV is the whole report). Dates are explicit in the URL
 * (aging at a fixed as-of day), so the test does not depend on today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { addDays } from '../../src/domain/dates.ts';

const CUSTOMERS = 55;
const OWING = 103;

describe.skipIf(!chromiumAvailable)('customer analytics in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Analytics' });
    // Customer n is invoiced on 2026-03-01 and pays n days later.
    for (let n = 1; n <= CUSTOMERS; n++) {
      const customer = await createCustomer(owner, { name: `Customer ${String(n).padStart(2, '0')}` });
      const invoice = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-03-01', due_date: '2026-03-31', lines: [{ description: 'Work', quantity: '1', unit_price: '100.00' }] });
      const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '100.00', date: addDays('2026-03-01', n), method: 'bank_transfer' });
      expect(paid.status, paid.text).toBe(201);
    }
    // Customer n owes n × 10.00, issued 2026-04-01, due 2026-05-01.
    for (let n = 1; n <= OWING; n++) {
      const customer = await createCustomer(owner, { name: `Owing ${String(n).padStart(3, '0')}` });
      await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-04-01', due_date: '2026-05-01', lines: [{ description: 'Work', quantity: String(n), unit_price: '10.00' }] });
    }
    browser = await openBrowser();
    const session = /settle_session=(.*)/.exec(owner.cookie ?? '')?.[1] ?? '';
    await browser.context.addCookies([{ name: 'settle_session', value: session, url: server.url }]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the slowest payers first, at most 50, and links the full CSV', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/reports/analytics?from=2026-01-01&to=2026-12-31`);
    const section = page.getByRole('region', { name: 'Customers in EUR' });
    await section.getByRole('figure', { name: 'New and returning customers by month in EUR' }).locator('svg.recharts-surface').first().waitFor();
    await section.getByText(`The 50 slowest of ${CUSTOMERS} customers; the CSV lists them all.`).waitFor();
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(50);
    expect(await rows.first().locator('td').first().innerText()).toBe('Customer 55');
    expect(await rows.first().locator('td').last().innerText()).toBe('55');
    expect(await rows.last().locator('td').first().innerText()).toBe('Customer 06');

    const link = page.getByRole('link', { name: 'Download CSV', exact: true });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toBe('/api/v1/reports/customer-analytics?from=2026-01-01&to=2026-12-31&format=csv&locale=en-US');
    const csv = await page.request.get(new URL(href, server.url).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    // The CSV for people: customers by name, no ids.
    expect(lines.filter((line) => line.startsWith('EUR,days_to_pay,Customer '))).toHaveLength(CUSTOMERS);
    expect(lines.some((line) => line.includes('cus_'))).toBe(false);
    await screenshot(page, 'reports-analytics');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows the 100 largest debts in aging, with totals of all and the full CSV', async () => {
    const { page } = browser;
    // Aging is at the end of the range: 2026-06-30, so every debt is 31–60 days past due.
    await page.goto(`${server.url}/reports/aging?from=2026-01-01&to=2026-06-30`);
    const section = page.getByRole('region', { name: 'Aging in EUR' });
    await section.getByText(`The 100 largest of ${OWING} customers; the totals count them all, the CSV lists them all.`).waitFor();
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().locator('td').first().innerText()).toBe(`Owing ${OWING}`);
    expect(await rows.last().locator('td').first().innerText()).toBe('Owing 004');
    // 10.00 × (1 + … + 103) = 53,560.00
    const locale = await page.evaluate<string>('navigator.language');
    const total = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(53560);
    await page.getByRole('row', { name: /Totals in EUR/ }).getByRole('cell', { name: total, exact: true }).first().waitFor();
    const href = (await page.getByRole('link', { name: 'Download CSV', exact: true }).getAttribute('href')) ?? '';
    expect(href).toBe('/api/v1/reports/aging?as_of=2026-06-30&format=csv&locale=en-US');
    const csv = await page.request.get(new URL(href, server.url).toString());
    expect((await csv.text()).trim().split('\r\n').filter((line) => line.includes(',Owing '))).toHaveLength(OWING);
    await screenshot(page, 'reports-aging-largest');
    expect(browser.consoleErrors).toEqual([]);
  });
});
