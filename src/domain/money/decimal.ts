/**
 * Exact decimal numbers as scaled integers (bigint), for quantities, unit prices and
 * percentages. A decimal with scale s is stored as `value * 10^s`. No floating point
 * anywhere: parsing reads the digits of the text, formatting writes them back.
 */

import { DomainError } from './errors.ts';

/** A decimal string as accepted on input: optional sign, digits, optional fraction. */
const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Scale used for quantities, unit prices and percentages: up to 6 decimals. */
export const DECIMAL_SCALE = 6;

/**
 * Thrown by parseScaled. Its message is a fragment ("must be a whole number") meant to follow
 * a field name; it is a DomainError so that everything the domain throws has one type.
 */
export class DecimalError extends DomainError {
  override readonly name: string = 'DecimalError';

  constructor(message: string) {
    super('invalid_decimal', message);
  }
}

/**
 * Parses a decimal given as text (or as a JSON number, read through its shortest
 * round-trip text) into an integer scaled by 10^scale. Rejects more fraction digits than
 * `scale` (never rounds silently), exponents, blanks and anything else that is not a
 * plain decimal.
 */
export function parseScaled(input: string | number, scale: number): bigint {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new DecimalError('must be a finite number');
    text = String(input);
    if (/e/i.test(text)) throw new DecimalError('must be written as a plain decimal');
  } else {
    text = input.trim();
  }
  if (text.length > 40) throw new DecimalError('has too many digits');
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new DecimalError('must be a decimal number such as "12.50"');
  const [, sign, whole = '0', fraction = ''] = match;
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > scale) {
    throw new DecimalError(scale === 0 ? 'must be a whole number' : `must have at most ${scale} decimal places`);
  }
  const digits = whole + trimmedFraction.padEnd(scale, '0');
  const magnitude = BigInt(digits);
  return sign === '-' ? -magnitude : magnitude;
}

/** Writes a scaled integer as a decimal string with exactly `scale` fraction digits. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** Like formatScaled, but drops trailing fraction zeros ("19.500000" → "19.5", "2.000000" → "2"). */
export function formatScaledTrimmed(value: bigint, scale: number): string {
  const full = formatScaled(value, scale);
  return scale === 0 ? full : full.replace(/\.?0+$/, '');
}

/**
 * parseScaled for a named input field: the error message starts with the field's label
 * ("Quantity must have at most 6 decimal places") so it can be shown to a user as is.
 */
export function parseDecimalField(
  input: string | number,
  label: string,
  path?: string,
  scale: number = DECIMAL_SCALE,
): bigint {
  try {
    return parseScaled(input, scale);
  } catch (error) {
    if (error instanceof DecimalError) throw new DomainError('invalid_decimal', `${label} ${error.message}`, path);
    throw error;
  }
}

/**
 * A decimal text with at least `minDigits` fraction digits, keeping any further ones:
 * ("120", 2) → "120.00", ("0.004", 2) → "0.004", ("1500", 0) → "1500". Unit prices are shown
 * this way: in the currency's minor unit, or finer when they were entered finer.
 */
export function padFraction(text: string, minDigits: number): string {
  const [whole = '', fraction = ''] = text.split('.');
  const digits = Math.max(fraction.length, minDigits);
  return digits === 0 ? whole : `${whole}.${fraction.padEnd(digits, '0')}`;
}
