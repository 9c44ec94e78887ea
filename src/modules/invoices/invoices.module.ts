/** Invoices: drafts, finalizing, status changes. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerInvoiceRoutes } from './invoices.routes.ts';
import { overdueCheck } from './overdue-check.ts';

export const invoicesModule: SettleModule = {
  name: 'invoices',
  routes: (api, deps) => {
    registerInvoiceRoutes(api, deps);
  },
  schedules: (deps) => [overdueCheck(deps)],
};
