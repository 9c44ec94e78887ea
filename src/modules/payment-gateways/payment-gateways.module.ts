/**
 * Online payments through payment gateways (Stripe first): connections per organization
 * with secrets encrypted at rest, hosted checkouts for invoices (Pay now, payment links),
 * the inbound webhook that records payments and refunds exactly once, and refunds started
 * in Settle going through the gateway (createGatewayRefunds, handed to payments by the
 * composition root).
 */
import type { SettleModule } from '../../kernel/module.ts';
import { registerGatewayRoutes, registerPaymentReturnPage } from './gateways.routes.ts';

export const paymentGatewaysModule: SettleModule = {
  name: 'payment-gateways',
  routes: (api, deps) => {
    registerGatewayRoutes(api, deps);
  },
  pages: registerPaymentReturnPage,
};
