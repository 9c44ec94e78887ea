/**
 * Reminders in a real browser: Settings → Reminders (switch on, add a step, a step's own
 * German text, a late fee with a tax rate; a duplicate step shown at its field), the
 * invoice page's "Send reminder now" with its confirmation and pause/resume, and the
 * customer form's opt-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('reminders in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
    browser = await openBrowser();
    await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const unexpectedErrors = () => browser.consoleErrors.filter((text) => !/status of 422\b/.test(text));

  it('sets up reminders and a late fee in Settings, with errors at their fields', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings/reminders`);
    await page.getByRole('heading', { name: 'Payment reminders' }).waitFor();
    await page.getByLabel('Send payment reminders').check();
    // A duplicate step: the server names it, the form shows it at the field.
    const steps = page.getByLabel('Days from the due date');
    await steps.nth(4).fill('14');
    await page.getByRole('button', { name: 'Save reminders' }).click();
    await page.getByText('must be unique').waitFor();
    await steps.nth(4).fill('30');

    await page.getByRole('button', { name: 'Edit texts' }).nth(2).click();
    await page.locator('[aria-label="Step 3"]').getByText('German', { exact: true }).click();
    await page.getByLabel('Subject (German)').fill('Zahlungserinnerung {invoice_number}');
    await page.getByLabel('Charge a late fee').check();
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('5.00');
    await page.getByLabel('At step').first().click();
    await page.getByRole('option', { name: '14 days after the due date' }).click();
    await page.getByLabel('Tax rate').first().click();
    await page.getByRole('option', { name: /VAT 19%/ }).click();
    await page.getByRole('button', { name: 'Save reminders' }).click();
    await page.getByText('Reminders saved and switched on').waitFor();
    await screenshot(page, 'reminders-settings');

    const saved = (await owner.get('/api/v1/organization/reminders')).body;
    expect(saved).toMatchObject({ enabled: true, late_fee: { type: 'fixed', amount: '5.00', days_relative_to_due: 14 } });
    expect(saved.steps.map((s: any) => s.days_relative_to_due)).toEqual([-3, 0, 7, 14, 30]);
    expect(saved.steps[2].template).toEqual({ de: { subject: 'Zahlungserinnerung {invoice_number}' } });
    expect(unexpectedErrors()).toEqual([]);
  });

  it('sends a reminder now and pauses reminders from the invoice page', async () => {
    const { page } = browser;
    const customer = await createCustomer(owner, { name: 'Globex Corporation', email: 'ap@globex.example' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, due_date: '2026-12-01' });
    await page.goto(`${server.url}/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: invoice.number }).waitFor();
    await page.getByRole('button', { name: 'Send reminder now' }).click();
    await page.getByRole('dialog', { name: 'Send a payment reminder now?' }).getByRole('button', { name: 'Send reminder' }).click();
    await page.getByText('Reminder queued').waitFor();
    await page.getByText('Sent by hand → ap@globex.example').waitFor();
    await page.getByRole('button', { name: 'Pause reminders' }).click();
    await page.getByRole('button', { name: 'Resume reminders' }).waitFor();
    await screenshot(page, 'reminders-invoice');
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/reminders`)).body).toMatchObject({ paused: true, reminders: [{ step: null, status: 'sent' }] });
    expect(unexpectedErrors()).toEqual([]);
  });

  it('opts a customer out in the customer form', async () => {
    const { page } = browser;
    const customer = await createCustomer(owner, { name: 'Initech', email: 'ap@initech.example' });
    await page.goto(`${server.url}/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Edit' }).first().click();
    // The form is long (e-invoice fields above the checkbox): wait until the dialog has opened and
    // the checkbox is in view, so the click is not lost to the opening transition.
    const optIn = page.getByRole('dialog').getByLabel('Send payment reminders');
    await expect.poll(() => optIn.isChecked()).toBe(true);
    await optIn.scrollIntoViewIfNeeded();
    // Once more if the first click fell into the dialog's opening transition (seen under load).
    await optIn.uncheck().catch(() => optIn.uncheck());
    await screenshot(page, 'reminders-customer-opt-out');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(async () => (await owner.get(`/api/v1/customers/${customer.id}`)).body.reminders_enabled).toBe(false);
  });
});
