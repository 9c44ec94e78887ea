/**
 * The invoice editor in German: numbers and dates typed as a German reads them ("1.500,00",
 * "06.12.2026", "5 %"), an invoice-wide discount split over two tax rates, a clean first
 * view, and compact lines on a 390 px phone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const SHOTS = '/tmp/shots-editor';

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Picks an option of a Mantine select. */
async function pick(page: Page, input: Locator, option: string): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!chromiumAvailable)('the invoice editor in German', () => {
  let server: TestServer;
  let owner: Client;
  let vat7: { id: string };
  let vat19: { id: string };
  let invoiceId = '';

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    vat19 = await createTaxRate(owner, { percentage: '19', category: 'S', name: 'USt. 19 %' });
    vat7 = await createTaxRate(owner, { percentage: '7', category: 'S', name: 'USt. 7 %' });
    await createCustomer(owner, { name: 'Müller Verlag GmbH', currency: 'EUR' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('takes German numbers, dates and a 5 % discount split over two tax rates', async () => {
    const browser: BrowserSession = await openBrowser({ width: 1440, height: 900, locale: 'de-DE' });
    try {
      await signIn(browser, owner, server.url);
      const { page } = browser;
      page.setDefaultTimeout(30_000);
      await page.goto(`${server.url}/invoices/new`);
      await page.getByRole('heading', { name: 'Neue Rechnung' }).waitFor();
      // Opens clean: no field error, totals shown (0,00 €).
      await page.getByRole('table', { name: 'Rechnungssummen' }).getByText('0,00 €').first().waitFor();
      expect(await page.locator('.mantine-InputWrapper-error').count()).toBe(0);
      expect(await page.getByText('Die Summen können noch nicht berechnet werden').count()).toBe(0);
      expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);

      const customer = page.getByLabel('Kunde', { exact: false }).first();
      await customer.click();
      await customer.fill('Müller');
      await page.getByRole('option', { name: 'Müller Verlag GmbH' }).click();
      await page.getByLabel('Rechnungsdatum').fill('06.12.2026');
      await page.getByLabel('Rechnungsdatum').press('Tab');

      const line1 = page.getByRole('group', { name: 'Position 1' });
      await line1.getByLabel('Beschreibung').fill('Beratung');
      await line1.getByLabel('Menge').fill('2');
      await line1.getByLabel('Einzelpreis').fill('1.500,00');
      await pick(page, line1.getByLabel('Steuersatz'), 'USt. 19 %');

      await page.getByRole('button', { name: 'Position hinzufügen' }).click();
      const line2 = page.getByRole('group', { name: 'Position 2' });
      await line2.getByLabel('Beschreibung').fill('Broschüren');
      await line2.getByLabel('Menge').fill('3');
      await line2.getByLabel('Einzelpreis').fill('100,00');
      await pick(page, line2.getByLabel('Steuersatz'), 'USt. 7 %');

      const totals = page.getByRole('table', { name: 'Rechnungssummen' });
      await totals.getByRole('row', { name: /^Gesamt/ }).getByText('3.891,00 €').waitFor();

      // Adding a discount keeps the totals while it is typed.
      await page.getByRole('button', { name: 'Rabatt hinzufügen' }).click();
      const discount = page.getByRole('group', { name: 'Rabatt 1' });
      expect(await discount.getByLabel('Grund').inputValue()).toBe('Rabatt');
      await totals.getByRole('row', { name: /^Gesamt/ }).getByText('3.891,00 €').waitFor();
      await discount.getByLabel('Betrag').fill('5 %');
      // 5 % of 3.000,00 at 19 % and of 300,00 at 7 %: 150,00 + 15,00.
      await totals.getByRole('row', { name: /^Rabatte/ }).getByText('−165,00 €').waitFor();
      await totals.getByRole('row', { name: /USt\. 19 % \(19 % von 2\.850,00 €\)/ }).getByText('541,50 €').waitFor();
      await totals.getByRole('row', { name: /USt\. 7 % \(7 % von 285,00 €\)/ }).getByText('19,95 €').waitFor();
      await totals.getByRole('row', { name: /^Gesamt/ }).getByText('3.696,45 €').waitFor();
      await discount.getByText('Nach Steuersatz aufgeteilt: 150,00 € zu USt. 19 %, 15,00 € zu USt. 7 %').waitFor();
      await page.getByLabel('Rechnungsdatum').click();
      await page.keyboard.press('Escape');
      expect(await page.locator('.mantine-InputWrapper-error').count()).toBe(0);
      await shot(page, 'editor-de-1440');

      await page.getByRole('button', { name: 'Entwurf speichern' }).click();
      await page.waitForURL(/\/invoices\/(?!new$)[^/]+$/);
      invoiceId = page.url().split('/').pop() ?? '';
      const saved = await owner.get(`/api/v1/invoices/${invoiceId}`);
      expect(saved.status).toBe(200);
      expect(saved.body.issue_date).toBe('2026-12-06');
      expect(saved.body.lines.map((l: { quantity: string; unit_price: string; tax_rate_id: string }) => [l.quantity, l.unit_price, l.tax_rate_id])).toEqual([
        ['2', '1500.00', vat19.id],
        ['3', '100.00', vat7.id],
      ]);
      expect(saved.body.allowances.map((a: { reason: string; percentage: string; amount: string; tax_rate_id: string }) => [a.reason, a.percentage, a.amount, a.tax_rate_id])).toEqual([
        ['Rabatt', '5', '150.00', vat19.id],
        ['Rabatt', '5', '15.00', vat7.id],
      ]);
      expect(saved.body.total).toBe('3696.45');

      // Edited again, the two allowances are one discount on all lines.
      await page.goto(`${server.url}/invoices/${invoiceId}/edit`);
      await page.getByRole('heading', { name: 'Rechnungsentwurf bearbeiten' }).waitFor();
      expect(await page.getByRole('group', { name: /^Rabatt/ }).count()).toBe(1);
      expect(await page.getByRole('group', { name: 'Rabatt 1' }).getByLabel('Betrag').inputValue()).toBe('5 %');
      expect(await page.getByRole('group', { name: 'Position 1' }).getByLabel('Einzelpreis').inputValue()).toBe('1.500,00');
      expect(await page.getByLabel('Rechnungsdatum').inputValue()).toBe('06.12.2026');
      expect(browser.consoleErrors).toEqual([]);
    } catch (error) {
      await shot(browser.page, 'failure-1440');
      throw error;
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('keeps each line compact on a 390 px phone', async () => {
    expect(invoiceId).not.toBe('');
    const phone = await openBrowser({ width: 390, height: 844, locale: 'de-DE' });
    try {
      await signIn(phone, owner, server.url);
      const { page } = phone;
      await page.goto(`${server.url}/invoices/${invoiceId}/edit`);
      await page.getByRole('heading', { name: 'Rechnungsentwurf bearbeiten' }).waitFor();
      const line1 = page.getByRole('group', { name: 'Position 1' });
      await line1.getByLabel('Betrag Position 1').getByText('3.000,00 €').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      for (const name of ['Position 1', 'Position 2']) {
        const box = await page.getByRole('group', { name }).boundingBox();
        expect(box?.height).toBeLessThanOrEqual(170);
      }
      await shot(page, 'editor-de-390');
      // The secondary fields open behind "Mehr".
      await line1.getByRole('button', { name: 'Weitere Felder für Position 1' }).click();
      await line1.getByLabel('Rabatt').fill('10 %');
      await line1.getByLabel('Betrag Position 1').getByText('2.700,00 €').waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, 'editor-de-390-expanded');
      expect(phone.consoleErrors).toEqual([]);
    } finally {
      await phone.close();
    }
  }, 180_000);
});
