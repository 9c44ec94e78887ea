/**
 * Users and the audit log in a German browser: the login page speaks German and leads to the
 * password reset, a signed-out load logs no error (GET /auth/session, not a 401), an admin
 * invites a colleague and sees them as invited, the owner's own row offers no deactivation,
 * the audit log shows sign-ins in words with readable labels and a filter, and the users,
 * account and audit pages fit a 390 px phone.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, fitsWidth, openBrowser, signIn } from '../support/browser.ts';
import { OWNER_PASSWORD, createCustomer, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

const SHOTS = '/tmp/shots-users';

describe.skipIf(!chromiumAvailable)('users and audit log in German', () => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    owner = await setupOwner(server.url);
    await createCustomer(owner, { name: 'Bäckerei Müller' });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(() => server?.close());

  it('signs in in German without console errors, invites, and reads the audit log', { timeout: 120_000 }, async () => {
    const session = await openBrowser({ width: 1440, locale: 'de-DE' });
    try {
      const { page } = session;
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'Bei Settle anmelden' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/login-de-1440.png`, fullPage: true });
      await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
      await page.getByRole('heading', { name: 'Passwort zurücksetzen' }).waitFor();
      await page.getByRole('link', { name: 'Zurück zur Anmeldung' }).click();
      await page.getByLabel('E-Mail').fill('owner@example.com');
      await page.getByLabel(/^Passwort/).fill(OWNER_PASSWORD);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('link', { name: 'Rechnungen' }).first().waitFor();

      await page.goto(`${server.url}/settings/users`);
      await page.getByRole('heading', { name: 'Benutzer einladen' }).waitFor();
      await page.getByLabel(/^Name/).fill('Ida Buchhalterin');
      await page.getByLabel(/^E-Mail/).fill('ida@example.com');
      await page.getByRole('button', { name: 'Einladung senden' }).click();
      await page.getByRole('status').waitFor();
      await page.getByText('Eingeladen', { exact: true }).first().waitFor();
      const ownRow = page.locator('tr[data-user="owner@example.com"]');
      await ownRow.waitFor();
      expect(await ownRow.getByRole('button', { name: /deaktivieren/i }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/users-de-1440.png`, fullPage: true });

      await page.goto(`${server.url}/settings/audit`);
      await page.getByText('Anmeldung', { exact: true }).first().waitFor();
      await page.getByRole('link', { name: 'Bäckerei Müller' }).first().waitFor();
      await page.getByRole('combobox', { name: 'Was' }).click();
      await page.getByRole('option', { name: 'Anmeldung', exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('what')).toBe('action:user.signed_in');
      // Once the filtered page has loaded, only sign-ins are listed.
      await expect
        .poll(async () => [...new Set(await page.locator('[data-audit-action]').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(name: string): string | null }).getAttribute('data-audit-action'))))], { timeout: 15_000 })
        .toEqual(['user.signed_in']);
      await page.getByRole('button', { name: 'Änderungen anzeigen' }).first().click();
      await page.getByText('IP-Adresse').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/audit-de-1440.png`, fullPage: true });
      await page.goto(`${server.url}/settings/account`);
      await page.getByRole('heading', { name: 'Passwort ändern' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/account-de-1440.png`, fullPage: true });
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('fits a 390 px phone on the users, account and audit pages', { timeout: 120_000 }, async () => {
    const session = await openBrowser({ width: 390, locale: 'de-DE' });
    try {
      const { page } = session;
      await page.goto(`${server.url}/login`);
      await page.getByRole('heading', { name: 'Bei Settle anmelden' }).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await page.screenshot({ path: `${SHOTS}/login-de-390.png`, fullPage: true });
      await signIn(session, owner, server.url);
      for (const [path, heading] of [
        ['/settings/users', 'Benutzer einladen'],
        ['/settings/account', 'Passwort ändern'],
        ['/settings/audit', null],
      ] as const) {
        await page.goto(`${server.url}${path}`);
        if (heading) await page.getByRole('heading', { name: heading }).waitFor();
        else await page.locator('[data-audit-action]').first().waitFor();
        expect(await fitsWidth(page), path).toBe(true);
        await page.screenshot({ path: `${SHOTS}/${path.split('/').pop()}-de-390.png`, fullPage: true });
      }
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
