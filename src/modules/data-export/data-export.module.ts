/** Data portability: the organization's data as a ZIP (admin), a customer's personal data as JSON (accountant). */
import type { SettleModule } from '../../kernel/module.ts';
import { registerCustomerExportRoute } from './customer-export.ts';
import { registerOrganizationExportRoute } from './organization-export.routes.ts';

export const dataExportModule: SettleModule = {
  name: 'data-export',
  routes: (api, deps) => {
    registerOrganizationExportRoute(api, deps);
    registerCustomerExportRoute(api, deps);
  },
};
