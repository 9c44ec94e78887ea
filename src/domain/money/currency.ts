/**
 * ISO 4217 currencies and their minor-unit exponents, read from the maintained
 * `currency-codes` package rather than a hand-typed table (JPY 0, EUR 2, BHD 3, CLF 4).
 */

import currencyCodes from 'currency-codes';
import { DomainError } from './errors.ts';

/**
 * ISO 4217 gives these codes a minor unit of "N.A." (precious metals, bond-market units,
 * SDR, SUCRE, ADB unit, the testing code and "no currency"); the package reports that as 0
 * digits, which would silently make them look like JPY. Nobody invoices in them, so they are
 * not accepted as invoice currencies. This list is the set of "N.A." entries of the ISO file
 * shipped inside the package (iso-4217-list-one.xml), not a table of exponents.
 */
const NO_MINOR_UNIT = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

/** True for an upper-case ISO 4217 code that can be used as an invoice currency. */
export function isCurrencyCode(code: string): boolean {
  // The package upper-cases its input; we do not, so "eur" is not silently accepted and stored.
  return /^[A-Z]{3}$/.test(code) && !NO_MINOR_UNIT.has(code) && currencyCodes.code(code) !== undefined;
}

/** Exponents already looked up: the package searches its list on every call, and a report formats hundreds of thousands of amounts. */
const exponents = new Map<string, number>();

/** Number of minor-unit digits of a currency (EUR → 2). Throws a DomainError for an unknown code. */
export function currencyExponent(code: string): number {
  const known = exponents.get(code);
  if (known !== undefined) return known;
  const record = isCurrencyCode(code) ? currencyCodes.code(code) : undefined;
  if (record === undefined) {
    throw new DomainError('unknown_currency', `"${code}" is not a known ISO 4217 currency code`, 'currency');
  }
  exponents.set(code, record.digits);
  return record.digits;
}

/** All accepted currency codes, sorted, e.g. for a currency picker. */
export function currencyCodeList(): string[] {
  return currencyCodes.codes().filter(isCurrencyCode).sort();
}
