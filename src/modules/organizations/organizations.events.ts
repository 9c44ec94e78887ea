/** Organization settings events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'organization.created': undefined;
    'organization.updated': undefined;
    'organization.logo_updated': undefined;
    'organization.logo_removed': undefined;
  }
}
