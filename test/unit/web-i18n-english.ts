/**
 * For unit tests of pure web modules that translate through the global i18next instance
 * (as the web app's i18n/index.ts sets it up, which Node cannot load: it bundles the files
 * with Vite's import.meta.glob). Initialises it in English from the same locale files.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import ICU from 'i18next-icu';

const LOCALES = path.resolve(import.meta.dirname, '../../web/src/i18n/locales');

export async function useEnglishInterface(): Promise<void> {
  const translation: Record<string, unknown> = {};
  for (const file of fs.readdirSync(path.join(LOCALES, 'en'))) {
    if (file.endsWith('.json')) Object.assign(translation, JSON.parse(fs.readFileSync(path.join(LOCALES, 'en', file), 'utf8')));
  }
  if (!i18next.isInitialized) await i18next.use(ICU).init({ lng: 'en', fallbackLng: 'en', resources: { en: { translation } }, interpolation: { escapeValue: false } });
  else await i18next.changeLanguage('en');
}
