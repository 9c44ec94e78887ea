/** Payment gateway events: audit log only (no secrets in them). See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'payment_gateway.connected': undefined;
    'payment_gateway.disconnected': undefined;
    /** A hosted checkout was made for an invoice (the invoice's timeline). */
    'invoice.checkout_created': undefined;
    /**
     * The gateway reported money for the invoice that could not be recorded (another currency,
     * an amount Settle cannot represent): on the invoice's timeline for a person to look at.
     */
    'invoice.gateway_payment_rejected': undefined;
    /** A gateway refund could not be recorded (e.g. more than the payment can give back in Settle). */
    'invoice.gateway_refund_rejected': undefined;
  }
}
