/** Customers: the people and businesses invoiced. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerCustomerRoutes } from './customers.routes.ts';

export const customersModule: SettleModule = {
  name: 'customers',
  routes: (api, deps) => {
    registerCustomerRoutes(api, deps);
  },
};
