/**
 * The dashboard and every report tab in a German browser (navigator.language de-DE) at 1440 px
 * and on a 390 px phone: German interface, "1.234,56 €" amounts and "06.12.2026" dates, the
 * first-steps checklist, totals rows in Sales and Taxes (per currency), the date range honoured
 * by Aging ("as of" its end), no sideways scrolling and no console errors. Screenshots go to
 * /tmp/shots-reports/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const SHOTS = '/tmp/shots-reports';
const euro = (amount: string) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(amount as unknown as number);

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!chromiumAvailable)('dashboard and reports in German, desktop and phone', () => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Atelier Berlin', currency: 'EUR' });
    const vat = await createTaxRate(owner, { name: 'USt. 19 %', percentage: '19' });
    const reduced = await createTaxRate(owner, { name: 'USt. 7 %', percentage: '7' });
    const kunde = await createCustomer(owner, { name: 'Müller & Söhne GmbH' });
    const verlag = await createCustomer(owner, { name: 'Verlag am See' });
    const march = await finalizedInvoice(owner, {
      customerId: kunde.id,
      issue_date: '2026-03-10',
      due_date: '2026-04-09',
      lines: [{ description: 'Gestaltung', quantity: '10', unit_price: '95.00', tax_rate_id: vat.id }],
    });
    const october = await finalizedInvoice(owner, {
      customerId: verlag.id,
      issue_date: '2026-10-05',
      due_date: '2026-11-04',
      lines: [
        { description: 'Broschüren', quantity: '500', unit_price: '1.50', tax_rate_id: reduced.id },
        { description: 'Satz', quantity: '1', unit_price: '400.00', tax_rate_id: vat.id },
      ],
    });
    await finalizedInvoice(owner, { customer: { name: 'Initech Inc.', currency: 'USD' }, issue_date: '2026-11-12', due_date: '2026-12-12', lines: [{ description: 'Support', quantity: '1', unit_price: '780.50' }] });
    const paid = await owner.post('/api/v1/payments', { invoice_id: march.id, amount: '500.00', date: '2026-04-01', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);
    const note = await owner.post(`/api/v1/invoices/${october.id}/credit-notes`, { amount: '80.25', tax_rate_id: reduced.id, reason: 'Beschädigte Broschüren' });
    expect(note.status, note.text).toBe(201);
  }, 60_000);
  afterAll(() => server?.close());

  for (const width of [1440, 390]) {
    describe(`${width} px`, () => {
      let browser: BrowserSession;
      beforeAll(async () => {
        browser = await openBrowser({ width, height: 900, locale: 'de-DE' });
        await signIn(browser, owner, server.url);
      });
      afterAll(() => browser?.close());

      it('dashboard: German figures and the first steps', async () => {
        const { page } = browser;
        await page.goto(server.url);
        await page.getByRole('heading', { name: 'Übersicht' }).waitFor();
        // EUR: 1130.50 − 500.00 + (750 × 1.07 + 400 × 1.19 = 1278.50) − 80.25 = 1828.75 owed.
        await page.getByRole('region', { name: 'Offen' }).getByText(euro('1828.75')).waitFor();
        expect(euro('1828.75')).toMatch(/^1\.828,75\s€$/);
        const steps = page.getByRole('region', { name: 'Erste Schritte' });
        await steps.getByRole('link', { name: 'Logo hochladen' }).waitFor();
        // Tax rates, a customer and an invoice exist: ticked.
        await steps.getByText('3 von 6 erledigt').first().waitFor();
        await page.getByRole('region', { name: 'Eingenommen, letzte 12 Monate' }).locator('svg.recharts-surface').first().waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await shot(page, `dashboard-de-${width}`);
        expect(browser.consoleErrors).toEqual([]);
      });

      it('sales and taxes have totals rows per currency; aging honours the range', async () => {
        const { page } = browser;
        await page.goto(`${server.url}/reports/sales`);
        expect(await page.getByLabel('Von', { exact: true }).inputValue()).toBe('01.01.2026');
        expect(await page.getByLabel('Bis', { exact: true }).inputValue()).toBe('31.12.2026');
        expect(await page.getByRole('group', { name: 'Schnellauswahl Zeitraum' }).getByRole('button', { pressed: true }).count()).toBe(1);
        // Invoiced net of the credit note: 1130.50 + 1278.50 − 80.25 = 2328.75.
        const salesTotals = page.getByRole('row', { name: 'Summen in EUR' });
        await salesTotals.getByRole('cell', { name: euro('2328.75'), exact: true }).waitFor();
        await salesTotals.getByRole('cell', { name: euro('500.00'), exact: true }).first().waitFor();
        await page.getByRole('row', { name: 'Summen in USD' }).waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await shot(page, `reports-sales-de-${width}`);

        await page.getByRole('tab', { name: 'Steuern' }).click();
        await page.waitForURL('**/reports/taxes**');
        // Tax: 10 × 95 × 19 % = 180.50, 400 × 19 % = 76.00, 750 × 7 % = 52.50 less the credit note's 5.25.
        const taxTotals = page.getByRole('row', { name: 'Summen in EUR' });
        await taxTotals.getByRole('cell', { name: euro('303.75'), exact: true }).waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await shot(page, `reports-taxes-de-${width}`);

        // Aging as of the range's end (30.06.2026), not today: the October invoice was not yet issued.
        await page.goto(`${server.url}/reports/aging?from=2026-01-01&to=2026-06-30`);
        await page.getByText('Fällige Beträge zum 30.06.2026, dem Ende des gewählten Zeitraums', { exact: false }).waitFor();
        const agingTotals = page.getByRole('row', { name: 'Summen in EUR' });
        await agingTotals.getByRole('cell', { name: euro('630.50'), exact: true }).first().waitFor();
        expect(await page.getByRole('row', { name: 'Summen in USD' }).count()).toBe(0);
        expect(await page.getByRole('link', { name: 'CSV herunterladen' }).getAttribute('href')).toContain('as_of=2026-06-30');
        expect(await fitsWidth(page)).toBe(true);
        await shot(page, `reports-aging-de-${width}`);

        for (const [tab, name] of [
          ['top-customers', 'Top-Kunden in EUR'],
          ['top-products', 'Top-Produkte in EUR'],
          ['analytics', 'Kunden in EUR'],
        ] as const) {
          await page.goto(`${server.url}/reports/${tab}?from=2026-01-01&to=2026-12-31`);
          await page.getByRole('region', { name }).waitFor();
          await page.getByRole('region', { name }).locator('svg.recharts-surface').first().waitFor();
          expect(await fitsWidth(page), tab).toBe(true);
          await shot(page, `reports-${tab}-de-${width}`);
        }
        expect(browser.consoleErrors).toEqual([]);
      }, 150_000);
    });
  }
});
