/**
 * Online payments through payment gateways (Stripe first): connections per organization
 * with secrets encrypted at rest, hosted checkouts for invoices (Pay now, payment links),
 * the inbound webhook that records payments and refunds exactly once, and refunds started
 * in Settle going through the gateway (createGatewayRefunds, handed to payments by the
 * composition root). Saved payment methods (saved-methods/: setup links, the list, removal,
 * the default) live here too: the inbound webhook stores them.
 */
import type { SettleModule } from '../../kernel/module.ts';
import { registerGatewayRoutes, registerPaymentReturnPage } from './gateways.routes.ts';
import { savedMethodsErasureSubscriber } from './saved-methods/customer-erasure.ts';
import { registerPaymentMethodRoutes, registerSetupReturnPage } from './saved-methods/payment-methods.routes.ts';

export const paymentGatewaysModule: SettleModule = {
  name: 'payment-gateways',
  routes: (api, deps) => {
    registerGatewayRoutes(api, deps);
    registerPaymentMethodRoutes(api, deps);
  },
  pages: (app) => {
    registerPaymentReturnPage(app);
    registerSetupReturnPage(app);
  },
  subscribers: [savedMethodsErasureSubscriber],
};
