/**
 * The webhook outbox. For every public event, in the transaction of the change that emitted
 * it, one delivery row per enabled endpoint of the organization subscribed to its type (the
 * exact body every attempt will send) and a job to make its first attempt. So a delivery
 * exists if and only if the change committed, and survives any crash until it is made.
 * The same path carries test pings and manual retries.
 */
import type { Db } from '../../db/connection.ts';
import type { WebhookEndpointsTable } from '../../db/schema.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { publishedObject, type EventContext, type EventSubscriber } from '../../kernel/events.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
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
 * The emitting use case's database. EventContext does not name it, but every emitter passes
 * its RequestContext (a use case's, or a job's systemContext): its `db` tells the dialect
 * and lets this process's worker be woken once the change commits.
 */
function emitterDb(ctx: EventContext): Db | undefined {
  const db = (ctx as Partial<RequestContext>).db;
  return db !== undefined && typeof db === 'object' && 'dialect' in db ? db : undefined;
}

export const webhookOutboxSubscriber: EventSubscriber = {
  name: 'webhook deliveries',
  types: 'public',
  async handle(trx, ctx, event) {
    const db = emitterDb(ctx);
    const endpoints = (await new WebhooksRepo(trx, ctx.orgId).enabledEndpoints(db?.dialect)).filter((endpoint) => subscribes(endpoint, event.type));
    if (endpoints.length === 0) return;
    const payload = webhookBody(event.id, event.type, event.createdAt, publishedObject(event));
    const now = ctx.clock.now().toISOString();
    for (const endpoint of endpoints) {
      await queueDelivery(trx, ctx.orgId, { endpointId: endpoint.id, eventId: event.id, eventType: event.type, payload, now });
    }
    // After the commit when the change runs on a request's transaction; otherwise at once,
    // which on SQLite (one connection) still reads after the commit, and on PostgreSQL may
    // come too early — the worker's next poll (JOB_POLL_MS) then finds the job.
    if (db !== undefined) announceJobs(db);
  },
};
