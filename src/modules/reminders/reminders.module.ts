/**
 * Reminders (dunning) and late fees: the organization's settings, the scheduled task that
 * reminds each open invoice once per step (reminder-schedule.ts, remind-invoice.ts), pause,
 * resume and "Send reminder now" per invoice, late-fee invoices (late-fee.ts), and the
 * erasure of reminder recipients when a customer is anonymized.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { eraseReminderRecipientsSubscriber } from './erase-reminder-recipients.ts';
import { paymentReminders } from './reminder-schedule.ts';
import { registerReminderRoutes } from './reminders.routes.ts';

export const remindersModule: SettleModule = {
  name: 'reminders',
  routes: (api, deps) => {
    registerReminderRoutes(api, deps);
  },
  schedules: (deps) => [paymentReminders(deps)],
  subscribers: [eraseReminderRecipientsSubscriber],
};
