/**
 * Customers and the organization's settings in a German browser: codes picked from real lists
 * by their German names ("Deutschland" is stored as DE, "Euro" as EUR), a payment typed the
 * German way ("1.500,00", "20.11.2026"), the customer page on a 390 px phone without sideways
 * scrolling and with its totals in view, and the organization's document language.
 * Screenshots (German, 1440 px and 390 px) go to /tmp/shots-customers/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, type BrowserSession, signIn } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const SHOTS = '/tmp/shots-customers';

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Types into a searchable picker and chooses the option whose name matches. */
async function pick(page: Page, scope: ReturnType<Page['getByRole']> | Page, label: string, typed: string, option: RegExp): Promise<void> {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Every element matching `text` that is visible lies inside the viewport's width. */
async function visibleWithin(page: Page, text: string, width: number): Promise<void> {
  const element = page.getByText(text, { exact: true }).first();
  await element.waitFor();
  const box = await element.boundingBox();
  expect(box, text).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

describe.skipIf(!chromiumAvailable)('customers and organization settings in German', () => {
  let server: TestServer;
  let desktop: BrowserSession;
  let phone: BrowserSession;
  let owner: Client;
  let alpha: any;
  let invoice: any;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    alpha = await createCustomer(owner, {
      name: 'Alpenblick Hotels & Resorts AG',
      email: 'buchhaltung@alpenblick.example',
      address: { line1: 'Mariahilfer Straße 120', city: 'Wien', postal_code: '1070', country: 'AT' },
    });
    invoice = await finalizedInvoice(owner, {
      customerId: alpha.id,
      issue_date: '2026-11-01',
      due_date: '2026-11-15',
      lines: [{ description: 'Beratung', quantity: '1', unit_price: '2000.00' }],
    });
    desktop = await openBrowser({ width: 1440, locale: 'de-DE' });
    desktop.page.setDefaultTimeout(30_000);
    await signIn(desktop, owner, server.url);
    phone = await openBrowser({ width: 390, height: 844, locale: 'de-DE' });
    phone.page.setDefaultTimeout(30_000);
    await signIn(phone, owner, server.url);
  });
  afterAll(async () => {
    await desktop?.close();
    await phone?.close();
    await server?.close();
  });

  it('creates a customer with the country, currency and language picked by their German names', async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: /^(Neuer Kunde|New customer)$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Neuer Kunde' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Kunden anlegen' }).click();
    await dialog.getByText('Geben Sie den Namen des Kunden ein').waitFor();

    await dialog.getByLabel(/^Name/).fill('Zebra Handel GmbH');
    await dialog.getByLabel('E-Mail', { exact: true }).fill('rechnung@zebra.example');
    await dialog.getByLabel('Postleitzahl').fill('10115');
    await dialog.getByLabel('Ort', { exact: true }).fill('Berlin');
    await pick(page, dialog, 'Land', 'Deutschland', /^Deutschland \(DE\)$/);
    await pick(page, dialog, 'Währung', 'Euro', /^EUR — Euro$/);
    await pick(page, dialog, 'Sprache', 'de-AT', /\(de-AT\)$/);
    expect(await dialog.getByRole('combobox', { name: 'Land', exact: true }).inputValue()).toBe('Deutschland (DE)');
    await shot(page, 'customer-form-de-1440');
    await dialog.getByRole('button', { name: 'Kunden anlegen' }).click();
    await page.getByText('Zebra Handel GmbH angelegt').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const stored = (await owner.get('/api/v1/customers?q=Zebra')).body.data[0];
    expect(stored).toMatchObject({ currency: 'EUR', language: 'de-AT', address: { country: 'DE', city: 'Berlin', postal_code: '10115' } });

    // The detail page names the country in German and writes the address the German way.
    await page.goto(`${server.url}/customers/${stored.id}`);
    await page.getByRole('heading', { name: 'Zebra Handel GmbH' }).waitFor();
    await page.getByText(/10115 Berlin\s+Deutschland/).waitFor();
    expect(desktop.consoleErrors).toEqual([]);
  });

  it('shows the customer page on a 390 px phone: no sideways scrolling, the totals in view', async () => {
    const { page } = phone;
    await page.goto(`${server.url}/customers/${alpha.id}`);
    await page.getByRole('heading', { name: 'Alpenblick Hotels & Resorts AG' }).waitFor();
    await page.getByRole('list', { name: 'Rechnungen' }).getByText(invoice.number).waitFor();
    await page.getByText('Offen (EUR)').waitFor();
    await visibleWithin(page, '2.000,00\u00a0€', 390);
    expect(await fitsWidth(page)).toBe(true);
    // The phone list replaces the invoice table, which is not shown.
    expect(await page.getByRole('table', { name: 'Rechnungen' }).count()).toBe(0);
    await shot(page, 'customer-detail-de-390');

    await desktop.page.goto(`${server.url}/customers/${alpha.id}`);
    await desktop.page.getByRole('table', { name: 'Rechnungen' }).getByText(invoice.number).waitFor();
    await shot(desktop.page, 'customer-detail-de-1440');
    expect(phone.consoleErrors).toEqual([]);
  });

  it('records a payment typed the German way: "1.500,00" on "20.11.2026"', async () => {
    const { page } = phone;
    await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
    const dialog = page.getByRole('dialog', { name: /Zahlung von Alpenblick/ });
    await dialog.getByRole('list', { name: 'Offene Rechnungen' }).waitFor();
    await dialog.getByLabel('Erhaltener Betrag (EUR)').fill('1.500,00');
    await expect.poll(() => dialog.getByLabel(`Auf ${invoice.number} anrechnen`).inputValue()).toBe('1.500,00');
    const date = dialog.getByLabel('Zahlungsdatum');
    await date.fill('20.11.2026');
    await date.press('Tab');
    await dialog.getByTestId('remaining-credit').getByText(/0,00/).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'receive-payment-de-390');
    await dialog.getByRole('button', { name: 'Zahlung verbuchen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/Zahlung über 1\.500,00\s€ auf 1 Rechnung verbucht/).waitFor();

    const after = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ amount_paid: '1500.00', amount_due: '500.00', status: 'partially_paid' });
    const payments = (await owner.get(`/api/v1/payments?customer_id=${alpha.id}`)).body.data;
    expect(payments[0]).toMatchObject({ amount: '1500.00', date: '2026-11-20' });
    // Paid: the payment shows in the phone list, the page still fits.
    await page.getByRole('list', { name: 'Zahlungen' }).getByText(/20\.11\.2026/).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(phone.consoleErrors).toEqual([]);
  });

  it('edits the organization in German with pickers; the document language is explained as such', async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/settings/organization`);
    const language = page.getByRole('combobox', { name: 'Dokumentsprache', exact: true });
    await language.waitFor();
    await page.getByText(/Ihre Oberfläche folgt der Sprache, die Sie im Kontomenü wählen/).waitFor();
    await pick(page, page, 'Dokumentsprache', 'de-AT', /\(de-AT\)$/);
    await page.getByTestId('document-language-sample').getByText(/1\.234,50/).waitFor();
    await pick(page, page, 'Land', 'Österreich', /^Österreich \(AT\)$/);
    await page.getByLabel('Ort', { exact: true }).fill('Wien');
    await pick(page, page, 'Standardwährung', 'Schweizer', /^CHF — Schweizer Franken$/);
    await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await page.getByText('Einstellungen gespeichert').waitFor();
    const organization = (await owner.get('/api/v1/organization')).body;
    expect(organization).toMatchObject({ locale: 'de-AT', currency: 'CHF', address: { country: 'AT', city: 'Wien' } });
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, 'settings-organization-de-1440');

    for (const [tab, name] of [
      ['organization', 'settings-organization-de-390'],
      ['branding', 'settings-branding-de-390'],
      ['email', 'settings-email-de-390'],
    ] as const) {
      await phone.page.goto(`${server.url}/settings/${tab}`);
      await phone.page.getByRole('button', { name: /speichern/ }).first().waitFor();
      expect(await fitsWidth(phone.page), tab).toBe(true);
      await shot(phone.page, name);
    }
    await page.goto(`${server.url}/settings/branding`);
    await page.getByRole('button', { name: 'Gestaltung speichern' }).waitFor();
    await shot(page, 'settings-branding-de-1440');
    expect(desktop.consoleErrors).toEqual([]);
    expect(phone.consoleErrors).toEqual([]);
  });

  it('shows the e-mail sample with the organization’s name and its latest invoice', async () => {
    const { page } = desktop;
    await page.goto(`${server.url}/settings/email`);
    const sample = page.getByLabel('Vorschau');
    await sample.getByText(new RegExp(`${invoice.number}.*Acme GmbH`)).first().waitFor();
    expect(await sample.getByText('Your company').count()).toBe(0);
    await shot(page, 'settings-email-de-1440');
    expect(desktop.consoleErrors).toEqual([]);
  });
});
