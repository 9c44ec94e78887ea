/**
 * Usage-based billing: billable metrics (what is counted and how), usage events reported by
 * other systems (record-usage.ts: exactly once per transaction id, never into a period
 * already invoiced), a customer's usage, and the aggregation invoices bill
 * (usage-aggregate.ts). Billing itself belongs to subscriptions, which subscribe to
 * `usage.recorded`; this module imports nothing of theirs.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { registerUsageRoutes } from './usage.routes.ts';

export const usageModule: SettleModule = {
  name: 'usage',
  routes: (api, deps) => {
    registerUsageRoutes(api, deps);
  },
};
