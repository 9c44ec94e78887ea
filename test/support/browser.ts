/**
 * A real headless Chromium (Debian's, at /usr/bin/chromium — never a downloaded one)
 * driven by Playwright, for end-to-end tests. Console errors and failed requests are
 * collected so a test can assert the page ran cleanly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SETTLE_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM);
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../screenshots');

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  close(): Promise<void>;
}

/** The test server's clock (test/support/server.ts): the browser's "today" must agree with it. */
const TEST_NOW = new Date('2026-11-23T10:00:00.000Z');

/**
 * `locale` is the browser's language (navigator.language), which is the interface language
 * and number/date format until the user picks another in the account menu.
 */
export async function openBrowser(options: { width?: number; height?: number; now?: Date; locale?: string } = {}): Promise<BrowserSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    locale: options.locale ?? 'en-US',
    // This machine has no network beyond loopback: keep Chromium from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Pages compute date defaults (report ranges, as-of dates) from the browser's clock; fix
  // Date to the server's test clock so they match, while timers keep running normally.
  await context.clock.setFixedTime(options.now ?? TEST_NOW);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return {
    context,
    page,
    consoleErrors,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** True when the page fits its viewport's width: nothing to scroll sideways (phones). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs the browser in as `client` (an API client holding a session cookie) for `url`. */
export async function signIn(session: BrowserSession, client: { cookie?: string | null }, url: string): Promise<void> {
  const cookie = client.cookie ?? '';
  const at = cookie.indexOf('=');
  await session.context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url }]);
}
