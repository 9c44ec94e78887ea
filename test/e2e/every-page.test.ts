/**
 * Every page of the app, in German, French and English, at desk and phone width: it renders
 * in the browser's language (no English left on German pages), fits a 390 px phone without
 * sideways scrolling, and logs no console error. With SETTLE_DOC_SCREENSHOTS=1 the German
 * screenshots are written to docs/images/ (desk and phone) for the README and user guide.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const DOC_IMAGES = path.resolve(import.meta.dirname, '../../docs/images');

/** English interface words that must not appear on a page shown in another language. */
const ENGLISH = /\b(Save|Cancel|Invoices?|Customers?|Amount|Due date|Issue date|Payments?|Settings|Search|Status|Total|Delete|Edit|Download|Reports?|Credit notes?)\b/g;
/** Words that are English and also the language's own ("Status" in German, "Total" in French and Spanish). */
const ALSO_NATIVE: Record<string, string[]> = { de: ['Status'], fr: ['Total'], es: ['Total'] };

function englishWord(text: string, language: string): string | undefined {
  return [...text.matchAll(ENGLISH)].map((m) => m[0]).find((word) => !(ALSO_NATIVE[language] ?? []).includes(word));
}

interface Seed {
  customerId: string;
  invoiceId: string;
  creditNoteId: string;
  quoteId: string;
}

async function seed(owner: Client): Promise<Seed> {
  // A Berlin business: its documents and e-mails are German (the interface follows each browser).
  const organization = await owner.patch('/api/v1/organization', { locale: 'de-DE' });
  expect(organization.status, organization.text).toBe(200);
  const reduced = await createTaxRate(owner, { name: 'USt. ermäßigt', percentage: '7' });
  const standard = await createTaxRate(owner, { name: 'USt.', percentage: '19' });
  const customer = await createCustomer(owner, { name: 'Müller Werbetechnik GmbH', email: 'buchhaltung@mueller.example', address: { line1: 'Hauptstraße 5', city: 'Berlin', postal_code: '10115', country: 'DE' } });
  await createCustomer(owner, { name: 'Bäckerei Schmidt', email: 'info@schmidt.example' });
  const product = await owner.post('/api/v1/products', { name: 'Webdesign', unit_price: '95.00', unit: 'Std.', tax_rate_id: standard.id });
  expect(product.status, product.text).toBe(201);
  const invoice = await finalizedInvoice(owner, {
    customerId: customer.id,
    issue_date: '2026-11-02',
    due_date: '2026-11-16',
    lines: [
      { description: 'Broschüren, 500 Stück', quantity: '1', unit_price: '1200.00', tax_rate_id: reduced.id },
      { description: 'Gestaltung', quantity: '8', unit_price: '95.00', tax_rate_id: standard.id },
    ],
  });
  const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '500.00', date: '2026-11-20', method: 'bank_transfer', reference: 'RE-1' });
  expect(paid.status, paid.text).toBe(201);
  const credit = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '107.00', reason: 'Beschädigte Broschüren', tax_rate_id: reduced.id });
  expect(credit.status, credit.text).toBe(201);
  await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-20', lines: [{ description: 'Wartung', quantity: '1', unit_price: '240.00', tax_rate_id: standard.id }] });
  // A custom field with a value: the settings list, the customer page and the forms show it.
  const field = await owner.post('/api/v1/custom-fields', { resource: 'customer', key: 'ansprechpartner', label: 'Ansprechpartner', type: 'text' });
  expect(field.status, field.text).toBe(201);
  expect((await owner.patch(`/api/v1/customers/${customer.id}`, { custom_fields: { ansprechpartner: 'Frau Müller' } })).status).toBe(200);
  const quote = await owner.post('/api/v1/quotes', {
    customer_id: customer.id,
    lines: [{ description: 'Neugestaltung der Website', quantity: '12', unit_price: '95.00', tax_rate_id: standard.id, discount: '5%' }],
  });
  expect(quote.status, quote.text).toBe(201);
  expect((await owner.post(`/api/v1/quotes/${quote.body.id}/finalize`)).status).toBe(200);
  return { customerId: customer.id, invoiceId: invoice.id, creditNoteId: credit.body.id, quoteId: quote.body.id };
}

