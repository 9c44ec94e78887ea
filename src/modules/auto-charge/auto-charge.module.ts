/**
 * Automatic charges of subscription invoices (`collection: charge_automatically`): the
 * finalized invoice gets an auto-charge row (subscriber of invoice.finalized), a scheduled
 * task charges the customer's default saved method off-session and retries failures after
 * 1, 3 and 5 days, e-mailing the customer a pay link each time; any other settlement stops it.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { autoChargeOnFinalize, autoChargeStops } from './auto-charge.subscribers.ts';
import { autoChargeTask } from './charge-invoices.ts';

export const autoChargeModule: SettleModule = {
  name: 'auto-charge',
  schedules: (deps) => [autoChargeTask(deps)],
  subscribers: [autoChargeOnFinalize, autoChargeStops],
};
