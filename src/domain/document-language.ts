/**
 * The languages documents are printed in, and which locale an invoice or credit note gets.
 * Read when a document is issued (its branding snapshot freezes the locale) and when it is
 * printed. Pure; Intl's answer per locale is cached.
 */

export const DOCUMENT_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

const supportedCache = new Map<string, string>();

/** The locale as Intl knows it ("de-AT"), or "en" for anything Intl does not support. */
export function supportedLocale(locale: string | null | undefined): string {
  if (!locale) return 'en';
  const known = supportedCache.get(locale);
  if (known !== undefined) return known;
  let supported = 'en';
  try {
    if (Intl.NumberFormat.supportedLocalesOf([locale]).length > 0) supported = locale;
  } catch {
    // not even a well-formed language tag
  }
  if (supportedCache.size < 1000) supportedCache.set(locale, supported);
  return supported;
}

/**
 * The document's locale: the customer's language, else the organization's, else English.
 * A language documents are not printed in is skipped rather than mixed with English labels
 * (Italian dates under English headings would read as a mistake).
 */
export function documentLocale(customerLanguage: string | null | undefined, organizationLocale: string | null | undefined): string {
  for (const candidate of [customerLanguage, organizationLocale]) {
    if (!candidate || supportedLocale(candidate) !== candidate) continue; // unset, or unknown to Intl
    const primary = candidate.split('-')[0]?.toLowerCase() ?? '';
    if ((DOCUMENT_LANGUAGES as readonly string[]).includes(primary)) return candidate;
  }
  return 'en';
}
