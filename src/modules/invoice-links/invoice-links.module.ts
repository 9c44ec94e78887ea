/** Customer links: the public invoice page a customer opens from an e-mail. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerInvoiceLinkRoutes } from './invoice-links.routes.ts';
import { registerPublicInvoiceRoutes } from './public-invoice.routes.ts';

export const invoiceLinksModule: SettleModule = {
  name: 'invoice-links',
  routes: (api, deps) => {
    registerInvoiceLinkRoutes(api, deps);
  },
  pages: registerPublicInvoiceRoutes,
};
