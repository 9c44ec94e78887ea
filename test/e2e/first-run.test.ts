/**
 * First run in a real browser: the setup screen, signing out and in again with a wrong and
 * a right password, the navigation, and the phone-width layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { Client } from '../support/http.ts';

describe.skipIf(!chromiumAvailable)('first run in the browser', () => {
  let server: TestServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets up the organization and owner, then signs out and in', async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Welcome to Settle' }).waitFor();
    await screenshot(page, 'setup');
    await page.getByLabel('Business name').fill('Acme Design');
    await page.getByLabel('Your name').fill('Ada Owner');
    await page.getByLabel('E-mail').fill('ada@acme.example');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByText('Use at least 10 characters').waitFor();
    await page.getByLabel(/^Password/).fill('a long passphrase');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(await page.getByText('Acme Design').first().isVisible()).toBe(true);
    await screenshot(page, 'dashboard');

    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Settle' }).waitFor();
    await page.getByLabel('E-mail').fill('ada@acme.example');
    await page.getByLabel(/^Password/).fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('not correct').waitFor();
    await screenshot(page, 'login-error');
    await page.getByLabel(/^Password/).fill('a long passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    expect(browser.consoleErrors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('switches between organizations', async () => {
    const api = new Client(server.url);
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'settle_session');
    api.cookie = `settle_session=${cookie?.value ?? ''}`;
    expect((await api.post('/api/v1/organizations', { name: 'Side Studio', currency: 'USD' })).status).toBe(201);
    const { page } = browser;
    await page.goto(server.url);
    await page.getByLabel('Organization').first().click();
    await page.getByRole('option', { name: 'Side Studio' }).click();
    await page.waitForLoadState('load');
    await page.locator('input[aria-label="Organization"][value="Side Studio"]').waitFor();
    expect((await api.get('/api/v1/organization')).body.name).toBe('Side Studio');
    // Back to the first one, for the tests that follow.
    await api.post('/api/v1/auth/switch-organization', { organization_id: (await api.get('/api/v1/organizations')).body.data.find((o: any) => o.name === 'Acme Design').id });
  });

  it('works at phone width: the navigation folds behind a button', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await phone.context.addCookies(await browser.context.cookies());
      await phone.page.goto(server.url);
      const toggle = phone.page.getByRole('button', { name: 'Toggle navigation' });
      await toggle.waitFor();
      await toggle.click();
      await phone.page.getByRole('link', { name: 'Customers' }).click();
      await phone.page.waitForURL('**/customers');
      const width = await phone.page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(phone.page, 'phone-customers');
    } finally {
      await phone.close();
    }
  });
});
