/**
 * Numbers as people type them, in their locale, to and from the API's exact decimal strings.
 * "1.500,00" (de-DE), "1 500,00" (fr-FR) and "1,500.00" (en-US) all become "1500.00"; the
 * text is rewritten digit by digit, never through a float. One parser for every form.
 */
export interface Separators {
  group: string;
  decimal: string;
}

const cache = new Map<string, Separators>();

export function separatorsOf(locale: string): Separators {
  const known = cache.get(locale);
  if (known) return known;
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
  const separators = {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
  cache.set(locale, separators);
  return separators;
}

export type ParsedDecimal = { ok: true; value: string } | { ok: false; reason: 'empty' | 'invalid' };

/** Spaces that locales use as group separators (fr-FR: U+202F, others U+00A0), and the apostrophe of de-CH. */
const SPACE_GROUPS = /[\s\u00a0\u202f\u2009]/g;
const SPACE_OR_APOSTROPHE = /^[\s\u00a0\u202f\u2009\u2019']$/;

/**
 * Reads a number typed in `locale`. Accepts the locale's group separator (also as a plain
 * space or apostrophe where the locale groups with those), one decimal separator, a leading
 * minus, and a trailing "%" when `percent` is set. Where the typed text is unambiguous in
 * the other convention (a single "." followed by other than three digits in de-DE, as in "12.5"), it
 * is read as a decimal point, since people paste numbers from elsewhere.
 */
export function parseDecimal(text: string, locale: string, options: { percent?: boolean } = {}): ParsedDecimal {
  let s = text.trim();
  if (options.percent === true) s = s.replace(/\s*%$/, '');
  if (s === '') return { ok: false, reason: 'empty' };
  const { group, decimal } = separatorsOf(locale);
  let negative = false;
  if (/^[-\u2212]/.test(s)) {
    negative = true;
    s = s.slice(1).trim();
  }
  // Spaces never mean anything but grouping; apostrophes do where the locale groups with them.
  const groupsWithSpace = SPACE_OR_APOSTROPHE.test(group);
  s = s.replace(SPACE_GROUPS, '');
  if (groupsWithSpace) s = s.replace(/[\u2019']/g, '');
  let integer: string;
  let fraction = '';
  const decimalAt = s.lastIndexOf(decimal);
  const groupChar = groupsWithSpace ? null : group;
  if (decimalAt >= 0) {
    integer = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + decimal.length);
  } else if (groupChar !== null && s.split(groupChar).length === 2 && !/^\d{3}$/.test(s.split(groupChar)[1] ?? '')) {
    // One separator that cannot be a thousands separator ("12.5" in de-DE): a decimal point.
    [integer, fraction] = s.split(groupChar) as [string, string];
  } else {
    integer = s;
  }
  if (groupChar !== null) {
    // Group separators must sit between groups of three digits.
    const groups = integer.split(groupChar);
    if (groups.length > 1 && (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))) {
      return { ok: false, reason: 'invalid' };
    }
    integer = groups.join('');
  }
  if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || (integer === '' && fraction === '')) return { ok: false, reason: 'invalid' };
  const whole = integer.replace(/^0+(?=\d)/, '') || '0';
  const value = fraction === '' ? whole : `${whole}.${fraction}`;
  return { ok: true, value: negative && /[1-9]/.test(value) ? `-${value}` : value };
}

/**
 * Shows an API decimal string in `locale` for editing: the locale's separators, grouped,
 * every digit kept ("1500.5" → "1.500,5" in de-DE). Intl formats decimal strings exactly.
 */
export function formatDecimal(value: string | null | undefined, locale: string, options: { minimumFractionDigits?: number } = {}): string {
  if (value === null || value === undefined || value.trim() === '') return '';
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) return value;
  const decimals = value.includes('.') ? (value.split('.')[1] ?? '').length : 0;
  const format = new Intl.NumberFormat(locale, {
    useGrouping: true,
    minimumFractionDigits: Math.min(20, Math.max(decimals, options.minimumFractionDigits ?? 0)),
    maximumFractionDigits: Math.min(20, Math.max(decimals, options.minimumFractionDigits ?? 0)),
  });
  return format.format(value.trim() as unknown as number);
}
