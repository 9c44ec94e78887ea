/**
 * The invoice page in a German browser: everything in German, a payment typed the German way
 * ("1.200,50", "06.12.2026") reaches the API as "1200.50" and "2026-12-06", Duplicate lands
 * in the new draft's editor; the document preview's VAT table is never cut off (1440 px and
 * 390 px); on a phone the page fits its width and the notification leaves the actions free.
 * Screenshots (German, 1440 and 390 px) go to /tmp/shots-detail/.
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

const SHOTS = '/tmp/shots-detail';

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The preview's VAT table, measured inside its frame: wider than its box, or any cell cut? */
async function taxTableFits(page: Page): Promise<{ fits: boolean; detail: string }> {
  const frame = page.frameLocator('iframe[title="Rechnungsdokument"]');
  await frame.locator('table.taxes').waitFor();
  // Runs in the frame; `any`: the root tsconfig has no DOM types.
  return frame.locator('table.taxes').evaluate((table: any) => {
    const doc = table.ownerDocument;
    const box = table.closest('.taxes') ?? table.parentElement;
    const tableWidth = table.getBoundingClientRect().width;
    const boxWidth = box.getBoundingClientRect().width;
    const viewport = doc.documentElement.clientWidth;
    const cut = [...table.querySelectorAll('th, td')].filter((cell: any) => cell.scrollWidth > cell.clientWidth + 1 || cell.getBoundingClientRect().right > viewport + 0.5);
    const scroller = table.parentElement;
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    return {
      fits: tableWidth <= boxWidth + 0.5 && cut.length === 0 && !scrolls && doc.documentElement.scrollWidth <= viewport,
      detail: 'table ' + tableWidth + ' box ' + boxWidth + ' viewport ' + viewport + ' cut ' + cut.map((c: any) => c.textContent).join('|') + ' scrolls ' + scrolls,
    };
  });
}

