/**
 * Money amounts: integers (bigint) in the currency's minor unit, e.g. 1990n EUR = 19.90.
 * Parsing never rounds: an input with more decimals than the currency has is an error,
 * because silently dropping a fraction of a cent is how ledgers stop balancing.
 */

import { currencyExponent } from './currency.ts';
import { DecimalError, formatScaled, parseScaled } from './decimal.ts';
import { DomainError } from './errors.ts';

/**
 * Parses "19.90" (or 19.9) into minor units of `currency` (1990n for EUR). Rejects more
 * fraction digits than the currency has ("19.999" EUR), with a message naming the field.
 * `label` and `path` only shape the error ("Unit price", "lines.0.unit_price").
 */
export function parseAmount(value: string | number, currency: string, label = 'Amount', path?: string): bigint {
  const exponent = currencyExponent(currency);
  try {
    return parseScaled(value, exponent);
  } catch (error) {
    if (!(error instanceof DecimalError)) throw error;
    const shown = typeof value === 'number' ? String(value) : `"${value}"`;
    // Tell the user what the currency allows rather than the generic decimal message.
    const message = /decimal places|whole number/.test(error.message)
      ? exponent === 0
        ? `${label} ${shown} must be a whole number: ${currency} has no minor unit`
        : `${label} ${shown} has more decimal places than ${currency} allows (${exponent})`
      : `${label} ${shown} ${error.message}`;
    throw new DomainError('invalid_amount', message, path);
  }
}

/** Writes minor units with exactly the currency's digits: 1990n EUR → "19.90", 1500n JPY → "1500", 1250n BHD → "1.250". */
export function formatAmount(minor: bigint, currency: string): string {
  return formatScaled(minor, currencyExponent(currency));
}
