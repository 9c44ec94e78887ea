import { i18next } from '../../i18n/index.ts';

/** A reminder step in words: "3 days before the due date", "On the due date", "7 days after the due date". */
export function stepLabel(days: number | string): string {
  const n = Number(days);
  if (days === '' || !Number.isFinite(n)) return i18next.t('settings.reminders.step');
  if (n === 0) return i18next.t('settings.reminders.onDueDate');
  return n < 0 ? i18next.t('settings.reminders.daysBefore', { count: -n }) : i18next.t('settings.reminders.daysAfter', { count: n });
}
