/**
 * The webhook outbox. For every public event, in the transaction of the change that emitted
 * it, one delivery row per enabled endpoint of the organization subscribed to its type (the
 * exact body every attempt will send) and a job to make its first attempt. So a delivery
 * exists if and only if the change committed, and survives any crash until it is made.
 * The same path carries test pings and manual retries.
 */
import type { WebhookEndpointsTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { dialectOf } from '../../db/dialect.ts';
import { publishedObject, type EventSubscriber } from '../../kernel/events.ts';
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import { WebhooksRepo } from './webhooks.repo.ts';
import { ALL_EVENTS } from './webhooks.schemas.ts';
import './webhooks.events.ts';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/**
 * The job that makes attempt `attempt` of a delivery. The attempt number lets a job that
 * was overtaken (by a manual retry, or by a worker that outlived its lock) see that it has
 * nothing left to do. One function builds it, so the stored JSON can be found again.
 */
export function deliverJobPayload(deliveryId: string, attempt: number): { delivery_id: string; attempt: number } {
  return { delivery_id: deliveryId, attempt };
}

/** The body of a delivery, as the Standard Webhooks specification shapes it. */
export function webhookBody(eventId: string, type: string, createdAt: string, object: unknown): string {
  return JSON.stringify({ id: eventId, type, created_at: createdAt, data: { object } });
}

export function endpointEvents(endpoint: Pick<WebhookEndpointsTable, 'events'>): string[] {
  return JSON.parse(endpoint.events) as string[];
}

function subscribes(endpoint: WebhookEndpointsTable, type: string): boolean {
  const events = endpointEvents(endpoint);
  return events.includes(ALL_EVENTS) || events.includes(type);
}

export interface NewDelivery {
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: string;
  /** The transaction's time (the injected clock). */
  now: string;
}

/** Writes a delivery and the job for its first attempt, due now, in the caller's transaction. */
export async function queueDelivery(trx: Executor, orgId: string, delivery: NewDelivery): Promise<string> {
  const id = newId('whd');
  await new WebhooksRepo(trx, orgId).insertDelivery({
    id,
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    payload: delivery.payload,
    status: 'pending',
    attempts: 0,
    last_status_code: null,
    last_error: null,
    next_attempt_at: delivery.now,
    delivered_at: null,
    created_at: delivery.now,
    updated_at: delivery.now,
  });
  await enqueueJob(trx, { orgId, kind: WEBHOOK_DELIVER_JOB, payload: deliverJobPayload(id, 1), now: delivery.now });
  return id;
}

/**
 * The organization's enabled endpoints, read once per transaction: a change that emits
 * several events (create + finalize, a payment that pays the invoice) reads them once. They
 * cannot change under it: on PostgreSQL the first read holds them FOR KEY SHARE until the
 * commit, on SQLite the transaction is the only writer.
 */
const endpointsOfTransaction = new WeakMap<object, { orgId: string; endpoints: Promise<WebhookEndpointsTable[]> }>();

function enabledEndpoints(trx: Executor, orgId: string): Promise<WebhookEndpointsTable[]> {
  const known = endpointsOfTransaction.get(trx);
  if (known !== undefined && known.orgId === orgId) return known.endpoints;
  const endpoints = new WebhooksRepo(trx, orgId).enabledEndpoints(dialectOf(trx));
  if (trx.isTransaction) endpointsOfTransaction.set(trx, { orgId, endpoints });
  return endpoints;
}

export const webhookOutboxSubscriber: EventSubscriber = {
  name: 'webhook deliveries',
  types: 'public',
  async handle(trx, ctx, event) {
    const endpoints = (await enabledEndpoints(trx, ctx.orgId)).filter((endpoint) => subscribes(endpoint, event.type));
    if (endpoints.length === 0) return;
    const payload = webhookBody(event.id, event.type, event.createdAt, publishedObject(event));
    const now = ctx.clock.now().toISOString();
    for (const endpoint of endpoints) {
      await queueDelivery(trx, ctx.orgId, { endpointId: endpoint.id, eventId: event.id, eventType: event.type, payload, now });
    }
    // enqueueJob wakes this process's workers once the change commits.
  },
};
