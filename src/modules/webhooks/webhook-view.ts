/** Rows as the API shows them. The signing secret never leaves through these. */
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';
import { endpointEvents } from './webhook-outbox.ts';
import type { DeliveryStatus, WebhookDeliveryOut, WebhookEndpointOut } from './webhooks.schemas.ts';

export function endpointOut(row: WebhookEndpointsTable): WebhookEndpointOut {
  return {
    id: row.id,
    url: row.url,
    events: endpointEvents(row),
    description: row.description,
    enabled: row.enabled === 1,
    disabled_reason: row.disabled_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function deliveryOut(row: WebhookDeliveriesTable, attempts: readonly WebhookAttemptsTable[]): WebhookDeliveryOut {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status as DeliveryStatus,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      status_code: attempt.status_code,
      duration_ms: attempt.duration_ms,
      error: attempt.error,
      created_at: attempt.created_at,
    })),
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at,
    delivered_at: row.delivered_at,
    created_at: row.created_at,
  };
}
