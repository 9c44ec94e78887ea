/**
 * The user's locale: the language of the interface and the format of every number and date
 * they read or type. Their own choice (kept in this browser) wins; until they make one, the
 * browser's language decides. Documents keep their own language (organization, customer).
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Locales offered in the picker: a language with the region that decides number and date formats. */
export const LOCALE_CHOICES: { value: string; label: string }[] = [
  { value: 'en-US', label: 'English (United States)' },
  { value: 'en-GB', label: 'English (United Kingdom)' },
  { value: 'de-DE', label: 'Deutsch (Deutschland)' },
  { value: 'de-AT', label: 'Deutsch (Österreich)' },
  { value: 'de-CH', label: 'Deutsch (Schweiz)' },
  { value: 'fr-FR', label: 'Français (France)' },
  { value: 'fr-BE', label: 'Français (Belgique)' },
  { value: 'fr-CA', label: 'Français (Canada)' },
  { value: 'es-ES', label: 'Español (España)' },
  { value: 'es-MX', label: 'Español (México)' },
];

const STORAGE_KEY = 'settle.locale';

/** The browser globals this module reads; absent under Node (unit tests import the pure parts). */
const host = globalThis as { localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }; navigator?: { language?: string } };

export function isValidLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

function storedLocale(): string | null {
  try {
    const value = host.localStorage?.getItem(STORAGE_KEY) ?? null;
    return value !== null && isValidLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function browserLocale(): string {
  const value = host.navigator?.language;
  return value && isValidLocale(value) ? value : 'en-US';
}

let current: string = storedLocale() ?? browserLocale();

/** The locale every format and parse uses right now. */
export function userLocale(): string {
  return current;
}

/** The interface language for a locale: its language if Settle speaks it, English otherwise. */
export function languageOf(locale: string): Language {
  const language = locale.split('-')[0]?.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'en';
}

/** Remembers the user's choice in this browser; the caller re-renders (i18n.changeLanguage). */
export function setUserLocale(locale: string): void {
  if (!isValidLocale(locale)) return;
  current = locale;
  try {
    host.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode without storage: the choice lasts for this page.
  }
}
