/** The customer events (kernel/events.ts): the object is the customer as the API returns it. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'customer.created': undefined;
    /** Also an archive (audited as customer.archived). */
    'customer.updated': undefined;
    'customer.deleted': undefined;
    'customer.anonymized': undefined;
  }
}
