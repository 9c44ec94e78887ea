/**
 * Before the end-to-end tests: the web app is built fresh (so the browser tests what the
 * sources say), and under CI=true a missing Chromium fails the run instead of skipping.
 */
import path from 'node:path';
import { build } from 'vite';
import { CHROMIUM, chromiumAvailable } from './browser.ts';

export default async function e2eSetup(): Promise<void> {
  if (!chromiumAvailable) {
    if (process.env.CI === 'true') throw new Error(`CI=true but Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);
    console.warn(`\n⚠ Chromium not found at ${CHROMIUM}: end-to-end tests will be SKIPPED (they fail under CI=true).\n`);
    return;
  }
  await build({ configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
}
