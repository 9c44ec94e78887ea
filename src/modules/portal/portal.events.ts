/** Customer portal link events: audit log only (resource: the customer). See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'customer.portal_link_created': undefined;
    'customer.portal_link_revoked': undefined;
    'customer.portal_link_sent': undefined;
  }
}
