/**
 * Dates as people type them: in their locale's order ("06.12.2026" de-DE, "12/06/2026" en-US,
 * "06/12/2026" fr-FR), to and from the API's ISO dates. The pattern comes from Intl, so every
 * locale gets its own order and separator without a table to keep.
 */
export interface DatePattern {
  /** Field order, e.g. ['day', 'month', 'year']. */
  order: ('day' | 'month' | 'year')[];
  separator: string;
  /** dayjs format, e.g. "DD.MM.YYYY", for the date picker. */
  format: string;
}

const cache = new Map<string, DatePattern>();

export function datePatternOf(locale: string): DatePattern {
  const known = cache.get(locale);
  if (known) return known;
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 11, 6));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as 'day' | 'month' | 'year');
  const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
  const token = { day: 'DD', month: 'MM', year: 'YYYY' } as const;
  const pattern = { order, separator, format: order.map((o) => token[o]).join(separator) };
  cache.set(locale, pattern);
  return pattern;
}

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date typed in `locale`'s order with any of . / - or space between the parts, a
 * two-digit year meaning 20xx; an ISO date (2026-12-06) is read as such in every locale.
 * Returns the ISO date, or null when the text is no real date.
 */
export function parseDate(text: string, locale: string): string | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const pieces = s.split(/[./\-\s]+/).filter((p) => p !== '');
  if (pieces.length !== 3 || pieces.some((p) => !/^\d+$/.test(p))) return null;
  const { order } = datePatternOf(locale);
  const value: Record<string, number> = {};
  order.forEach((field, i) => {
    value[field] = Number(pieces[i]);
  });
  let year = value.year ?? 0;
  const yearText = pieces[order.indexOf('year')] ?? '';
  if (yearText.length === 2) year += 2000;
  else if (yearText.length !== 4) return null;
  return isoOf(year, value.month ?? 0, value.day ?? 0);
}

/** Shows an ISO date in `locale`'s numeric order for editing ("2026-12-06" → "06.12.2026"). */
export function formatDateInput(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const { order, separator } = datePatternOf(locale);
  const parts = { year: m[1], month: m[2], day: m[3] };
  return order.map((o) => parts[o]).join(separator);
}
