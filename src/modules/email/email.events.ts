/** E-mail events. invoice.sent is public (the e-mail reached the customer's mail server); the rest are audit only. See kernel/events.ts. */
export {};

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'invoice.send_queued': undefined;
    /** Audited as invoice.email_sent. */
    'invoice.sent': undefined;
    'invoice.email_failed': undefined;
    'email.retried': undefined;
    'organization.email_template_updated': undefined;
  }
}
