/**
 * Credit notes in a German browser (issue #18 item 5): on an invoice with lines at 7 % and
 * 19 %, a credit of "240,75" by amount at 7 % is taxed at 7 % only; a credit by lines (one
 * unit of a discounted line) is credited at the discounted price and the line's rate; the
 * credit note's detail page speaks German and fits a 390 px phone; no console errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const SHOTS = '/tmp/shots-creditnotes';

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The invoice page's "Issue credit note" button opens the form (its own label may be translated). */
async function openCreditForm(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await page.getByRole('button', { name: /Issue credit note|Gutschrift/ }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('group', { name: /Gutzuschreibende Menge je Position/ }).waitFor();
  return dialog;
}

describe.skipIf(!chromiumAvailable)('credit notes in a German browser', () => {
  let server: TestServer;
  let owner: Client;
  let invoice: any;
  let vat7: any;
  let vat19: any;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    vat19 = await createTaxRate(owner, { percentage: '19', category: 'S', name: 'USt. 19 %' });
    vat7 = await createTaxRate(owner, { percentage: '7', category: 'S', name: 'USt. 7 %' });
    const customer = await createCustomer(owner, { name: 'Buchhandlung Müller', currency: 'EUR' });
    invoice = await finalizedInvoice(owner, {
      customerId: customer.id,
      lines: [
        { description: 'Gestaltung', quantity: '1', unit_price: '500.00', tax_rate_id: vat19.id },
        { description: 'Broschüren', quantity: '1000', unit_price: '0.45', tax_rate_id: vat7.id },
        // 3 × 120,00 less 10 % = 324,00 at 19 %
        { description: 'Beratung', quantity: '3', unit_price: '120.00', discount: '10%', tax_rate_id: vat19.id },
      ],
    });
    expect(invoice.total).toBe('1462.06');
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await server?.close();
  });

  const open = async (width = 1440) => {
    const session = await openBrowser({ locale: 'de-DE', width });
    sessions.push(session);
    await signIn(session, owner, server.url);
    return session;
  };
  const notesOfInvoice = async () => (await owner.get(`/api/v1/credit-notes?invoice_id=${invoice.id}`)).body.data as any[];

  it('credits "240,75" at 7 % by amount: tax at 7 % only', { timeout: 120_000 }, async () => {
    const session = await open();
    const { page } = session;
    const dialog = await openCreditForm(page, `${server.url}/invoices/${invoice.id}`);
    await dialog.getByText('Nach Betrag', { exact: true }).click();
    const amount = dialog.getByLabel(/^Betrag zu USt\. 7 %/);
    await amount.fill('240,75');
    // The server's preview: 225,00 net and 15,75 USt. at 7 %.
    await dialog.getByTestId('credit-total').getByText('240,75 €').waitFor();
    await dialog.getByText('Enthält 15,75 € USt. zu 7 %').waitFor();
    await dialog.getByRole('region', { name: 'Vorschau der Gutschrift' }).getByText('USt. 7 % auf 225,00 €').waitFor();
    await dialog.getByLabel('Grund').fill('Beschädigte Broschüren');
    await shot(page, 'form-by-amount-1440');
    await dialog.getByRole('button', { name: 'Gutschrift erstellen' }).click();
    await dialog.waitFor({ state: 'detached' });

    const [note] = await notesOfInvoice();
    expect(note.taxes).toEqual([{ tax_rate_id: vat7.id, category: 'S', percentage: '7', exemption_reason: null, exemption_reason_code: null, taxable_amount: '225.00', tax_amount: '15.75' }]);
    expect(note).toMatchObject({ subtotal: '225.00', tax_total: '15.75', total: '240.75', reason: 'Beschädigte Broschüren' });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_credited: '240.75', amount_due: '1221.31' });
    expect(session.consoleErrors).toEqual([]);
  });

  it('credits one unit of a discounted line by lines, at its rate, and refuses more than is left', { timeout: 120_000 }, async () => {
    const session = await open();
    const { page } = session;
    const dialog = await openCreditForm(page, `${server.url}/invoices/${invoice.id}`);
    const quantity = dialog.getByLabel('Gutzuschreibende Menge für Beratung');
    await quantity.fill('4');
    await dialog.getByText('Höchstens 3 (noch nicht gutgeschrieben)').waitFor();
    await quantity.fill('1');
    // A third of 324,00: 108,00 net, 20,52 USt. at 19 %.
    await dialog.getByTestId('line-credit').getByText('108,00 € netto').waitFor();
    await dialog.getByTestId('credit-total').getByText('128,52 €').waitFor();
    await dialog.getByLabel('Grund').fill('Eine Stunde zu viel');
    await shot(page, 'form-by-lines-1440');
    await dialog.getByRole('button', { name: 'Gutschrift erstellen' }).click();
    await dialog.waitFor({ state: 'detached' });

    const note = (await notesOfInvoice()).find((n) => n.reason === 'Eine Stunde zu viel');
    expect(note.lines).toEqual([expect.objectContaining({ description: 'Beratung', quantity: '1', discount: '12.00', net_amount: '108.00', tax_rate_id: vat19.id })]);
    expect(note.taxes.map((t: any) => [t.percentage, t.taxable_amount, t.tax_amount])).toEqual([['19', '108.00', '20.52']]);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_credited: '369.27', amount_due: '1092.79' });

    // The form now knows one of three units is credited.
    const again = await openCreditForm(page, `${server.url}/invoices/${invoice.id}`);
    await again.getByText('Noch 2 von 3 gutschreibbar').waitFor();
    expect(session.consoleErrors).toEqual([]);
  });

  it('shows the credit note in German on its detail page, at 1440 px and on a 390 px phone', { timeout: 120_000 }, async () => {
    const note = (await notesOfInvoice()).find((n) => n.reason === 'Eine Stunde zu viel');
    const session = await open();
    const { page } = session;
    await page.goto(`${server.url}/credit-notes/${note.id}`);
    await page.getByRole('heading', { name: note.number }).waitFor();
    await page.getByText('Erstellt', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Buchhandlung Müller' }).waitFor();
    expect(await page.getByRole('link', { name: invoice.number }).getAttribute('href')).toBe(`/invoices/${invoice.id}`);
    await page.getByRole('table', { name: 'Positionen' }).getByText('108,00 €').waitFor();
    await page.getByRole('table', { name: 'Steueraufschlüsselung' }).getByText('20,52 €').waitFor();
    await page.getByRole('table', { name: 'Summen' }).getByText('128,52 €').first().waitFor();
    await page.getByText('Eine Stunde zu viel').first().waitFor();
    await page.getByText(`Offener Betrag der Rechnung ${invoice.number} um 128,52 € gemindert`).waitFor();
    expect(await page.getByRole('link', { name: `Gutschrift ${note.number} als PDF` }).getAttribute('href')).toBe(`/api/v1/credit-notes/${note.id}/pdf`);
    await page.getByRole('button', { name: `Gutschrift ${note.number} herunterladen` }).waitFor();
    await shot(page, 'detail-1440');
    expect(session.consoleErrors).toEqual([]);

    const phone = await open(390);
    await phone.page.goto(`${server.url}/credit-notes/${note.id}`);
    await phone.page.getByRole('heading', { name: note.number }).waitFor();
    await phone.page.getByRole('list', { name: 'Positionen' }).getByText('Beratung').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'detail-390');
    expect(phone.consoleErrors).toEqual([]);
  });

  it('fits the credit-note form on a 390 px phone, by lines and by amount', { timeout: 120_000 }, async () => {
    const phone = await open(390);
    const dialog = await openCreditForm(phone.page, `${server.url}/invoices/${invoice.id}`);
    await dialog.getByLabel('Gutzuschreibende Menge für Broschüren').fill('100');
    await dialog.getByTestId('credit-total').getByText('48,15 €').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'form-by-lines-390');
    await dialog.getByText('Nach Betrag', { exact: true }).click();
    await dialog.getByLabel(/^Betrag zu USt\. 19 %/).fill('119');
    await dialog.getByText('Enthält 19,00 € USt. zu 19 %').waitFor();
    expect(await fitsWidth(phone.page)).toBe(true);
    await shot(phone.page, 'form-by-amount-390');
    expect(phone.consoleErrors).toEqual([]);
  });
});
