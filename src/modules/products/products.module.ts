/** The catalogue of products and services. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerProductRoutes } from './products.routes.ts';

export const productsModule: SettleModule = {
  name: 'products',
  routes: (api, deps) => {
    registerProductRoutes(api, deps);
  },
};