describe.skipIf(!chromiumAvailable)('the invoice page in German', () => {
  let server: TestServer;
  let owner: Client;
  let invoice: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    const standard = await createTaxRate(owner, { percentage: '19', category: 'S', name: 'USt. 19 %' });
    const reduced = await createTaxRate(owner, { percentage: '7', category: 'S', name: 'USt. 7 %' });
    const customer = await createCustomer(owner, { name: 'Müller Werbeagentur GmbH', currency: 'EUR' });
    invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [
        { description: 'Webdesign Startseite', quantity: '10', unit_price: '100.00', unit: 'Std.', tax_rate_id: standard.id },
        { description: 'Gedruckte Broschüren', quantity: '500', unit_price: '1.00', unit: 'Stk.', tax_rate_id: reduced.id },
      ],
      notes: 'Vielen Dank für Ihren Auftrag.',
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('at 1440 px: German, a German payment, the VAT table whole, and Duplicate', { timeout: 180_000 }, async () => {
    const browser: BrowserSession = await openBrowser({ width: 1440, height: 900, locale: 'de-DE' });
    try {
      const { page } = browser;
      page.setDefaultTimeout(20_000);
      await signIn(browser, owner, server.url);
      await page.goto(`${server.url}/invoices/${invoice.id}`);
      await page.getByRole('heading', { name: invoice.number }).waitFor();
      await page.getByRole('button', { name: 'Zahlung erfassen' }).waitFor();
      await page.getByText('Fälligkeitsdatum').waitFor();
      await page.getByRole('table', { name: 'Rechnungsbeträge' }).getByText('Offener Betrag').waitFor();
      await page.getByRole('heading', { name: 'Verlauf' }).waitFor();
      await page.getByText('Entwurf erstellt').waitFor();
      expect(await page.getByRole('button', { name: 'Record payment' }).count()).toBe(0);

      const fit = await taxTableFits(page);
      expect(fit.fits, fit.detail).toBe(true);
      await shoot(page, 'invoice-de-1440');

      // A payment typed the German way.
      const sent: unknown[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/api/v1/payments')) sent.push(request.postDataJSON());
      });
      await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Zahlung erfassen' });
      expect(await dialog.getByLabel(/^Betrag/).inputValue()).toBe('1.725,00');
      await dialog.getByLabel(/^Betrag/).fill('1.200,50');
      await dialog.getByLabel('Zahlungsdatum').fill('06.12.2026');
      // Leaving the field reads the date (Enter would submit the form).
      await dialog.getByLabel('Zahlungsdatum').press('Tab');
      await dialog.getByLabel('Referenz').fill('Überweisung 4711');
      expect(await dialog.getByLabel('Zahlungsdatum').inputValue()).toBe('06.12.2026');
      await page.screenshot({ path: path.join(SHOTS, 'payment-dialog-de-1440.png') });
      await dialog.getByRole('button', { name: 'Zahlung speichern' }).click();
      await page.getByRole('table', { name: 'Zahlungen' }).getByText('Überweisung 4711').waitFor();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ invoice_id: invoice.id, amount: '1200.50', date: '2026-12-06' });
      await page.getByRole('table', { name: 'Rechnungsbeträge' }).getByRole('row', { name: /Offener Betrag/ }).getByText('524,50').waitFor();
      await page.getByRole('table', { name: 'Zahlungen' }).getByText('06.12.2026').waitFor();

      // Duplicate: a new draft, opened in the editor.
      await page.getByRole('button', { name: 'Duplizieren' }).click();
      await page.waitForURL(/\/invoices\/[^/]+\/edit$/);
      await page.getByText('Rechnung dupliziert').waitFor();
      const copyId = /\/invoices\/([^/]+)\/edit$/.exec(page.url())?.[1];
      expect(copyId).toBeDefined();
      expect(copyId).not.toBe(invoice.id);
      const copy = (await owner.get(`/api/v1/invoices/${copyId}`)).body;
      expect(copy.status).toBe('draft');
      expect(copy.total).toBe(invoice.total);
      expect(copy.lines.map((l: any) => l.description)).toEqual(['Webdesign Startseite', 'Gedruckte Broschüren']);
      expect(browser.consoleErrors).toEqual([]);
    } catch (error) {
      await shoot(browser.page, `failure-${browser.page.viewportSize()?.width ?? 0}`).catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });

  it('at 390 px: fits the phone, the VAT table whole, notifications clear of the actions', { timeout: 180_000 }, async () => {
    const browser: BrowserSession = await openBrowser({ width: 390, height: 844, locale: 'de-DE' });
    try {
      const { page } = browser;
      page.setDefaultTimeout(20_000);
      await signIn(browser, owner, server.url);
      await page.goto(`${server.url}/invoices/${invoice.id}`);
      await page.getByRole('heading', { name: invoice.number }).waitFor();
      await page.getByRole('list', { name: 'Zahlungen' }).getByText('Überweisung 4711').waitFor();
      const fit = await taxTableFits(page);
      expect(fit.fits, fit.detail).toBe(true);
      expect(await fitsWidth(page)).toBe(true);
      await shoot(page, 'invoice-de-390');

      // The actions wrap on the phone, and the notification a payment brings leaves them free.
      const actions = page.getByRole('group', { name: 'Aktionen zur Rechnung' });
      const actionsBox = await actions.boundingBox();
      expect(actionsBox?.width ?? 0).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
      const dialog = page.getByRole('dialog', { name: 'Zahlung erfassen' });
      await dialog.getByLabel(/^Betrag/).fill('10,00');
      await dialog.getByRole('button', { name: 'Zahlung speichern' }).click();
      const note = page.locator('.mantine-Notification-root').filter({ hasText: 'Zahlung erfasst' });
      await note.waitFor();
      await page.evaluate('window.scrollTo(0, 0)');
      const noteBox = await note.boundingBox();
      const buttonsBox = await actions.boundingBox();
      expect(noteBox).not.toBeNull();
      expect(buttonsBox).not.toBeNull();
      if (noteBox && buttonsBox) {
        const overlaps = noteBox.y < buttonsBox.y + buttonsBox.height && buttonsBox.y < noteBox.y + noteBox.height;
        expect(overlaps, `notification ${JSON.stringify(noteBox)} actions ${JSON.stringify(buttonsBox)}`).toBe(false);
      }
      expect(await fitsWidth(page)).toBe(true);
      expect(browser.consoleErrors).toEqual([]);
    } catch (error) {
      await shoot(browser.page, `failure-${browser.page.viewportSize()?.width ?? 0}`).catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });
});
