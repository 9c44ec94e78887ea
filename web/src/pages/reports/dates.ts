/**
 * The reports' date range: kept in the URL (?from=&to=) so a report can be shared as a link.
 * Dates are calendar days (YYYY-MM-DD) in the browser's calendar.
 */
import { useSearchParams } from 'react-router';

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

export const PRESETS: { label: string; range: (now?: Date) => DateRange }[] = [
  { label: 'This month', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth(), 1), to: isoDate(now.getFullYear(), now.getMonth() + 1, 0) }) },
  { label: 'Last month', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth() - 1, 1), to: isoDate(now.getFullYear(), now.getMonth(), 0) }) },
  {
    label: 'This quarter',
    range: (now = new Date()) => {
      const q = Math.floor(now.getMonth() / 3) * 3;
      return { from: isoDate(now.getFullYear(), q, 1), to: isoDate(now.getFullYear(), q + 3, 0) };
    },
  },
  { label: 'This year', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), 0, 1), to: isoDate(now.getFullYear(), 11, 31) }) },
  { label: 'Last 12 months', range: (now = new Date()) => ({ from: isoDate(now.getFullYear(), now.getMonth() - 11, 1), to: isoDate(now.getFullYear(), now.getMonth() + 1, 0) }) },
];

const DEFAULT_PRESET = 3; // This year

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The range in the URL (this year when absent), and a setter that keeps the other params. */
export function useReportParams() {
  const [params, setParams] = useSearchParams();
  const fallback = PRESETS[DEFAULT_PRESET]!.range();
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const range: DateRange = {
    from: fromParam !== null && ISO.test(fromParam) ? fromParam : fallback.from,
    to: toParam !== null && ISO.test(toParam) ? toParam : fallback.to,
  };
  // Start from the address bar, not from this render's params: two changes in a row (From,
  // then To) must both land, even before the page has re-rendered in between.
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  return { range, params, set, valid: range.from <= range.to };
}

/** How a period start reads in a table or on an axis, for the grouping unit. */
export function periodLabel(period: string, unit: string, short = false): string {
  const [y, m, d] = period.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return period;
  const date = Date.UTC(y, m - 1, d);
  switch (unit) {
    case 'year':
      return String(y);
    case 'quarter':
      return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
    case 'month':
      return new Intl.DateTimeFormat(undefined, { month: short ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
    case 'week':
      return `${short ? '' : 'Week of '}${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: short ? undefined : 'numeric', timeZone: 'UTC' }).format(date)}`;
    default:
      return new Intl.DateTimeFormat(undefined, { dateStyle: short ? 'short' : 'medium', timeZone: 'UTC' }).format(date);
  }
}
