/**
 * Reminders (dunning) and late fees: the organization's settings, the scheduled task that
 * reminds each open invoice once per step (reminder-schedule.ts, remind-invoice.ts), pause,
 * resume and "Send reminder now" per invoice, and late-fee invoices (late-fee.ts).
 */
import type { SettleModule } from '../../kernel/module.ts';
import { paymentReminders } from './reminder-schedule.ts';
import { registerReminderRoutes } from './reminders.routes.ts';

export const remindersModule: SettleModule = {
  name: 'reminders',
  routes: (api, deps) => {
    registerReminderRoutes(api, deps);
  },
  schedules: (deps) => [paymentReminders(deps)],
};
