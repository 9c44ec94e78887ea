/**
 * Display formatting with Intl, in the user's locale (i18n/locale.ts) and each document's
 * currency. Amounts arrive from the API as exact decimal strings and are handed to Intl as
 * strings (Intl.NumberFormat formats decimal strings exactly): no float ever touches money.
 */
import { currencyExponent, isCurrencyCode } from '../../../src/domain/money/index.ts';
import { isValidLocale, userLocale } from '../i18n/locale.ts';

/** Amounts and dates follow the user's locale (their choice, or the browser's): what they read is what they type. */
function currentLocale(): string {
  return userLocale();
}

export function formatMoney(amount: string | null | undefined, currency: string, locale = currentLocale()): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const format = new Intl.NumberFormat(isValidLocale(locale) ? locale : 'en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // The string overload keeps every digit; TypeScript's lib only declares number | bigint.
  return format.format(amount as unknown as number);
}

export function formatDate(date: string | null | undefined, locale = currentLocale()): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(timestamp: string | null | undefined, locale = currentLocale()): string {
  if (!timestamp) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(timestamp));
}

/** A unit price: the currency's digits at least, and up to 6 decimals where it has them (€0.002, not €0.00). */
export function formatUnitPrice(amount: string | null | undefined, currency: string, locale = currentLocale()): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const decimals = (/\.(\d*?)0*$/.exec(amount)?.[1] ?? '').length;
  const shown = Math.min(6, Math.max(digits, decimals));
  const format = new Intl.NumberFormat(isValidLocale(locale) ? locale : 'en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: shown });
  return format.format(amount as unknown as number);
}
