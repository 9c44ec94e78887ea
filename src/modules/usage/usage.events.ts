/**
 * Usage events (kernel/events.ts). Billable metrics are settings: their changes are audited,
 * not published. `usage.recorded` is internal too: ONE per request that stored new usage
 * events (a batch of a thousand is one event), carrying the rows newly inserted (never a
 * resent transaction id), emitted with `audit: false` so usage does not flood the audit
 * log. Subscribers bill what must be billed at once (subscriptions/bill-immediately.ts).
 */
import type { UsageEventsTable } from '../../db/schema.ts';

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'billable_metric.created': undefined;
    'billable_metric.updated': undefined;
    'billable_metric.deleted': undefined;
    'usage.recorded': { events: UsageEventsTable[] };
  }
}
