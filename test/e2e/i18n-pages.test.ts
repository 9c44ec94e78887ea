/**
 * The catalogue, recurring billing, e-mails and settings pages in German (and a few in French):
 * each shows German text, fits a 390 px phone without sideways scrolling and logs no console
 * error; a product price "1.234,50" and tax rates "7" and "19,5" typed the German way reach the
 * API as exact decimal strings.
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

const SHOTS = process.env.SETTLE_SHOTS_DIR;

/** Page → a heading it shows in German. */
const GERMAN_PAGES: [string, string][] = [
  ['/products', 'Produkte & Leistungen'],
  ['/tax-rates', 'Steuersätze'],
  ['/billable-metrics', 'Abrechenbare Metriken'],
  ['/recurring', 'Wiederkehrende Rechnungen'],
  ['/recurring/new', 'Neue wiederkehrende Rechnung'],
  ['/emails', 'E-Mails'],
  ['/settings/reminders', 'Zahlungserinnerungen und Mahnungen'],
  ['/settings/tokens', 'API-Token erstellen'],
  ['/settings/payments', 'Einstellungen'],
  ['/settings/webhooks', 'Einstellungen'],
  ['/settings/events', 'Einstellungen'],
];

async function visit(page: Page, url: string, heading: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe.skipIf(!chromiumAvailable)('catalogue, recurring billing, e-mails and settings in German and French', () => {
  let server: TestServer;
  let owner: Client;
  let subscriptionId: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Muster GmbH' });
    const vat = await createTaxRate(owner, { name: 'USt. 19 %', category: 'S', percentage: '19' });
    const customer = await createCustomer(owner, { name: 'Beispiel AG', currency: 'EUR' });
    const invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [{ description: 'Hosting {month} {year}', quantity: '1', unit_price: '49.00', tax_rate_id: vat.id }],
    });
    const sub = await owner.post('/api/v1/subscriptions', { invoice_id: invoice.id, interval: 'month', interval_count: 1, start_date: '2026-12-01', collection: 'finalize' });
    expect(sub.status).toBe(201);
    subscriptionId = sub.body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const width of [1440, 390]) {
    it(`shows each page in German at ${width} px, fitting the screen, without console errors`, async () => {
      const session: BrowserSession = await openBrowser({ width, locale: 'de-DE' });
      try {
        session.page.setDefaultTimeout(15_000);
        await signIn(session, owner, server.url);
        const pages: [string, string][] = [...GERMAN_PAGES, [`/recurring/${subscriptionId}`, 'Zeitplan'], [`/recurring/${subscriptionId}/edit`, 'Wiederkehrende Rechnung bearbeiten']];
        for (const [url, heading] of pages) {
          await visit(session.page, `${server.url}${url}`, heading);
          await shot(session.page, `de-${width}${url.replace(/\//g, '-')}`);
          expect(await fitsWidth(session.page), `${url} fits ${width} px`).toBe(true);
        }
        expect(session.consoleErrors).toEqual([]);
      } finally {
        await session.close();
      }
    }, 240_000);
  }

  it('takes German amounts and percentages and stores exact decimals', async () => {
    const session = await openBrowser({ width: 1440, locale: 'de-DE' });
    try {
      const { page } = session;
      page.setDefaultTimeout(15_000);
      await signIn(session, owner, server.url);

      await visit(page, `${server.url}/tax-rates`, 'Steuersätze');
      for (const [name, typed] of [
        ['Ermäßigt', '7'],
        ['Sondersatz', '19,5'],
      ] as const) {
        await page.getByRole('button', { name: 'Neuer Steuersatz' }).first().click();
        const dialog = page.getByRole('dialog', { name: 'Neuer Steuersatz' });
        await dialog.getByLabel('Name').fill(name);
        await dialog.getByLabel('Prozentsatz').fill(typed);
        await dialog.getByRole('button', { name: 'Steuersatz anlegen' }).click();
        await dialog.waitFor({ state: 'detached' });
      }
      const rates = await owner.get('/api/v1/tax-rates?limit=100');
      const byName = new Map((rates.body.data as { name: string; percentage: string }[]).map((r) => [r.name, r.percentage]));
      expect(Number(byName.get('Ermäßigt'))).toBe(7);
      expect(byName.get('Sondersatz')).toMatch(/^19\.50*$/);

      await visit(page, `${server.url}/products`, 'Produkte & Leistungen');
      await page.getByRole('button', { name: 'Neues Produkt' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Neues Produkt oder neue Leistung' });
      await dialog.getByLabel('Name').fill('Beratung');
      await dialog.getByLabel(/Einzelpreis/).fill('1.234,50');
      await dialog.getByRole('button', { name: 'Produkt anlegen' }).click();
      await dialog.waitFor({ state: 'detached' });
      const products = await owner.get('/api/v1/products?limit=100');
      const product = (products.body.data as { name: string; unit_price: string }[]).find((p) => p.name === 'Beratung');
      expect(product?.unit_price).toMatch(/^1234\.50*$/);
      await page.getByRole('cell', { name: /1\.234,50/ }).waitFor();
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 120_000);

  it('shows three pages in French', async () => {
    const session = await openBrowser({ width: 390, locale: 'fr-FR' });
    try {
      session.page.setDefaultTimeout(15_000);
      await signIn(session, owner, server.url);
      for (const [url, heading] of [
        ['/products', 'Produits et services'],
        ['/tax-rates', 'Taux de TVA'],
        ['/recurring', 'Facturation récurrente'],
      ] as const) {
        await visit(session.page, `${server.url}${url}`, heading);
        expect(await fitsWidth(session.page), `${url} fits`).toBe(true);
      }
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
