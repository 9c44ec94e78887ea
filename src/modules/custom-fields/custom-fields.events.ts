/** Custom field definition events (audit only, not public). See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'custom_field.created': undefined;
    'custom_field.updated': undefined;
    'custom_field.deleted': undefined;
  }
}
