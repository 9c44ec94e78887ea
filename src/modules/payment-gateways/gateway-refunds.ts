/** The GatewayRefunds the payments module uses (kernel/gateways.ts), backed by the providers here. */
import type { Config } from '../../config.ts';
import type { GatewayRefunds } from '../../kernel/gateways.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';
import { AppError } from '../../shared/errors.ts';
import { gatewayDeps, openConnection, providerProblem } from './gateway-connections.ts';
import { isProviderName } from './providers.ts';
import { StripeAmountError } from './stripe/stripe-amounts.ts';

export function createGatewayRefunds(deps: { config: Config; secrets?: SecretBox | undefined }): GatewayRefunds {
  return {
    async refund(trx, orgId, request) {
      if (!isProviderName(request.gateway)) throw AppError.conflict(`This payment arrived through ${request.gateway}, which Settle cannot refund through`);
      const connection = await openConnection(trx, gatewayDeps(deps), orgId, request.gateway);
      if (connection === null) {
        throw AppError.conflict(`This payment arrived through ${request.gateway}, which is no longer connected: reconnect it to refund, or refund in ${request.gateway} directly`);
      }
      try {
        return await connection.provider.refund(connection.credentials, {
          paymentIntentId: request.gatewayPaymentId,
          amount: request.amount,
          currency: request.currency,
          reason: request.reason,
          idempotencyKey: request.idempotencyKey,
        });
      } catch (error) {
        if (error instanceof StripeAmountError) throw AppError.validation('amount', error.message);
        return providerProblem(error);
      }
    },
  };
}
