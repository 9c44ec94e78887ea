/** Customer link events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'invoice.link_created': undefined;
    'invoice.link_revoked': undefined;
  }
}
