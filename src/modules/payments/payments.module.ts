/** Payments, refunds and customer credit. */
import type { SettleModule } from '../../kernel/module.ts';
import { registerPaymentRoutes } from './payments.routes.ts';

export const paymentsModule: SettleModule = {
  name: 'payments',
  routes: (api, deps) => {
    registerPaymentRoutes(api, deps);
  },
};
