/**
 * A date range split for the monthly summaries: the whole calendar months inside it (read
 * from a per-month table) and the days of the partial months at its ends (read from the
 * documents). Together they cover exactly the range, each day once. Pure.
 */
import { addDays } from '../../domain/dates.ts';

export interface SplitRange {
  /** Whole months (YYYY-MM, inclusive; undefined: unbounded on that side), or null for none. */
  months: { from?: string; to?: string } | null;
  /** Days outside those months: at most two ranges [from, to] (inclusive dates). */
  days: [string, string][];
}

const monthOf = (date: string) => date.slice(0, 7);
const firstOfMonth = (date: string) => `${monthOf(date)}-01`;
const lastOfMonth = (date: string) => addDays(firstOfMonth(addDays(firstOfMonth(date), 31)), -1);
const nextMonth = (month: string) => monthOf(addDays(`${month}-01`, 31));
const previousMonth = (month: string) => monthOf(addDays(`${month}-01`, -1));

export function splitRange(from: string | undefined, to: string | undefined): SplitRange {
  if (from !== undefined && to !== undefined && monthOf(from) === monthOf(to) && !(from === firstOfMonth(from) && to === lastOfMonth(to))) {
    return { months: null, days: [[from, to]] };
  }
  const days: [string, string][] = [];
  let first: string | undefined;
  let last: string | undefined;
  if (from !== undefined) {
    if (from === firstOfMonth(from)) first = monthOf(from);
    else {
      days.push([from, lastOfMonth(from)]);
      first = nextMonth(monthOf(from));
    }
  }
  if (to !== undefined) {
    if (to === lastOfMonth(to)) last = monthOf(to);
    else {
      days.push([firstOfMonth(to), to]);
      last = previousMonth(monthOf(to));
    }
  }
  const months = first !== undefined && last !== undefined && first > last ? null : { ...(first === undefined ? {} : { from: first }), ...(last === undefined ? {} : { to: last }) };
  return { months, days };
}
