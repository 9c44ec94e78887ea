/** CSV imports of customers, products and tax rates (issue #19). */
import type { SettleModule } from '../../kernel/module.ts';
import { registerImportRoutes } from './imports.routes.ts';

export const importsModule: SettleModule = {
  name: 'imports',
  routes: (api, deps) => {
    registerImportRoutes(api, deps);
  },
};
