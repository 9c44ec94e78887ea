/** Saved payment method events: audit log only, on the customer (kernel/events.ts). */
export {};

declare module '../../../kernel/events.ts' {
  interface EventCatalogue {
    /** A hosted setup page was made for the customer (setup link, portal). */
    'customer.payment_method_setup_started': undefined;
    /** The gateway reported a saved card or mandate (webhook), stored once. */
    'customer.payment_method_saved': undefined;
    'customer.payment_method_removed': undefined;
    'customer.payment_method_default_changed': undefined;
  }
}
