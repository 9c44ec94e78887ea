/** Invoices: drafts, finalizing, status changes. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerInvoiceRoutes } from './invoices.routes.ts';

export const invoicesModule: SettleModule = {
  name: 'invoices',
  routes: (api, deps) => {
    registerInvoiceRoutes(api, deps);
  },
};
