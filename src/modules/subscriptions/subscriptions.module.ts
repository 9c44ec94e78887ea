/**
 * Subscriptions ("Recurring billing"): cycles, pause and cancellation (subscriptions.service.ts),
 * invoices generated exactly once per period by a scheduled task (generate-invoices.ts), the
 * upcoming-invoice preview, and usage events billed at once (bill-immediately.ts).
 */
import type { SettleModule } from '../../kernel/module.ts';
import { billImmediatelySubscriber, sendGeneratedInvoiceHandler } from './bill-immediately.ts';
import { recurringBilling } from './generate-invoices.ts';
import { SEND_GENERATED_INVOICE_JOB } from './subscription-invoice.ts';
import { registerSubscriptionRoutes } from './subscriptions.routes.ts';
import { timeZoneMovesSubscriber } from './time-zone-moves.ts';

export const subscriptionsModule: SettleModule = {
  name: 'subscriptions',
  routes: (api, deps) => {
    registerSubscriptionRoutes(api, deps);
  },
  schedules: (deps) => [recurringBilling(deps)],
  jobs: (deps) => ({ [SEND_GENERATED_INVOICE_JOB]: sendGeneratedInvoiceHandler(deps) }),
  subscribers: [timeZoneMovesSubscriber, billImmediatelySubscriber],
};
