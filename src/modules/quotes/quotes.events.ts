/**
 * Quote events (kernel/events.ts): all public (events API, webhooks) and audited. The object
 * is the quote as the API returns it. An open quote past its expiry date reads as expired
 * (computed on read), so there is no stored `quote.expired` event.
 */
declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'quote.created': undefined;
    'quote.updated': undefined;
    'quote.deleted': undefined;
    'quote.finalized': undefined;
    'quote.sent': undefined;
    'quote.accepted': undefined;
    'quote.declined': undefined;
    /** The quote became an invoice (a draft, created in the same transaction: its own invoice.created). */
    'quote.converted': undefined;
  }
}

export {};
