/** Custom fields (issue #19): the organization's own fields on customers, products and invoices. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerCustomFieldRoutes } from './custom-fields.routes.ts';

export const customFieldsModule: SettleModule = {
  name: 'custom-fields',
  routes: (api, deps) => {
    registerCustomFieldRoutes(api, deps);
  },
};
