/**
 * An endpoint's delivery log, a manual retry, and the test ping. Retries and pings go through
 * the outbox like any event (webhook-outbox.ts): written in a transaction, sent by the worker,
 * which this process wakes once the transaction has committed.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { announceJobs, enqueueJob } from '../../kernel/jobs/queue.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { deliverJobPayload, queueDelivery, webhookBody, WEBHOOK_DELIVER_JOB } from './webhook-outbox.ts';
import { deliveryOut } from './webhook-view.ts';
import { WebhooksRepo } from './webhooks.repo.ts';
import type { DeliveryStatus, WebhookDeliveryOut } from './webhooks.schemas.ts';

async function loadDelivery(repo: WebhooksRepo, id: string): Promise<WebhookDeliveryOut> {
  const row = await repo.findDelivery(id);
  if (row === undefined) throw AppError.notFound('Webhook delivery');
  return deliveryOut(row, await repo.attemptsOf([id]));
}

/** Newest first, each with its attempts. */
export async function listDeliveries(ctx: RequestContext, endpointId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookDeliveryOut>> {
  const repo = new WebhooksRepo(ctx.db.kysely, ctx.orgId);
  if ((await repo.findEndpoint(endpointId)) === undefined) throw AppError.notFound('Webhook endpoint');
  const rows = await repo.listDeliveries(endpointId, query);
  const attempts = await repo.attemptsOf(rows.slice(0, query.limit).map((row) => row.id));
  return toPage(rows, query.limit, (row) => [row.id], (row) =>
    deliveryOut(
      row,
      attempts.filter((attempt) => attempt.delivery_id === row.id),
    ),
  );
}

/**
 * Attempts a delivery again now, whatever its state: a pending one's scheduled attempt is
 * brought forward; a failed or delivered one is sent once more, with the same webhook-id
 * (the receiver may already have it), continuing the retry schedule if it fails.
 */
export async function retryDelivery(ctx: RequestContext, endpointId: string, deliveryId: string): Promise<WebhookDeliveryOut> {
  const out = await inTransaction(ctx.db, async (trx) => {
    const repo = new WebhooksRepo(trx, ctx.orgId);
    const endpoint = await repo.lockEndpoint(endpointId, ctx.db.dialect);
    if (endpoint === undefined) throw AppError.notFound('Webhook endpoint');
    const delivery = await repo.findDelivery(deliveryId, endpointId);
    if (delivery === undefined) throw AppError.notFound('Webhook delivery');
    if (endpoint.enabled !== 1 && delivery.event_type !== 'ping') throw AppError.conflict('The endpoint is disabled: enable it before retrying its deliveries');

    const now = nowIso(ctx.clock);
    const next = deliverJobPayload(delivery.id, delivery.attempts + 1);
    const moved = await repo.transitionDelivery(delivery.id, { status: [delivery.status as DeliveryStatus], attempts: delivery.attempts }, { status: 'pending', next_attempt_at: now, updated_at: now });
    if (!moved) throw AppError.conflict('The delivery changed at this moment (an attempt was just made); look at it again');
    // A pending delivery already has a job waiting for its next attempt: bring it forward
    // rather than add a second one, so the attempt is made once.
    const forward =
      delivery.status === 'pending'
        ? await trx
            .updateTable('jobs')
            .set({ run_at: now, updated_at: now })
            .where('organization_id', '=', ctx.orgId)
            .where('kind', '=', WEBHOOK_DELIVER_JOB)
            .where('status', '=', 'pending')
            .where('payload', '=', JSON.stringify(next))
            .executeTakeFirst()
        : undefined;
    if (forward === undefined || forward.numUpdatedRows === 0n) {
      await enqueueJob(trx, { orgId: ctx.orgId, kind: WEBHOOK_DELIVER_JOB, payload: next, now });
    }
    return loadDelivery(repo, delivery.id);
  });
  announceJobs(ctx.db);
  return out;
}

/** Sends a `ping` event to the endpoint through the same path as every event (also to a disabled one, to test it before enabling it). */
export async function sendTestPing(ctx: RequestContext, endpointId: string): Promise<WebhookDeliveryOut> {
  const out = await inTransaction(ctx.db, async (trx) => {
    const repo = new WebhooksRepo(trx, ctx.orgId);
    const endpoint = await repo.findEndpoint(endpointId);
    if (endpoint === undefined) throw AppError.notFound('Webhook endpoint');
    const now = nowIso(ctx.clock);
    const eventId = newId('evt');
    const object = { endpoint_id: endpoint.id, url: endpoint.url, organization_id: ctx.orgId, message: 'A test event from Settle: your endpoint receives and verifies webhooks.' };
    const id = await queueDelivery(trx, ctx.orgId, { endpointId: endpoint.id, eventId, eventType: 'ping', payload: webhookBody(eventId, 'ping', now, object), now });
    return loadDelivery(repo, id);
  });
  announceJobs(ctx.db);
  return out;
}
