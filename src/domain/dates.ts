/** Calendar-date arithmetic on YYYY-MM-DD strings, in UTC (dates have no time zone). */

/** The calendar date `days` after `date`. */
export function addDays(date: string, days: number): string {
  const result = new Date(`${date}T00:00:00Z`);
  result.setUTCDate(result.getUTCDate() + days);
  return result.toISOString().slice(0, 10);
}
