/**
 * CSV import in a real browser: a German spreadsheet whose headers partly need mapping by
 * hand, a preview of the first rows, a check, the import, and the customers in the list;
 * the page fits a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, signIn, type BrowserSession } from '../support/browser.ts';
import { setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

const CSV = '\uFEFFFirma;Kontakt-Mail;Land;Ort;Intern\n"Müller & Söhne GmbH";info@mueller.example;DE;München;A-17\nBoulangerie Paul;bonjour@paul.example;FR;Lyon;B-2\n';

describe.skipIf(!chromiumAvailable)('CSV import in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    browser = await openBrowser();
    browser.page.setDefaultTimeout(10_000);
    await signIn(browser, owner, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports customers with a column mapping, a preview and a check first', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers`);
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import', exact: true }).waitFor();
    expect(new URL(page.url()).search).toBe('?type=customers');

    await page.locator('input[type="file"]').setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    // Guessed from the German headers; "Kontakt-Mail" and "Intern" are not guessed.
    const select = (header: string) => page.getByRole('combobox', { name: `Column “${header}”` });
    await select('Firma').waitFor();
    expect(await select('Firma').inputValue()).toBe('Name');
    expect(await select('Land').inputValue()).toBe('Country (2-letter code)');
    expect(await select('Ort').inputValue()).toBe('City');
    expect(await select('Kontakt-Mail').inputValue()).toBe("Don't import");
    expect(await select('Intern').inputValue()).toBe("Don't import");
    await select('Kontakt-Mail').click();
    await page.getByRole('option', { name: 'E-mail', exact: true }).click();
    expect(await select('Kontakt-Mail').inputValue()).toBe('E-mail');

    const preview = page.getByRole('table', { name: 'Preview of the first rows' });
    await preview.getByRole('cell', { name: 'info@mueller.example' }).waitFor();
    expect(await preview.textContent()).toContain('Müller & Söhne GmbH');
    expect(await preview.textContent()).not.toContain('A-17');

    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByText('No problems found. Nothing has been imported yet: confirm with Import.').waitFor();
    expect((await owner.get('/api/v1/customers')).body.total).toBe(0);
    await screenshot(page, 'import-checked');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-done').getByText('Imported: 2 new, 0 updated, 0 skipped.').waitFor();
    await page.getByRole('link', { name: 'Show customers' }).click();
    await page.getByRole('row', { name: /Müller & Söhne GmbH/ }).waitFor();
    expect(await page.getByRole('row', { name: /Boulangerie Paul/ }).textContent()).toContain('bonjour@paul.example');
    const customers = (await owner.get('/api/v1/customers?sort=name')).body.data as any[];
    expect(customers.map((c) => [c.name, c.email, c.address?.country, c.address?.city])).toEqual([
      ['Boulangerie Paul', 'bonjour@paul.example', 'FR', 'Lyon'],
      ['Müller & Söhne GmbH', 'info@mueller.example', 'DE', 'München'],
    ]);
  });

  it('shows problems per row and column, and fits a 390 px phone', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/import?type=customers`);
    const bad = 'Name,E-Mail\nGood Ltd,good@example.com\n,nobody@example.com\nWrong Ltd,not-an-address\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByRole('table', { name: 'Preview of the first rows' }).waitFor();
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const problems = page.getByRole('table', { name: 'Problems' });
    await problems.waitFor();
    expect(await problems.getByRole('row').nth(1).textContent()).toBe('2Nameis required');
    expect(await problems.getByRole('row').nth(2).textContent()).toBe('3E-Mailmust be an e-mail address');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'import-problems-phone');
    expect((await owner.get('/api/v1/customers')).body.total).toBe(2);
  });
});
