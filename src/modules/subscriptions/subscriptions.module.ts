/**
 * Subscriptions ("Recurring billing"): cycles, pause and cancellation (subscriptions.service.ts),
 * invoices generated exactly once per period by a scheduled task (generate-invoices.ts), the
 * upcoming-invoice preview.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { recurringBilling } from './generate-invoices.ts';
import { registerSubscriptionRoutes } from './subscriptions.routes.ts';
import { timeZoneMovesSubscriber } from './time-zone-moves.ts';

export const subscriptionsModule: SettleModule = {
  name: 'subscriptions',
  routes: (api, deps) => {
    registerSubscriptionRoutes(api, deps);
  },
  schedules: (deps) => [recurringBilling(deps)],
  subscribers: [timeZoneMovesSubscriber],
};
