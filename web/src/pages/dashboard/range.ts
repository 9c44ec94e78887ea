/** The dashboard's dates, in the browser's calendar. Pure. */

/** Today, YYYY-MM-DD. */
export function todayOf(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * "Collected this month": from the 1st up to today, both sent. A payment dated later this
 * month (a post-dated cheque) has not been collected yet and must not count.
 */
export function collectedThisMonth(now = new Date()): { from: string; to: string } {
  const to = todayOf(now);
  return { from: `${to.slice(0, 7)}-01`, to };
}
