/** API token events: audit log only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'api_token.created': undefined;
    'api_token.revoked': undefined;
  }
}
