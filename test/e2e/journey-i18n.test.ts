/**
 * The freelancer's journey in German, French and English, typed the way each reads numbers
 * and dates: write an invoice (quantity, unit price, issue date), save, finalize, record a
 * part payment (amount and date), and see what is still owed — at desk width and on a 390 px
 * phone. Labels come from the interface's own message files, so the test follows the words a
 * user sees in each language; the figures the API stores must be exact.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../web/src/i18n/locales');

/** The interface's message for `key` in `language`, with `values` filled in. */
function messages(language: string) {
  const tree: Record<string, unknown> = {};
  for (const file of fs.readdirSync(path.join(LOCALES, language))) Object.assign(tree, JSON.parse(fs.readFileSync(path.join(LOCALES, language, file), 'utf8')));
  return (key: string, values: Record<string, string | number> = {}): string => {
    const message = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
    if (typeof message !== 'string') throw new Error(`no message ${key} in ${language}`);
    return String(new IntlMessageFormat(message, language).format(values));
  };
}

const JOURNEYS = [
  { locale: 'de-DE', width: 1440, quantity: '2,5', price: '1.200,00', issue: '06.12.2026', paid: '1.000,50', payDate: '07.12.2026', due: '2.569,50' },
  { locale: 'fr-FR', width: 390, quantity: '2,5', price: '1 200,00', issue: '06/12/2026', paid: '1 000,50', payDate: '07/12/2026', due: '2\u202f569,50' },
  { locale: 'en-US', width: 390, quantity: '2.5', price: '1,200.00', issue: '12/06/2026', paid: '1,000.50', payDate: '12/07/2026', due: '2,569.50' },
] as const;

describe.skipIf(!chromiumAvailable)('the freelancer journey in three languages', () => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Anna Berger Design', currency: 'EUR' });
    await createTaxRate(owner, { percentage: '19', category: 'S', name: 'VAT 19' });
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const journey of JOURNEYS) {
    it(`${journey.locale} at ${journey.width} px`, { timeout: 180_000 }, async () => {
      const t = messages(journey.locale.slice(0, 2));
      const customer = await createCustomer(owner, { name: `Client ${journey.locale}`, currency: 'EUR' });
      const browser = await openBrowser({ locale: journey.locale, width: journey.width, height: 900 });
      try {
        await signIn(browser, owner, server.url);
        const { page } = browser;
        page.setDefaultTimeout(30_000);

        await page.goto(`${server.url}/invoices/new`);
        await page.getByRole('heading', { name: t('editor.title.new') }).waitFor();
        const picker = page.getByLabel(t('editor.customer.label'), { exact: false }).first();
        await picker.click();
        await picker.fill(`Client ${journey.locale}`);
        await page.getByRole('option', { name: `Client ${journey.locale}` }).click();
        await page.getByLabel(t('editor.issueDate')).fill(journey.issue);
        await page.getByLabel(t('editor.issueDate')).press('Tab');
        const line = page.getByRole('group', { name: t('editor.lines.group', { n: 1 }) });
        await line.getByLabel(t('editor.lines.description')).fill('Webdesign');
        await line.getByLabel(t('editor.lines.quantity')).fill(journey.quantity);
        await line.getByLabel(t('editor.lines.unitPrice')).fill(journey.price);
        await line.getByLabel(t('editor.lines.taxRate')).click();
        await page.getByRole('option', { name: /VAT 19/ }).click();
        expect(await fitsWidth(page)).toBe(true);
        await page.getByRole('button', { name: t('editor.save') }).click();
        await page.waitForURL(/\/invoices\/inv_[^/]+$/);
        const invoiceId = new URL(page.url()).pathname.split('/').pop() as string;

        // What the API stored is exactly what was typed, whatever the language.
        const draft = (await owner.get(`/api/v1/invoices/${invoiceId}`)).body;
        expect(draft.customer_id).toBe(customer.id);
        expect(draft.issue_date).toBe('2026-12-06');
        expect(draft.lines[0]).toMatchObject({ quantity: '2.5', unit_price: '1200.00' });
        expect(draft.total).toBe('3570.00');

        await page.getByRole('button', { name: t('invoice.actions.finalize'), exact: true }).click();
        await page.getByRole('button', { name: t('invoice.actions.finalizeConfirm') }).click();
        await page.getByRole('button', { name: t('invoice.actions.recordPayment') }).waitFor();
        expect((await owner.get(`/api/v1/invoices/${invoiceId}`)).body.status).toBe('open');

        await page.getByRole('button', { name: t('invoice.actions.recordPayment') }).click();
        const dialog = page.getByRole('dialog');
        const amount = dialog.getByLabel(t('invoice.payment.amount', { currency: 'EUR' }));
        await amount.fill(journey.paid);
        await dialog.getByLabel(t('invoice.payment.date')).fill(journey.payDate);
        await dialog.getByLabel(t('invoice.payment.date')).press('Tab');
        await dialog.getByRole('button', { name: t('invoice.payment.save') }).click();
        await page.getByRole('table', { name: t('invoice.amounts.label') }).getByText(journey.due, { exact: false }).first().waitFor();

        const paid = (await owner.get(`/api/v1/invoices/${invoiceId}`)).body;
        expect(paid).toMatchObject({ status: 'partially_paid', amount_paid: '1000.50', amount_due: '2569.50' });
        const payments = (await owner.get(`/api/v1/payments?invoice_id=${invoiceId}`)).body.data;
        expect(payments.map((p: { amount: string; date: string }) => [p.amount, p.date])).toEqual([['1000.50', '2026-12-07']]);
        expect(await fitsWidth(page)).toBe(true);
        expect(browser.consoleErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});
