/**
 * Reports in a real browser: with invoices and payments made through the API (this year by
 * the test clock, 2026-11-23), the sales tab shows the exact figures and a labelled chart,
 * grouping can change, aging shows its totals, the CSV link gives CSV, phones fit, and a
 * viewer has no Reports link. The dashboard's revenue chart shows for accountants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('reports in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Reports' });
    const globex = await createCustomer(owner, { name: 'Globex Corporation' });
    const march = await finalizedInvoice(owner, { customerId: globex.id, issue_date: '2026-03-10', due_date: '2026-04-09', lines: [{ description: 'Design', quantity: '12', unit_price: '95.00' }] });
    await finalizedInvoice(owner, { customerId: globex.id, issue_date: '2026-10-05', due_date: '2026-11-04', lines: [{ description: 'Hosting', quantity: '1', unit_price: '2400.00' }] });
    const usd = await finalizedInvoice(owner, { customer: { name: 'Initech Inc.', currency: 'USD' }, issue_date: '2026-11-12', due_date: '2026-12-12', lines: [{ description: 'Support', quantity: '1', unit_price: '780.50' }] });
    for (const [invoice, amount, date] of [
      [march, '400.00', '2026-04-01'],
      [usd, '280.50', '2026-11-20'],
    ] as const) {
      const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount, date, method: 'bank_transfer' });
      expect(paid.status, paid.text).toBe(201);
    }
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

  it('shows sales and revenue per currency with a chart, and regroups', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.waitForURL('**/reports/sales**');
    // Default range: this year, typed and shown in the user's format (en-US here).
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('01/01/2026');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('12/31/2026');
    // One preset highlighted at a time.
    expect(await page.getByRole('button', { pressed: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'This year' }).getAttribute('aria-pressed')).toBe('true');

    const eur = page.getByRole('region', { name: 'Invoiced and collected in EUR' });
    await eur.getByRole('cell', { name: await money('1140.00', 'EUR'), exact: true }).first().waitFor();
    await eur.getByRole('cell', { name: await money('2400.00', 'EUR'), exact: true }).first().waitFor();
    await eur.getByRole('cell', { name: await money('400.00', 'EUR'), exact: true }).first().waitFor();
    await page.getByRole('region', { name: 'Invoiced and collected in USD' }).getByRole('cell', { name: await money('780.50', 'USD'), exact: true }).first().waitFor();

    const chart = page.getByRole('figure', { name: 'Invoiced and collected by month in EUR' });
    await chart.locator('svg.recharts-surface').first().waitFor();
    await chart.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').first().waitFor();
    await screenshot(page, 'reports-sales');

    await page.getByLabel('Group by').first().click();
    await page.getByRole('option', { name: 'Quarter' }).click();
    await page.waitForURL('**group_by=quarter**');
    await page.getByRole('figure', { name: 'Invoiced and collected by quarter in EUR' }).waitFor();
    await eur.getByRole('cell', { name: 'Q1 2026', exact: true }).waitFor();
    await eur.getByRole('cell', { name: 'Q4 2026', exact: true }).waitFor();

    // The CSV link is the same report as CSV, downloadable with the session cookie.
    const link = page.getByRole('link', { name: 'Download CSV', exact: true });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain('/api/v1/reports/sales?');
    expect(href).toContain('format=csv');
    expect(href).toContain('group_by=quarter');
    expect(await link.getAttribute('download')).not.toBeNull();
    const csv = await page.request.get(new URL(href, server.url).toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const firstLine = (await csv.text()).split(/\r?\n/)[0] ?? '';
    expect(firstLine).toMatch(/currency/i);
    expect(firstLine).toMatch(/period/i);

    // Presets change the shared range.
    await page.getByRole('button', { name: 'Last month' }).click();
    await expect.poll(() => page.getByLabel('From', { exact: true }).inputValue()).toBe('10/01/2026');
    expect(page.url()).toContain('from=2026-10-01');
    expect(await page.getByRole('button', { pressed: true }).count()).toBe(1);
    await page.getByRole('region', { name: 'Invoiced and collected in EUR' }).getByRole('cell', { name: await money('2400.00', 'EUR'), exact: true }).first().waitFor();
    // Typed dates move the range (and the shareable URL); an empty range says so.
    await page.getByLabel('From', { exact: true }).fill('01/01/2000');
    await page.getByLabel('From', { exact: true }).blur();
    await page.getByLabel('To', { exact: true }).fill('01/31/2000');
    await page.getByLabel('To', { exact: true }).blur();
    await page.getByRole('heading', { name: 'No sales or payments in these dates' }).waitFor();
    expect(page.url()).toContain('from=2000-01-01');
    expect(page.url()).toContain('to=2000-01-31');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows aging with totals per currency, and the other tabs', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/reports/sales?from=2026-01-01&to=2026-12-31`);
    await page.getByRole('tab', { name: 'Aging' }).click();
    await page.waitForURL('**/reports/aging?from=2026-01-01&to=2026-12-31');
    // As of today (2026-11-23): EUR 740.00 over 90 days... 1140 − 400 = 740 due since 2026-04-09; 2400 due 2026-11-04.
    const totals = page.getByRole('row', { name: /Totals in EUR/ });
    await totals.getByRole('cell', { name: await money('3140.00', 'EUR'), exact: true }).waitFor();
    await totals.getByRole('cell', { name: await money('740.00', 'EUR'), exact: true }).waitFor();
    await totals.getByRole('cell', { name: await money('2400.00', 'EUR'), exact: true }).waitFor();
    await page.getByRole('row', { name: /Totals in USD/ }).getByRole('cell', { name: await money('500.00', 'USD'), exact: true }).first().waitFor();
    await page.getByRole('figure', { name: 'Aging buckets in EUR' }).locator('svg.recharts-surface').first().waitFor();
    expect(await page.getByRole('link', { name: 'Download CSV', exact: true }).getAttribute('href')).toContain('/api/v1/reports/aging?as_of=2026-11-23&format=csv');
    await screenshot(page, 'reports-aging');

    await page.getByRole('tab', { name: 'Top customers' }).click();
    await page.getByRole('figure', { name: 'Top customers by invoiced in EUR' }).locator('svg.recharts-surface').first().waitFor();
    await page.getByRole('cell', { name: await money('3540.00', 'EUR'), exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Top products' }).click();
    await page.getByRole('figure', { name: 'Top products by net sales in EUR' }).waitFor();
    await page.getByRole('tab', { name: 'Taxes' }).click();
    await page.getByRole('region', { name: 'Taxes in EUR' }).waitFor();
    await page.getByRole('tab', { name: 'Analytics' }).click();
    await page.getByRole('figure', { name: 'New and returning customers by month in EUR' }).waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows what was collected in the last 12 months on the dashboard', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('region', { name: 'Collected, last 12 months' }).getByRole('figure', { name: 'Collected by month in EUR' }).locator('svg.recharts-surface').first().waitFor();
  });

  it('fits a phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.context.addCookies(await browser.context.cookies());
      await phone.page.goto(`${server.url}/reports/sales`);
      await phone.page.getByRole('figure', { name: 'Invoiced and collected by month in EUR' }).locator('svg.recharts-surface').first().waitFor();
      expect(await phone.page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await screenshot(phone.page, 'reports-phone');
    } finally {
      await phone.close();
    }
  });

  it('has no Reports link for a viewer', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    const other = await openBrowser();
    try {
      const session = /settle_session=(.*)/.exec(viewer.cookie ?? '')?.[1] ?? '';
      await other.context.addCookies([{ name: 'settle_session', value: session, url: server.url }]);
      await other.page.goto(server.url);
      await other.page.getByRole('region', { name: 'Outstanding' }).waitFor();
      expect(await other.page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
      expect(await other.page.getByRole('region', { name: 'Collected, last 12 months' }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
