/** Accounting export events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'organization.accounts_updated': undefined;
  }
}
