/**
 * Automatic charge events, on the invoice's timeline (resource: the invoice). See
 * kernel/events.ts. `invoice.payment_failed` is public (events API, webhooks): its object is
 * the invoice with an `auto_charge` block (attempt, reason, next attempt).
 */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    /** The saved method was charged for the invoice (the payment itself is payment.created). */
    'invoice.charge_succeeded': undefined;
    /** An automatic charge failed (declined, no saved method, confirmation required, no gateway). */
    'invoice.payment_failed': undefined;
  }
}
