/**
 * Display formatting with Intl, for the organization's locale and each document's
 * currency. Amounts arrive from the API as exact decimal strings and are handed to Intl as
 * strings (Intl.NumberFormat formats decimal strings exactly): no float ever touches money.
 */
import { currencyExponent, isCurrencyCode } from '../../../src/domain/money/index.ts';

export function formatMoney(amount: string | null | undefined, currency: string, locale = navigator.language): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const digits = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // The string overload keeps every digit; TypeScript's lib only declares number | bigint.
  return format.format(amount as unknown as number);
}

export function formatDate(date: string | null | undefined, locale = navigator.language): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(timestamp: string | null | undefined, locale = navigator.language): string {
  if (!timestamp) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(timestamp));
}
