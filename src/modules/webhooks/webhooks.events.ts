/**
 * The webhook module's own events (kernel/events.ts): changes to endpoints, for the audit
 * log only — they are not public, so no webhook is ever sent about webhooks.
 */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'webhook_endpoint.created': undefined;
    /** Also enabled or disabled by an admin. */
    'webhook_endpoint.updated': undefined;
    'webhook_endpoint.deleted': undefined;
    /** Disabled by Settle after its deliveries failed for 3 days. */
    'webhook_endpoint.disabled': undefined;
  }
}
