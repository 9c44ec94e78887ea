/**
 * Reporting periods of calendar dates (YYYY-MM-DD, no time zone): the first day of the
 * day, ISO week (Monday), month, quarter or year a date falls in. Pure; UTC arithmetic only.
 */

export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The start date of the `unit` containing `date` (itself for 'day'). Throws on a malformed or unreal date. */
export function periodStart(date: string, unit: PeriodUnit): string {
  const match = DATE.exec(date);
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD`);
  }
  const year = match[1] as string;
  const month = Number(match[2]);
  switch (unit) {
    case 'day':
      return date;
    case 'week': {
      // getUTCDay: Sunday 0 … Saturday 6; ISO weeks start on Monday.
      const back = (parsed.getUTCDay() + 6) % 7;
      parsed.setUTCDate(parsed.getUTCDate() - back);
      return parsed.toISOString().slice(0, 10);
    }
    case 'month':
      return `${year}-${pad(month, 2)}-01`;
    case 'quarter':
      return `${year}-${pad(Math.floor((month - 1) / 3) * 3 + 1, 2)}-01`;
    case 'year':
      return `${year}-01-01`;
  }
}
