/**
 * Custom fields in a real browser: an admin defines a required text field and a selection
 * list in Settings → Custom fields; the customer form shows them (the server's "is required"
 * lands at the field), the values are saved and shown on the customer's page; the settings,
 * the form and the page fit a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, screenshot, type BrowserSession, signIn } from '../support/browser.ts';
import { setupOwner } from '../support/factories.ts';
import { draftInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

/** Console errors other than the failed requests a test provokes on purpose. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (409|422)/.test(e));

describe.skipIf(!chromiumAvailable)('custom fields in the browser', () => {
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

  it('defines fields in the settings', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings`);
    await page.getByRole('tab', { name: 'Custom fields' }).click();
    await page.getByText('No custom fields yet').waitFor();

    await page.getByRole('button', { name: 'Add field' }).click();
    let dialog = page.getByRole('dialog', { name: 'New custom field' });
    await dialog.waitFor();
    await dialog.getByLabel('Label').fill('Account manager');
    // The key is offered from the label.
    expect(await dialog.getByLabel('Key').inputValue()).toBe('account_manager');
    await dialog.getByLabel('Required', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await page.getByText('Field Account manager created').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Add field' }).click();
    dialog = page.getByRole('dialog', { name: 'New custom field' });
    await dialog.waitFor();
    await dialog.getByLabel('Label').fill('Tier');
    const type = dialog.getByRole('combobox', { name: 'Type' });
    await type.click();
    await page.getByRole('option', { name: 'Selection list' }).click();
    const options = dialog.getByLabel('Options');
    await options.fill('Gold');
    await options.press('Enter');
    await options.fill('Silver');
    await options.press('Enter');
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await page.getByText('Field Tier created').waitFor();

    const section = page.getByRole('region', { name: 'Customer fields' });
    await section.getByText('Account manager').waitFor();
    await section.getByText('Gold · Silver').waitFor();
    await screenshot(page, 'custom-fields-settings');

    const stored = (await owner.get('/api/v1/custom-fields?resource=customer')).body.data;
    expect(stored.map((d: any) => [d.key, d.type, d.required, d.options])).toEqual([
      ['account_manager', 'text', true, []],
      ['tier', 'select', false, ['Gold', 'Silver']],
    ]);
  });

  it('fills them on the customer form and shows them on the customer page', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: 'New customer' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.waitFor();
    await dialog.getByLabel('Name').fill('Fieldwork GmbH');
    await dialog.getByRole('combobox', { name: 'Tier' }).click();
    await page.getByRole('option', { name: 'Gold' }).click();
    // The required field left empty: the server's answer is shown at it.
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.getByText('is required').waitFor();
    expect(await dialog.getByLabel('Account manager').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Account manager').fill('Grace Hopper');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Created Fieldwork GmbH').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const customer = (await owner.get('/api/v1/customers?q=Fieldwork')).body.data[0];
    expect(customer.custom_fields).toEqual({ account_manager: 'Grace Hopper', tier: 'Gold' });
    // Search finds it by a custom value too.
    expect((await owner.get('/api/v1/customers?q=hopper')).body.data.map((c: any) => c.id)).toEqual([customer.id]);

    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Fieldwork GmbH' }).waitFor();
    const values = page.getByTestId('custom-field-values');
    await values.getByText('Grace Hopper').waitFor();
    expect(await values.textContent()).toContain('Account manager');
    expect(await values.textContent()).toContain('TierGold');
    await screenshot(page, 'custom-fields-customer');
    expect(unexpected(browser.consoleErrors)).toEqual([]);
  });

  it('fills invoice fields in the editor (typed number and date) and prints them', async () => {
    const { page } = browser;
    for (const body of [
      { resource: 'invoice', key: 'project_code', label: 'Project code', type: 'text', printed: true },
      { resource: 'invoice', key: 'budget', label: 'Budget', type: 'number' },
      { resource: 'invoice', key: 'service_date', label: 'Service date', type: 'date', printed: true },
    ]) {
      expect((await owner.post('/api/v1/custom-fields', body)).status).toBe(201);
    }
    const customer = (await owner.get('/api/v1/customers?q=Fieldwork')).body.data[0];
    const draft = await draftInvoice(owner, { customerId: customer.id });
    await page.goto(`${server.url}/invoices/${draft.id}/edit`);
    const section = page.getByRole('region', { name: 'Custom fields' });
    await section.getByLabel('Project code').fill('PRJ-2026-7');
    await section.getByLabel('Budget').fill('1,234.5');
    await section.getByLabel('Service date').fill('03/15/2026');
    await section.getByLabel('Service date').press('Tab');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(`${server.url}/invoices/${draft.id}`);
    const values = page.getByTestId('custom-field-values');
    await values.getByText('PRJ-2026-7').waitFor();
    expect(await values.textContent()).toContain('1,234.5');
    const saved = (await owner.get(`/api/v1/invoices/${draft.id}`)).body;
    expect(saved.custom_fields).toEqual({ project_code: 'PRJ-2026-7', budget: '1234.5', service_date: '2026-03-15' });
    // The document prints the printed ones.
    const preview = await owner.get(`/api/v1/invoices/${draft.id}/preview`);
    expect(preview.text).toContain('Project code:</span> PRJ-2026-7');
    expect(preview.text).not.toContain('Budget:');
    await screenshot(page, 'custom-fields-invoice');
    expect(unexpected(browser.consoleErrors)).toEqual([]);
  });

  it('fits a phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await signIn(phone, owner, server.url);
      await phone.page.goto(`${server.url}/settings/custom-fields`);
      await phone.page.getByRole('region', { name: 'Customer fields' }).getByText('Gold · Silver').waitFor();
      expect(await fitsWidth(phone.page)).toBe(true);
      await screenshot(phone.page, 'custom-fields-settings-phone');
      const customer = (await owner.get('/api/v1/customers?q=Fieldwork')).body.data[0];
      await phone.page.goto(`${server.url}/customers/${customer.id}`);
      await phone.page.getByTestId('custom-field-values').getByText('Grace Hopper').waitFor();
      expect(await fitsWidth(phone.page)).toBe(true);
      // The edit form, full screen on a phone, with the custom fields filled in.
      await phone.page.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = phone.page.getByRole('dialog', { name: 'Edit customer' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Account manager').inputValue()).toBe('Grace Hopper');
      expect(await fitsWidth(phone.page)).toBe(true);
      await screenshot(phone.page, 'custom-fields-customer-form-phone');
    } finally {
      await phone.close();
    }
  });
});
