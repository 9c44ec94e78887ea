/** A reminder step in words: "3 days before the due date", "On the due date", "7 days after the due date". */
export function stepLabel(days: number | string): string {
  const n = Number(days);
  if (days === '' || !Number.isFinite(n)) return 'Step';
  if (n === 0) return 'On the due date';
  return n < 0 ? `${-n} day${n === -1 ? '' : 's'} before the due date` : `${n} day${n === 1 ? '' : 's'} after the due date`;
}