function pages(s: Seed): { name: string; path: string }[] {
  return [
    { name: 'dashboard', path: '/' },
    { name: 'invoices', path: '/invoices' },
    { name: 'invoice-editor', path: '/invoices/new' },
    { name: 'invoice', path: `/invoices/${s.invoiceId}` },
    { name: 'quotes', path: '/quotes' },
    { name: 'quote-editor', path: '/quotes/new' },
    { name: 'quote', path: `/quotes/${s.quoteId}` },
    { name: 'customers', path: '/customers' },
    { name: 'customer', path: `/customers/${s.customerId}` },
    { name: 'products', path: '/products' },
    { name: 'tax-rates', path: '/tax-rates' },
    { name: 'billable-metrics', path: '/billable-metrics' },
    { name: 'recurring', path: '/recurring' },
    { name: 'recurring-editor', path: '/recurring/new' },
    { name: 'payments', path: '/payments' },
    { name: 'credit-notes', path: '/credit-notes' },
    { name: 'credit-note', path: `/credit-notes/${s.creditNoteId}` },
    { name: 'emails', path: '/emails' },
    { name: 'import', path: '/import?type=customers' },
    { name: 'reports', path: '/reports' },
    { name: 'settings', path: '/settings' },
    { name: 'settings-branding', path: '/settings/branding' },
    { name: 'settings-email', path: '/settings/email' },
    { name: 'settings-payments', path: '/settings/payments' },
    { name: 'settings-reminders', path: '/settings/reminders' },
    { name: 'settings-custom-fields', path: '/settings/custom-fields' },
    { name: 'settings-users', path: '/settings/users' },
    { name: 'settings-tokens', path: '/settings/tokens' },
    { name: 'settings-webhooks', path: '/settings/webhooks' },
    { name: 'settings-events', path: '/settings/events' },
    { name: 'settings-audit', path: '/settings/audit' },
    { name: 'settings-exports', path: '/settings/exports' },
    { name: 'settings-account', path: '/settings/account' },
  ];
}

describe.skipIf(!chromiumAvailable)('every page, in every language, on desk and phone', () => {
  let server: TestServer;
  let owner: Client;
  let data: Seed;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Anna Berger Design', currency: 'EUR' });
    data = await seed(owner);
  });
  afterAll(async () => {
    await server?.close();
  });

  for (const [locale, width] of [
    ['de-DE', 390],
    ['de-DE', 1440],
    ['fr-FR', 390],
    ['en-US', 390],
  ] as const) {
    // Some 30 pages, each loaded and checked: longer than one page's test.
    it(`${locale} at ${width} px`, { timeout: 240_000 }, async () => {
      const browser: BrowserSession = await openBrowser({ locale, width, height: 860 });
      try {
        await signIn(browser, owner, server.url);
        const problems: string[] = [];
        for (const { name, path: url } of pages(data)) {
          await browser.page.goto(server.url + url);
          await browser.page.locator('main h1, main h2').first().waitFor();
          await browser.page.waitForLoadState('networkidle');
          if (width <= 400 && !(await fitsWidth(browser.page))) problems.push(`${name}: wider than ${width} px`);
          if (!locale.startsWith('en')) {
            const text = await browser.page.locator('main').innerText();
            const english = englishWord(text, locale.slice(0, 2));
            if (english) problems.push(`${name}: English "${english}" on the ${locale} page`);
          }
          if (process.env.SETTLE_DOC_SCREENSHOTS === '1' && locale === 'de-DE') {
            fs.mkdirSync(DOC_IMAGES, { recursive: true });
            await browser.page.screenshot({ path: path.join(DOC_IMAGES, `de-${name}-${width <= 400 ? 'phone' : 'desk'}.png`), fullPage: width > 400 });
          } else {
            await screenshot(browser.page, `every-page-${locale}-${width}-${name}`);
          }
        }
        expect(problems).toEqual([]);
        expect(browser.consoleErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});
