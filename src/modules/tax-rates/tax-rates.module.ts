/** Tax rates. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerTaxRateRoutes } from './tax-rates.routes.ts';

export const taxRatesModule: SettleModule = {
  name: 'tax-rates',
  routes: (api, deps) => {
    registerTaxRateRoutes(api, deps);
  },
};
