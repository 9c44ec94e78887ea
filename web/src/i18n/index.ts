/// <reference types="vite/client" />
/**
 * The interface's translations: i18next with ICU messages (plurals, numbers and selects in
 * the message itself, so translators see whole sentences). Every area keeps its strings in
 * its own file per language, locales/<language>/<area>.json, whose top-level key is the
 * area (key "invoices.list.title" lives in invoices.json). The files are bundled; there is nothing to load at runtime.
 * test/unit/web/i18n-keys.test.ts fails on a key missing in any language or used but undefined.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { languageOf, userLocale, LANGUAGES, type Language } from './locale.ts';

type Messages = { [key: string]: string | Messages };

const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

/** All areas of one language, merged into one tree. */
export function messagesFor(language: Language): Messages {
  const merged: Messages = {};
  for (const [file, messages] of Object.entries(files)) {
    if (file.split('/')[2] === language) Object.assign(merged, messages);
  }
  return merged;
}

void i18next
  .use(ICU)
  .use(initReactI18next)
  .init({
    lng: languageOf(userLocale()),
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: messagesFor(language) }])),
    interpolation: { escapeValue: false }, // React escapes.
    returnNull: false,
    react: { useSuspense: false },
  });

export { i18next };
