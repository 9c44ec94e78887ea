/**
 * Numbers, amounts and dates on documents, per locale. Intl decides the look (separators,
 * grouping, where the currency symbol and the minus sign go, the digits themselves), but the
 * digits printed are always those of the exact decimal string from the API: Intl formats a
 * sample, we learn its pattern from `formatToParts`, and apply the pattern to the string.
 * No amount ever passes through a float. Pure; patterns are cached per locale and currency.
 */
import { supportedLocale } from '../../domain/document-language.ts';

/** A plain decimal as the API writes it: "-1234.5", "0.004", "12". */
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Symbols {
  group: string;
  decimal: string;
  /** Size of the group next to the decimal separator (3), and of the ones before it (3; 2 in en-IN). */
  primary: number;
  secondary: number;
  /** Integer digits needed before grouping starts: 1 ("1,234"), 2 in Spanish ("1234" but "12.345"). */
  minimumGroupingDigits: number;
  /** The locale's digits 0–9 (Latin for most, Arabic-Indic for ar-EG, …). */
  digits: string[];
}

/** What surrounds the number: "€" before it in English, " €" after it in German, the minus sign. */
interface Affixes {
  positive: { prefix: string; suffix: string };
  negative: { prefix: string; suffix: string };
}

const NUMBER_PARTS = new Set(['integer', 'group', 'decimal', 'fraction']);
const symbolCache = new Map<string, Symbols>();
const affixCache = new Map<string, Affixes>();
const dateCache = new Map<string, Intl.DateTimeFormat>();

function symbolsOf(locale: string): Symbols {
  const cached = symbolCache.get(locale);
  if (cached) return cached;
  const parts = new Intl.NumberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(1234567.5);
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const fourDigits = new Intl.NumberFormat(locale).formatToParts(1234);
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const symbols: Symbols = {
    group: parts.find((p) => p.type === 'group')?.value ?? '',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    primary: integers.at(-1) ?? 3,
    secondary: integers.length > 2 ? (integers.at(-2) ?? 3) : (integers.at(-1) ?? 3),
    minimumGroupingDigits: fourDigits.some((p) => p.type === 'group') ? 1 : 2,
    digits: Array.from({ length: 10 }, (_, d) => plain.format(d)),
  };
  symbolCache.set(locale, symbols);
  return symbols;
}

function affixesOf(key: string, format: () => Intl.NumberFormat): Affixes {
  const cached = affixCache.get(key);
  if (cached) return cached;
  const split = (value: number) => {
    const parts = format().formatToParts(value);
    const first = parts.findIndex((p) => NUMBER_PARTS.has(p.type));
    const last = parts.length - 1 - [...parts].reverse().findIndex((p) => NUMBER_PARTS.has(p.type));
    const text = (list: Intl.NumberFormatPart[]) => list.map((p) => p.value).join('');
    return { prefix: text(parts.slice(0, first)), suffix: text(parts.slice(last + 1)) };
  };
  const affixes = { positive: split(1), negative: split(-1) };
  affixCache.set(key, affixes);
  return affixes;
}

/** Groups the integer digits and localizes them, e.g. "1234567" → "1.234.567" (de), "12,34,567" (en-IN). */
function localizeDigits(whole: string, fraction: string, symbols: Symbols): string {
  const groups: string[] = [];
  if (symbols.group !== '' && whole.length >= symbols.primary + symbols.minimumGroupingDigits) {
    let rest = whole.slice(0, whole.length - symbols.primary);
    groups.unshift(whole.slice(whole.length - symbols.primary));
    while (rest.length > symbols.secondary) {
      groups.unshift(rest.slice(rest.length - symbols.secondary));
      rest = rest.slice(0, rest.length - symbols.secondary);
    }
    groups.unshift(rest);
  } else {
    groups.push(whole);
  }
  const digits = (text: string) => text.replace(/\d/g, (d) => symbols.digits[Number(d)] ?? d);
  const integer = groups.map(digits).join(symbols.group);
  return fraction === '' ? integer : integer + symbols.decimal + digits(fraction);
}

function apply(value: string, locale: string, affixes: Affixes): string {
  const match = DECIMAL.exec(value.trim());
  if (!match) return value; // not a number: shown as it is rather than guessed at
  const [, minus, whole = '0', fraction = ''] = match;
  const negative = minus !== undefined && /[1-9]/.test(whole + fraction);
  const { prefix, suffix } = negative ? affixes.negative : affixes.positive;
  return prefix + localizeDigits(whole.replace(/^0+(?=\d)/, ''), fraction, symbolsOf(locale)) + suffix;
}

/**
 * An amount in a currency, e.g. ("1234.56", "EUR") → "€1,234.56" (en), "1.234,56 €" (de),
 * "1 234,56 €" (fr, narrow no-break space). Prints exactly the digits given: amounts from
 * the API carry the currency's minor-unit digits, unit prices may carry more.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const loc = supportedLocale(locale);
  let affixes: Affixes;
  try {
    affixes = affixesOf(`${loc}|${currency}`, () => new Intl.NumberFormat(loc, { style: 'currency', currency }));
  } catch {
    // A code Intl rejects cannot come from the API (currencies are validated); show it plainly all the same.
    return `${formatNumber(amount, loc)} ${currency}`;
  }
  return apply(amount, loc, affixes);
}

/** A plain decimal (a quantity), e.g. "1234.5" → "1,234.5" (en), "1.234,5" (de). */
export function formatNumber(value: string, locale: string): string {
  const loc = supportedLocale(locale);
  return apply(value, loc, affixesOf(`${loc}|number`, () => new Intl.NumberFormat(loc)));
}

/** A percentage given in percent, e.g. "19" → "19%" (en), "19 %" (de, no-break space), "7.5" → "7,5 %". */
export function formatPercent(value: string, locale: string): string {
  const loc = supportedLocale(locale);
  return apply(value, loc, affixesOf(`${loc}|percent`, () => new Intl.NumberFormat(loc, { style: 'percent' })));
}

/** A calendar date (YYYY-MM-DD), e.g. "2026-11-23" → "Nov 23, 2026" (en), "23.11.2026" (de). */
export function formatDate(date: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const loc = supportedLocale(locale);
  let format = dateCache.get(loc);
  if (!format) {
    format = new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeZone: 'UTC' });
    dateCache.set(loc, format);
  }
  return format.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}
