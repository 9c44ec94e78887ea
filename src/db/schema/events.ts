/** Table types: the event stream, webhooks and scheduled tasks (migration 0012). Conventions: see ../schema.ts. */

export interface EventTables {
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  scheduled_tasks: ScheduledTasksTable;
}

export interface EventsTable {
  id: string;
  organization_id: string;
  type: string;
  resource_type: string;
  resource_id: string;
  /** JSON: the resource as the API returned it when the event happened. */
  object: string;
  created_at: string;
}

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  /** JSON array of event types, or ["*"]. */
  events: string;
  /** `whsec_` + base64 of the signing key. */
  secret: string;
  enabled: number;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  /** 'pending' | 'delivered' | 'failed' */
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  created_at: string;
}

export interface ScheduledTasksTable {
  name: string;
  next_run_at: string;
  locked_until: string | null;
  locked_by: string | null;
  last_run_at: string | null;
  last_error: string | null;
}
