/**
 * E-invoices (EN 16931): the official rules run in-process (validation/), exports of
 * finalized invoices and credit notes in UBL, CII, XRechnung and Factur-X.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { registerEInvoiceRoutes } from './einvoices.routes.ts';
import { registerValidateRoutes } from './validate.routes.ts';

export const einvoicesModule: SettleModule = {
  name: 'einvoices',
  routes: (api, deps) => {
    registerValidateRoutes(api, deps);
    registerEInvoiceRoutes(api, deps);
  },
};
