/**
 * Accounts in a real browser, with a real SMTP server: an admin invites a colleague, who
 * opens the e-mailed link, is refused an easy password with the reason, chooses a good one
 * and lands signed in; later they forget it, reset it from the login page through the
 * e-mailed link, sign in with the new one and change it in Settings → Your account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.ts';
import { chromiumAvailable, openBrowser, screenshot, type BrowserSession } from '../support/browser.ts';
import { setupOwner } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { totpCode } from '../../src/modules/auth/totp.ts';

const sessionOf = (client: Client) => /settle_session=(.*)/.exec(client.cookie ?? '')?.[1] ?? '';
const EMAIL = 'ivy@example.com';

describe.skipIf(!chromiumAvailable)('invitations and passwords in the browser', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer('sqlite', { env: { SMTP_URL: smtp.url } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  /** The link in the newest e-mail to Ivy whose subject contains `about`. */
  async function linkFromMail(about: string, count: number): Promise<string> {
    const mails = () => smtp.received.filter((m) => m.rcptTo.includes(EMAIL) && (m.mail.subject ?? '').includes(about));
    await expect.poll(() => mails().length, { timeout: 15_000 }).toBe(count);
    const text = mails()[count - 1]!.mail.text ?? '';
    const link = /(http:\/\/\S+\?token=[\w-]+)/.exec(text)?.[1];
    expect(link, text).toBeDefined();
    expect(link!.startsWith(server.url)).toBe(true);
    return link!;
  }

  it('invites, accepts with a good password, resets a forgotten one and changes it', { timeout: 120_000 }, async () => {
    const admin: BrowserSession = await openBrowser();
    try {
      await admin.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
      await admin.page.goto(`${server.url}/settings/users`);
      await admin.page.getByLabel(/^Name/).fill('Ivy Accountant');
      await admin.page.getByLabel('E-mail').fill(EMAIL);
      await admin.page.getByLabel('Role', { exact: true }).first().click();
      await admin.page.getByRole('option', { name: /^Accountant/ }).first().click();
      await admin.page.getByRole('button', { name: 'Send invitation' }).click();
      await admin.page.getByRole('status').getByText(`Invitation e-mailed to ${EMAIL}`).waitFor();
      await admin.page.getByText('Invited', { exact: true }).first().waitFor();
      expect(admin.consoleErrors).toEqual([]);
    } finally {
      await admin.close();
    }

    const ivy = await openBrowser();
    try {
      const { page } = ivy;
      await page.goto(await linkFromMail('invited you', 1));
      await page.getByRole('heading', { name: 'Join Acme GmbH' }).waitFor();
      await page.getByText('Olivia Owner invited you as Accountant.').waitFor();
      await page.getByLabel(/^Choose your password/).fill('password12');
      await page.getByRole('button', { name: 'Accept and join' }).click();
      await page.getByText(/too easy to guess/).waitFor();
      await screenshot(page, 'invitation-weak-password');
      await page.getByLabel(/^Choose your password/).fill('ivy-keeps-the-books-9');
      await page.getByRole('button', { name: 'Accept and join' }).click();
      await page.getByRole('link', { name: 'Invoices' }).first().waitFor();
      expect((await owner.get('/api/v1/users')).body.data.find((u: { email: string }) => u.email === EMAIL)).toMatchObject({ status: 'active', role: 'accountant' });

      // Signed out, she has forgotten the password: the login page leads to a reset.
      await page.context().clearCookies();
      await page.goto(`${server.url}/login`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      // The sign-in page has an "E-mail" field too: fill the reset page's, once it is there.
      await page.waitForURL(/\/forgot-password/);
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await page.getByLabel('E-mail').fill(EMAIL);
      expect(await page.getByLabel('E-mail').inputValue()).toBe(EMAIL);
      await page.getByRole('button', { name: 'E-mail me a link' }).click();
      // Seen taking over 30 s under the full suite's load (two workers, servers, Chromium).
      await page.getByText('Check your inbox').waitFor({ timeout: 60_000 });
      await page.goto(await linkFromMail('Reset your Settle password', 1));
      await page.getByLabel(/^New password/).fill('new-ledger-password-4');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('Your password was changed. Sign in with the new one.').waitFor();
      await page.getByLabel('E-mail').fill(EMAIL);
      await page.getByLabel(/^Password/).fill('new-ledger-password-4');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Invoices' }).first().waitFor();

      await page.goto(`${server.url}/settings/account`);
      await page.getByLabel(/^Current password/).fill('new-ledger-password-4');
      await page.getByLabel(/^New password(?! again)/).fill('third-time-lucky-ivy');
      await page.getByLabel(/^New password again/).fill('third-time-lucky-ivy');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed. Your other devices were signed out.').waitFor();
      await screenshot(page, 'settings-account');
      expect((await new Client(server.url).post('/api/v1/auth/login', { email: EMAIL, password: 'third-time-lucky-ivy' })).status).toBe(200);
      // The refused password (422) and "who is signed in?" while signed out (401) are answers, not errors.
      expect(ivy.consoleErrors.filter((e) => !/status of (401|422)/.test(e))).toEqual([]);
    } finally {
      await ivy.close();
    }
  });

  it('turns on two-factor sign-in with the QR code, then signs in with a code', async () => {
    const session = await openBrowser();
    try {
      const { page } = session;
      await session.context.addCookies([{ name: 'settle_session', value: sessionOf(owner), url: server.url }]);
      await page.goto(`${server.url}/settings/account`);
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      const secret = (await page.locator('code').first().textContent()) ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'settings-two-factor-setup');
      await page.getByLabel('Code from the app').fill(totpCode(secret, server.clock.now()));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('group', { name: 'Recovery codes' }).or(page.getByLabel('Recovery codes')).first().waitFor();
      expect(await page.getByLabel('Recovery codes').locator('code').count()).toBe(10);
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByText('On', { exact: true }).waitFor();
      server.clock.advance(30_000);

      await page.context().clearCookies();
      await page.goto(`${server.url}/login`);
      await page.getByLabel('E-mail').fill('owner@example.com');
      await page.getByLabel(/^Password/).fill('owner-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
      await page.getByLabel(/^Code/).fill('12345');
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('alert').getByText('The code is not correct').waitFor();
      await screenshot(page, 'login-two-factor');
      await page.getByLabel(/^Code/).fill(totpCode(secret, server.clock.now()));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('link', { name: 'Invoices' }).first().waitFor();
      expect(session.consoleErrors.filter((e) => !/status of (401|422)/.test(e))).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
