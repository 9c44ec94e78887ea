/**
 * What the payments module needs of a payment gateway, without depending on the gateway
 * module (which depends on payments): a refund started in Settle on a payment that arrived
 * through a gateway goes through the gateway first. The composition root hands the
 * implementation (modules/payment-gateways) to the modules in AppDeps.
 */
import type { Executor } from '../db/executor.ts';

export interface GatewayRefundRequest {
  gateway: string;
  gatewayPaymentId: string;
  amount: bigint;
  currency: string;
  reason: string;
  /** The same key gives the same refund at the gateway (a retried request never refunds twice). */
  idempotencyKey: string;
}

export interface GatewayRefunds {
  /** Refunds at the gateway, reading the organization's connection with `trx`; throws AppError on refusal. */
  refund(trx: Executor, orgId: string, request: GatewayRefundRequest): Promise<{ refundId: string }>;
}
