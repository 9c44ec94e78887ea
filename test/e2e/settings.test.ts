/**
 * Settings in a real browser: the invoice number format with its live example and the
 * server's error at the field, an API token shown once, inviting a viewer; then, signed in
 * as that viewer, no admin tabs or controls anywhere in these screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { invitationToken, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { Client } from '../support/http.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';

describe.skipIf(!chromiumAvailable)('settings in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url, { name: 'Acme Design' });
    const invoice = await finalizedInvoice(owner);
    const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '40.00', date: '2026-11-20', method: 'cash' });
    expect(paid.status, paid.text).toBe(201);
    browser = await openBrowser();
    await browser.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('changes the invoice number format with a live example; a bad format shows the server’s error at the field', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/settings`);
    await page.waitForURL('**/settings/organization');
    const format = page.getByLabel('Invoice number format');
    await format.waitFor();
    const year = new Date().getFullYear();
    await page.getByText(`Example: INV-${year}-00001`).waitFor();
    await format.fill('F{YY}/{SEQ:3}');
    await page.getByText(`Example: F${String(year).slice(2)}/001`).waitFor();
    await page.getByLabel('City').fill('Berlin');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').waitFor();
    const saved = await owner.get('/api/v1/organization');
    expect(saved.body).toMatchObject({ invoice_number_format: 'F{YY}/{SEQ:3}', address: { city: 'Berlin' } });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'settings-organization');

    await format.fill('INV-{SEQ}-{SEQ}');
    // Enter submits: the "Settings saved" toast still sits over the footer's button.
    await format.press('Enter');
    await page.getByText('must contain exactly one {SEQ} or {SEQ:n} placeholder').waitFor();
    expect(await format.getAttribute('aria-invalid')).toBe('true');
    expect((await owner.get('/api/v1/organization')).body.invoice_number_format).toBe('F{YY}/{SEQ:3}');
  });

  it('creates an API token and shows it once', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.waitForURL('**/settings/tokens');
    await page.getByLabel('Token name').fill('Accounting export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your new API token' });
    await dialog.waitFor();
    const token = (await dialog.getByLabel('API token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^stl_/);
    await dialog.getByText('This is the only time the token is shown').waitFor();
    const check = await new Client(server.url).withToken(token).get('/api/v1/auth/me');
    expect(check.status).toBe(200);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'Accounting export' }).first().waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    await screenshot(page, 'settings-tokens');
  });

  it('invites a viewer, who accepts and then sees no admin tabs or controls', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.waitForURL('**/settings/users');
    await page.getByLabel(/^Name/).fill('Vera Viewer');
    await page.getByLabel('E-mail').fill('vera@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('cell', { name: 'vera@example.com' }).first().waitFor();
    // No mail server in this test: the admin is told how the operator makes the link.
    await page.getByRole('status').getByText(/no mail server is configured/).waitFor();
    await page.getByText('Invited', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Resend the invitation of Vera Viewer' }).first().waitFor();
    await screenshot(page, 'settings-users-invited');
    // Vera accepts through the link the operator made (settle invite-link) and chooses her password.
    const accepted = await new Client(server.url).post('/api/v1/auth/invitations/accept', { token: await invitationToken(server.url, 'vera@example.com'), password: 'viewer-password-1' });
    expect(accepted.status, accepted.text).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Deactivate Vera Viewer' }).first().waitFor();
    // The only owner cannot be demoted or deactivated: the page offers neither and says why
    // (the server refuses it too: test/integration/auth.test.ts).
    await page.getByText('The only owner').first().waitFor();
    expect(await page.getByLabel('Role of Olivia Owner').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Deactivate Olivia Owner' }).count()).toBe(0);
    expect((await owner.get('/api/v1/auth/me')).body.role).toBe('owner');

    await page.goto(`${server.url}/payments`);
    await page.getByRole('button', { name: 'Refund' }).first().waitFor();

    const viewerApi = new Client(server.url);
    const login = await viewerApi.post('/api/v1/auth/login', { email: 'vera@example.com', password: 'viewer-password-1' });
    expect(login.status, login.text).toBe(200);
    const viewer = await openBrowser();
    try {
      await viewer.context.addCookies([{ name: 'settle_session', value: sessionOf(viewerApi), url: server.url }]);
      await viewer.page.goto(`${server.url}/settings`);
      await viewer.page.getByLabel('Invoice number format').waitFor();
      await viewer.page.getByText('Only admins can change these settings').waitFor();
      // Viewers read the profile, the branding and the reminder steps; the admin tabs are not there.
      expect(await viewer.page.getByRole('tab').allTextContents()).toEqual(['Organization', 'Branding', 'Reminders', 'Your account']);
      expect(await viewer.page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
      expect(await viewer.page.getByLabel('Invoice number format').getAttribute('readonly')).not.toBeNull();
      await viewer.page.goto(`${server.url}/settings/users`);
      await viewer.page.waitForURL('**/settings/organization');

      await viewer.page.goto(`${server.url}/payments`);
      await viewer.page.getByRole('cell', { name: 'Cash', exact: true }).first().waitFor();
      expect(await viewer.page.getByRole('button', { name: /Refund/ }).count()).toBe(0);
      expect(viewer.consoleErrors).toEqual([]);
    } finally {
      await viewer.close();
    }
  });
});
