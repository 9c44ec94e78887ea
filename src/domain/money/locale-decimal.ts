/**
 * Decimals as people type them in their locale ("1.234,56" in German, "1,234.56" in English,
 * "1 234,56" in French), turned into the plain decimal text parseScaled reads ("1234.56").
 * Only the characters move: no number is ever formed, so nothing is rounded.
 */
import { DecimalError } from './decimal.ts';

export type DecimalSeparator = '.' | ',';

/** Thousands separators allowed beside each decimal separator (space, no-break spaces, apostrophe). */
const GROUPING: Record<DecimalSeparator, string> = { ',': ". \u00a0\u202f'", '.': ", \u00a0\u202f'" };

function escape(chars: string): string {
  return chars.replace(/[.\\^\]-]/g, '\\$&');
}

/**
 * "1.234,56" with separator "," → "1234.56"; "1,234.56" with "." → "1234.56"; "-3,5" → "-3.5".
 * Groups of three digits only, one kind of grouping character per number; anything else
 * (letters, two decimal separators, "1,5" when the separator is ".") is refused with a message
 * that shows the expected form.
 */
export function normalizeLocaleDecimal(input: string, separator: DecimalSeparator): string {
  const text = input.trim();
  const example = separator === ',' ? '"1.234,56"' : '"1,234.56"';
  const fail = () => new DecimalError(`must be a number such as ${example}`);
  if (text.length === 0 || text.length > 40) throw fail();
  const group = `[${escape(GROUPING[separator])}]`;
  const sep = escape(separator);
  const pattern = new RegExp(`^([+-])?(\\d{1,3}(?:(${group})\\d{3})?(?:\\3\\d{3})*|\\d+)(?:${sep}(\\d+))?$`, 'u');
  const match = pattern.exec(text);
  if (!match) throw fail();
  const [, sign = '', whole = '', , fraction] = match;
  const digits = whole.replace(new RegExp(group, 'gu'), '');
  return `${sign === '-' ? '-' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}
