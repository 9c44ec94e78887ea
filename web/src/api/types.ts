/**
 * Response types, taken from the server's own schemas (type-only imports: nothing of the
 * server is bundled), so the web app and the API cannot drift apart silently.
 */
export type { MeOut as Me } from '../../../src/modules/auth/auth.schemas.ts';
export type { CustomerOut as Customer } from '../../../src/modules/customers/customers.schemas.ts';
export type { OrganizationOut as Organization } from '../../../src/modules/organizations/organizations.schemas.ts';
export type Role = 'viewer' | 'sales' | 'accountant' | 'admin' | 'owner';

/** An event of `GET /events` (and the body a webhook endpoint receives): `object` is the resource as the API returns it. */
export interface BillingEvent {
  id: string;
  type: string;
  created_at: string;
  data: { object: Record<string, unknown> | null };
}

/** A webhook endpoint (`GET /webhook-endpoints`); `events` is a list of types or `["*"]` for all. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** The endpoint as `POST /webhook-endpoints` returns it, the only time its signing secret is shown. */
export type NewWebhookEndpoint = WebhookEndpoint & { secret: string };

export interface WebhookAttempt {
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event sent (or being sent) to one endpoint, with each try. */
export interface WebhookDelivery {
  id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttempt[];
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** Aggregations of a billable metric: count of events, sum or max of a property, or count of its distinct values. */
export type MetricAggregation = 'count' | 'sum' | 'max' | 'unique_count';

/** A billable metric (`GET /billable-metrics`): what usage events of one `code` add up to for a customer. */
export interface BillableMetric {
  id: string;
  code: string;
  name: string;
  aggregation: MetricAggregation;
  /** The event property summed, maxed or counted distinctly (null for count). */
  field: string | null;
  created_at: string;
  updated_at: string;
}

/** A customer's usage (`GET /customers/{id}/usage`): one value per metric over [from, to). */
export interface CustomerUsage {
  customer_id: string;
  from: string;
  to: string;
  data: { metric_code: string; name: string; aggregation: MetricAggregation; value: string }[];
}
