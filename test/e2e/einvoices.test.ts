/**
 * E-invoices on the invoice page, in a real browser: finalizing for a customer who receives
 * XRechnung is refused with each broken rule and where to fix it; once fixed, the invoice's
 * Download menu offers the PDF and every e-invoice format, the XRechnung link downloads the
 * XML, and the E-invoice card says the document passes the rules. Then the page at phone
 * width, without sideways scrolling.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SCREENSHOTS, chromiumAvailable, openBrowser, screenshot, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const MENU_ENTRIES = ['PDF', 'Factur-X / ZUGFeRD (PDF/A-3)', 'XRechnung (CII)', 'XRechnung (UBL)', 'UBL (Peppol BIS 3)', 'CII (EN 16931)'];

/** Waits until the notifications have faded, so screenshots show the page itself. */
async function quiet(page: Page): Promise<void> {
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 10_000 });
}

describe.skipIf(!chromiumAvailable)('e-invoices in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;
  let invoiceId: string;
  let refusedDraftId: string;
  let vat19Id: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    // What XRechnung asks of the seller: address, VAT id, contact, bank account, electronic address.
    const org = await owner.patch('/api/v1/organization', {
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
      tax_id: 'DE123456789',
      email: 'billing@acme.example',
      phone: '+49 30 1234567',
      bank_details: { account_holder: 'Acme GmbH', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
      electronic_address: { scheme: 'EM', value: 'billing@acme.example' },
    });
    expect(org.status, org.text).toBe(200);
    const vat19 = await createTaxRate(owner, { percentage: '19', category: 'S', name: 'VAT 19%' });
    vat19Id = vat19.id;
    const customer = await createCustomer(owner, {
      name: 'Stadtverwaltung Musterstadt',
      email: 'rechnungen@musterstadt.example',
      address: { line1: 'Rathausplatz 1', city: 'Musterstadt', postal_code: '12345', country: 'DE' },
      electronic_address: { scheme: 'EM', value: 'rechnungen@musterstadt.example' },
      einvoice_format: 'xrechnung-cii',
    });
    // No buyer reference (Leitweg-ID) yet: XRechnung's BR-DE-15 refuses it.
    const draft = await draftInvoice(owner, {
      customerId: customer.id,
      lines: [{ description: 'Beratung', quantity: '2', unit_price: '100.00', unit: 'hour', tax_rate_id: vat19.id }],
    });
    invoiceId = draft.id;
    refusedDraftId = (await draftInvoice(owner, { customerId: customer.id, lines: [{ description: 'Wartung', quantity: '1', unit_price: '80.00', tax_rate_id: vat19.id }] })).id;
    browser = await openBrowser();
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the rules a refused finalize breaks, then downloads and checks the e-invoice', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/invoices/${invoiceId}`);
    await page.getByRole('heading', { name: 'Draft' }).waitFor();
    // A draft has only its PDF preview: no e-invoices yet.
    await page.getByRole('link', { name: 'Download the draft invoice as PDF' }).waitFor();
    expect(await page.getByRole('button', { name: /^Download/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'E-invoice' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Finalize' }).click();
    await page.getByRole('dialog', { name: 'Finalize this invoice?' }).getByRole('button', { name: 'Finalize invoice' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'This invoice cannot be finalized yet' });
    await refusal.getByText('The customer receives e-invoices in XRechnung (CII)', { exact: false }).waitFor();
    const fix = refusal.getByRole('list', { name: 'What to fix' });
    const line = fix.getByRole('listitem').filter({ hasText: 'BR-DE-15' });
    await line.getByText('Invoice: buyer reference (Leitweg-ID)').waitFor();
    expect(await line.getByRole('link', { name: 'Edit the invoice' }).getAttribute('href')).toBe(`/invoices/${invoiceId}/edit`);
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await screenshot(page, 'einvoice-finalize-refused');
    // The browser logs the refusal's 422 itself; it is the one expected.
    expect(browser.consoleErrors).toEqual([expect.stringMatching(/status of 422\b/)]);
    browser.consoleErrors.length = 0;

    // The line's link leads to the field: the editor's E-invoice details.
    await line.getByRole('link', { name: 'Edit the invoice' }).click();
    await page.waitForURL(/\/edit$/);
    await page.getByRole('heading', { name: 'E-invoice details' }).waitFor();
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByLabel('Buyer reference').fill('04011000-12345-34');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    await page.getByRole('heading', { name: 'Draft' }).waitFor();
    await page.getByRole('button', { name: 'Finalize' }).click();
    await page.getByRole('dialog', { name: 'Finalize this invoice?' }).getByRole('button', { name: 'Finalize invoice' }).click();
    await page.getByRole('heading', { name: 'INV-2026-00001' }).waitFor();
    expect(await refusal.count()).toBe(0);

    // The customer receives XRechnung (CII): the card checks it on its own.
    const card = page.getByRole('region', { name: 'E-invoice' });
    await card.getByText('This customer receives XRechnung (CII)').waitFor();
    await card.getByText('Valid — passes the EN 16931 rules').waitFor();

    // The Download menu: the PDF and every format, each a plain download link.
    await page.getByRole('button', { name: 'Download invoice INV-2026-00001' }).click();
    const menu = page.getByRole('menu');
    await menuShown(page);
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(MENU_ENTRIES.map((entry) => (entry === 'XRechnung (CII)' ? `${entry}Customer` : entry)));
    const xrechnung = menu.getByRole('menuitem', { name: /^XRechnung \(CII\)/ });
    const href = await xrechnung.getAttribute('href');
    expect(href).toBe(`/api/v1/invoices/${invoiceId}/einvoice?format=xrechnung-cii&download=1`);
    expect(await menu.getByRole('menuitem', { name: 'PDF', exact: true }).getAttribute('href')).toBe(`/api/v1/invoices/${invoiceId}/pdf?download=1`);
    await quiet(page);
    await screenshot(page, 'einvoice-invoice-menu');
    await menuImage(page, path.join(SCREENSHOTS, 'einvoice-download-menu.png'));

    // The link with the page's own cookies: an attachment, XML, this invoice.
    const file = await page.context().request.get(`${server.url}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^attachment;/);
    const xml = await file.text();
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('INV-2026-00001');
    expect(xml).toContain('urn:xeinkauf.de:kosit:xrechnung_3.0');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    // Another format, checked on demand.
    await card.getByLabel('Format').first().click();
    await page.getByRole('option', { name: 'UBL (Peppol BIS 3)' }).click();
    await card.getByRole('button', { name: 'Check' }).click();
    await card.getByText('Valid — passes the EN 16931 rules').waitFor();
    await card.getByText('No rule failed for UBL (Peppol BIS 3).').waitFor();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('offers the same menu for credit notes, which download as e-invoices too', async () => {
    const note = await owner.post(`/api/v1/invoices/${invoiceId}/credit-notes`, { amount: '23.80', reason: 'Eine Stunde zu viel' });
    expect(note.status, note.text).toBe(201);
    const { page } = browser;
    await page.goto(`${server.url}/credit-notes`);
    await page.getByRole('button', { name: `Download credit note ${note.body.number}` }).click();
    const menu = page.getByRole('menu');
    await menuShown(page);
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(MENU_ENTRIES);
    const href = await menu.getByRole('menuitem', { name: 'UBL (Peppol BIS 3)' }).getAttribute('href');
    expect(href).toBe(`/api/v1/credit-notes/${note.body.id}/einvoice?format=ubl&download=1`);
    const file = await page.context().request.get(`${server.url}${href}`);
    expect(file.status()).toBe(200);
    const xml = await file.text();
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('<CreditNote');
    expect(xml).toContain(note.body.number);
    await screenshot(page, 'einvoice-credit-notes-menu');
    await page.keyboard.press('Escape');

    // And on the invoice's own page, in its credit notes.
    await page.goto(`${server.url}/invoices/${invoiceId}`);
    await page.getByRole('table', { name: 'Credit notes' }).getByRole('button', { name: `Download credit note ${note.body.number}` }).click();
    await menuShown(page);
    expect(await page.getByRole('menu').getByRole('menuitem', { name: 'XRechnung (CII)' }).getAttribute('href')).toBe(
      `/api/v1/credit-notes/${note.body.id}/einvoice?format=xrechnung-cii&download=1`,
    );
    await page.keyboard.press('Escape');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('lets a viewer check a format the customer did not ask for, and lists what fails', async () => {
    // A customer without an e-invoice format: finalizing is not checked, and the invoice has no buyer reference.
    const customer = await createCustomer(owner, { name: 'Initech GmbH', address: { line1: 'Weg 2', city: 'Köln', postal_code: '50667', country: 'DE' } });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Support', quantity: '1', unit_price: '50.00', tax_rate_id: vat19Id }] });
    const viewer = await userWithRole(owner, 'viewer');
    const session = await openBrowser();
    try {
      await signIn(session, viewer, server.url);
      const { page } = session;
      await page.goto(`${server.url}/invoices/${invoice.id}`);
      await page.getByRole('heading', { name: invoice.number }).waitFor();
      await page.getByRole('button', { name: `Download invoice ${invoice.number}` }).waitFor();
      const card = page.getByRole('region', { name: 'E-invoice' });
      await card.getByText('This customer has no e-invoice format.', { exact: false }).waitFor();
      // Nothing is checked until asked; XRechnung (CII) is preselected.
      expect(await card.getByLabel('Format').first().inputValue()).toBe('XRechnung (CII)');
      expect(await card.getByRole('alert').count()).toBe(0);
      await card.getByRole('button', { name: 'Check' }).click();
      const verdict = card.getByRole('alert').filter({ hasText: 'Not valid' });
      await verdict.waitFor();
      // XRechnung needs the buyer reference and the customer's electronic address.
      const broken = verdict.getByRole('list', { name: 'Rules XRechnung (CII) breaks' });
      await broken.getByRole('listitem').filter({ hasText: 'BR-DE-15' }).getByText('Buyer reference', { exact: false }).waitFor();
      await broken.getByRole('listitem').filter({ hasText: 'PEPPOL-EN16931-R010' }).waitFor();
      await screenshot(page, 'einvoice-check-failed');
      // Plain CII asks for neither.
      await card.getByLabel('Format').first().click();
      await page.getByRole('option', { name: 'CII (EN 16931)' }).click();
      await card.getByRole('button', { name: 'Check' }).click();
      await card.getByText('Valid — passes the EN 16931 rules').waitFor();
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('fits a phone: the menu and the card without sideways scrolling', async () => {
    const phone = await openBrowser({ width: 375, height: 812 });
    try {
      await signIn(phone, owner, server.url);
      // A refusal's lines at phone width.
      await phone.page.goto(`${server.url}/invoices/${refusedDraftId}`);
      await phone.page.getByRole('button', { name: 'Finalize' }).click();
      await phone.page.getByRole('dialog', { name: 'Finalize this invoice?' }).getByRole('button', { name: 'Finalize invoice' }).click();
      await phone.page.getByRole('list', { name: 'What to fix' }).getByText('BR-DE-15').waitFor();
      await phone.page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await screenshot(phone.page, 'einvoice-finalize-refused-phone');

      await phone.page.goto(`${server.url}/invoices/${invoiceId}`);
      await phone.page.getByRole('heading', { name: 'INV-2026-00001' }).waitFor();
      await phone.page.getByRole('region', { name: 'E-invoice' }).getByText('Valid — passes the EN 16931 rules').waitFor();
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await screenshot(phone.page, 'einvoice-invoice-phone');
      await phone.page.getByRole('button', { name: 'Download invoice INV-2026-00001' }).click();
      await menuShown(phone.page);
      expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await phone.page.screenshot({ path: path.join(SCREENSHOTS, 'einvoice-download-menu-phone.png') });
      expect(phone.consoleErrors).toEqual([expect.stringMatching(/status of 422\b/)]);
    } finally {
      await phone.close();
    }
  });
});

/** Waits for the menu's fade-in to end, so a screenshot shows it solid. */
async function menuShown(page: Page): Promise<void> {
  await page.getByRole('menu').waitFor();
  // Runs in the page (this file is typed for Node, without the DOM's names).
  const opacity = () =>
    page.getByRole('menu').evaluate((menu) => (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(menu).opacity);
  await expect.poll(opacity).toBe('1');
}

/** The open menu and the document bar around it, for the README (docs/images/einvoice-download-menu.png). */
async function menuImage(page: Page, file: string): Promise<void> {
  const bar = await page.getByText('Document', { exact: true }).boundingBox();
  const button = await page.getByRole('button', { name: /^Download invoice/ }).boundingBox();
  const menu = await page.getByRole('menu').boundingBox();
  if (bar === null || button === null || menu === null) throw new Error('the Download menu is not on screen');
  const left = Math.max(0, bar.x - 28);
  const top = Math.max(0, button.y - 28);
  const right = Math.max(button.x + button.width, menu.x + menu.width) + 28;
  const bottom = menu.y + menu.height + 28;
  await page.screenshot({ path: file, clip: { x: left, y: top, width: right - left, height: bottom - top } });
}
