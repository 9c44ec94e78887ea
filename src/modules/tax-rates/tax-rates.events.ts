/** Tax rate events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'tax_rate.created': undefined;
    'tax_rate.updated': undefined;
    'tax_rate.archived': undefined;
    'tax_rate.deleted': undefined;
  }
}
