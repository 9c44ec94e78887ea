/** Product events (public): the object is the product as the API returns it. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'product.created': undefined;
    /** Also an archive (audited as product.archived). */
    'product.updated': undefined;
    'product.deleted': undefined;
  }
}
