/**
 * The reports' date range: kept in the URL (?from=&to=, and ?range= for the preset chosen) so
 * every tab reads the same dates and a report can be shared as a link. Dates are calendar
 * days (YYYY-MM-DD) in the browser's calendar.
 */
import { useSearchParams } from 'react-router';
import { userLocale } from '../../i18n/locale.ts';

export function isoDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month, day));
  return d.toISOString().slice(0, 10);
}

export function today(now = new Date()): string {
  return isoDate(now.getFullYear(), now.getMonth(), now.getDate());
}

export interface DateRange {
  from: string;
  to: string;
}

export const PRESET_KEYS = ['this-month', 'last-month', 'this-quarter', 'this-year', 'last-12-months'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

export const PRESETS: { key: PresetKey; range: (now?: Date) => DateRange }[] = [
  { key: 'this-month', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth(), 1), to: isoDate(now.getFullYear(), now.getMonth() + 1, 0) }) },
  { key: 'last-month', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth() - 1, 1), to: isoDate(now.getFullYear(), now.getMonth(), 0) }) },
  {
    key: 'this-quarter',
    range: (now = new Date()) => {
      const q = Math.floor(now.getMonth() / 3) * 3;
      return { from: isoDate(now.getFullYear(), q, 1), to: isoDate(now.getFullYear(), q + 3, 0) };
    },
  },
  { key: 'this-year', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), 0, 1), to: isoDate(now.getFullYear(), 11, 31) }) },
  { key: 'last-12-months', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth() - 11, 1), to: isoDate(now.getFullYear(), now.getMonth() + 1, 0) }) },
];

const DEFAULT_PRESET: PresetKey = 'this-year';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The one preset to highlight for a range: the one chosen (?range=) while the dates are still
 * its dates, else the first whose dates they are. Two presets can have the same dates (in
 * December, "This year" and "Last 12 months"): only one is ever highlighted.
 */
export function activePreset(range: DateRange, chosen: string | null, now = new Date()): PresetKey | null {
  const matches = PRESETS.filter((p) => {
    const r = p.range(now);
    return r.from === range.from && r.to === range.to;
  }).map((p) => p.key);
  if (chosen !== null && (matches as string[]).includes(chosen)) return chosen as PresetKey;
  return matches[0] ?? null;
}

/** The range in the URL (this year when absent), and a setter that keeps the other params. */
export function useReportParams() {
  const [params, setParams] = useSearchParams();
  const fallback = PRESETS.find((p) => p.key === DEFAULT_PRESET)!.range();
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const range: DateRange = {
    from: fromParam !== null && ISO.test(fromParam) ? fromParam : fallback.from,
    to: toParam !== null && ISO.test(toParam) ? toParam : fallback.to,
  };
  const chosen = params.get('range') ?? (fromParam === null && toParam === null ? DEFAULT_PRESET : null);
  // Start from the address bar, not from this render's params: two changes in a row (From,
  // then To) must both land, even before the page has re-rendered in between.
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams((globalThis as { location?: { search: string } }).location?.search ?? '');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  return { range, params, set, valid: range.from <= range.to, preset: activePreset(range, chosen) };
}

/** The quarter of a period start, as "Q4 2026". */
function quarterOf(y: number, m: number): string {
  return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
}

/** How a period start reads in a table or on an axis, for the grouping unit, in the user's locale. */
export function periodLabel(period: string, unit: string, short = false, weekOf: (date: string) => string = (d) => d): string {
  const [y, m, d] = period.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return period;
  const date = Date.UTC(y, m - 1, d);
  const locale = userLocale();
  switch (unit) {
    case 'year':
      return String(y);
    case 'quarter':
      return quarterOf(y, m);
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: short ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
    case 'week': {
      const text = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: short ? undefined : 'numeric', timeZone: 'UTC' }).format(date);
      return short ? text : weekOf(text);
    }
    default:
      return new Intl.DateTimeFormat(locale, { dateStyle: short ? 'short' : 'medium', timeZone: 'UTC' }).format(date);
  }
}
