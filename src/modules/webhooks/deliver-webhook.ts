/**
 * The `webhook.deliver` job: one attempt of one delivery. It POSTs the stored body, signed
 * for this attempt, then records the outcome in one transaction: the attempt, the delivery's
 * new state, the job for the next attempt on the Standard Webhooks schedule (retry-schedule.ts),
 * and the endpoint's health — a success clears `failing_since`, a failure sets it, and an
 * endpoint failing for 3 days is disabled with a reason its admins see.
 *
 * Safe to run twice: a job whose attempt was already recorded (or overtaken by a manual
 * retry) finds the delivery moved on and does nothing; a delivered delivery is never sent
 * again unless an admin asks. The one window left — the receiver got the request, then this
 * process died before recording it — repeats the request once, with the same webhook-id, so
 * the receiver can tell (at-least-once, as the specification says).
 */
import { z } from 'zod';
import { inTransaction } from '../../db/transaction.ts';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';
import type { AppDeps } from '../../kernel/deps.ts';
import { systemContext } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import type { JobHandler, JobInfo } from '../../kernel/jobs/worker.ts';
import { enqueueJob } from '../../kernel/jobs/queue.ts';
import { newId } from '../../shared/ids.ts';
import { endpointOut } from './webhook-view.ts';
import { postWebhook, type WebhookResponse } from './webhook-http.ts';
import { webhookHeaders } from './webhook-signing.ts';
import { DISABLE_AFTER_MS, nextRetryDelayMs } from './retry-schedule.ts';
import { deliverJobPayload, WEBHOOK_DELIVER_JOB } from './webhook-outbox.ts';
import { WebhooksRepo } from './webhooks.repo.ts';

const Payload = z
  .object({
    delivery_id: z.string().min(1).max(64),
    attempt: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export type WebhookDeliverPayload = z.output<typeof Payload>;

export const ENDPOINT_DISABLED_ERROR = 'Not sent: the endpoint is disabled';

function disabledReason(since: string, now: string, lastError: string | null): string {
  return `Disabled automatically on ${now}: every delivery since ${since} failed (last: ${lastError ?? 'no answer'}). Fix the endpoint, then enable it again.`;
}

/** The request for one attempt, or a refusal that never reaches the network. */
async function attempt(deps: AppDeps, endpoint: WebhookEndpointsTable, delivery: WebhookDeliveriesTable, at: Date): Promise<WebhookResponse> {
  const url = new URL(endpoint.url);
  if (url.protocol === 'http:' && !deps.config.WEBHOOK_ALLOW_HTTP) {
    return { ok: false, statusCode: null, durationMs: 0, error: 'Refused: plain http: URLs are allowed only with WEBHOOK_ALLOW_HTTP=true', responseBody: null };
  }
  const headers = webhookHeaders(endpoint.secret, delivery.event_id, at, delivery.payload);
  return postWebhook(url, headers, delivery.payload, { allowPrivateNetworks: deps.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
}

export function webhookDeliverHandler(deps: AppDeps): JobHandler<WebhookDeliverPayload> {
  const iso = (date: Date) => date.toISOString();

  /** Records attempt `number`'s outcome unless someone else already moved the delivery on. */
  async function record(orgId: string, delivery: WebhookDeliveriesTable, number: number, at: Date, response: WebhookResponse): Promise<void> {
    await inTransaction(deps.db, async (trx) => {
      const repo = new WebhooksRepo(trx, orgId);
      // The endpoint first (the lock order of webhooks.repo.ts); gone means deleted with its log.
      const endpoint = await repo.lockEndpoint(delivery.endpoint_id, deps.db.dialect);
      if (endpoint === undefined) return;
      const now = deps.clock.now();
      const delay = response.ok ? null : nextRetryDelayMs(number);
      const status = response.ok ? 'delivered' : delay === null ? 'failed' : 'pending';
      const nextAt = delay === null ? null : iso(new Date(now.getTime() + delay));
      const changed = await repo.transitionDelivery(
        delivery.id,
        { status: ['pending'], attempts: number - 1 },
        {
          status,
          attempts: number,
          last_status_code: response.statusCode,
          last_error: response.error,
          next_attempt_at: nextAt,
          delivered_at: response.ok ? iso(at) : delivery.delivered_at,
          updated_at: iso(now),
        },
      );
      if (!changed) return;
      await repo.insertAttempt({
        id: newId('wha'),
        delivery_id: delivery.id,
        attempt: number,
        status_code: response.statusCode,
        duration_ms: response.durationMs,
        error: response.error,
        response_body: response.responseBody,
        created_at: iso(at),
      });
      if (nextAt !== null) {
        await enqueueJob(trx, { orgId, kind: WEBHOOK_DELIVER_JOB, payload: deliverJobPayload(delivery.id, number + 1), now: iso(now), runAt: nextAt });
      }

      if (response.ok) {
        if (endpoint.failing_since !== null) await repo.updateEndpoint(endpoint.id, { failing_since: null });
        return;
      }
      const since = endpoint.failing_since ?? iso(at);
      if (endpoint.failing_since === null) await repo.updateEndpoint(endpoint.id, { failing_since: since });
      if (endpoint.enabled !== 1 || now.getTime() - Date.parse(since) < DISABLE_AFTER_MS) return;
      // Failing for 3 days without a single success: stop, and say why where admins look.
      const disabled = { enabled: 0, disabled_reason: disabledReason(since, iso(now), response.error), updated_at: iso(now) };
      await repo.updateEndpoint(endpoint.id, disabled);
      await repo.failPendingDeliveries(endpoint.id, ENDPOINT_DISABLED_ERROR, iso(now));
      await emit(trx, systemContext(deps, orgId, 'Webhook delivery', { role: 'owner' }), {
        type: 'webhook_endpoint.disabled',
        resource: { type: 'webhook_endpoint', id: endpoint.id },
        before: endpointOut({ ...endpoint, failing_since: since }),
        after: endpointOut({ ...endpoint, ...disabled, failing_since: since }),
      });
    });
  }

  async function run(payload: WebhookDeliverPayload, job: JobInfo): Promise<void> {
    if (job.orgId === null) throw new Error('A webhook.deliver job must belong to an organization');
    const repo = new WebhooksRepo(deps.db.kysely, job.orgId);
    const delivery = await repo.findDelivery(payload.delivery_id);
    // Gone (its endpoint was deleted), delivered, failed, or this attempt was already made.
    if (delivery === undefined || delivery.status !== 'pending' || delivery.attempts !== payload.attempt - 1) return;
    const endpoint = await repo.findEndpoint(delivery.endpoint_id);
    if (endpoint === undefined) return;
    // A ping may test an endpoint before it is enabled again; nothing else goes to a disabled one.
    if (endpoint.enabled !== 1 && delivery.event_type !== 'ping') {
      const now = iso(deps.clock.now());
      await repo.transitionDelivery(delivery.id, { status: ['pending'], attempts: delivery.attempts }, { status: 'failed', last_error: ENDPOINT_DISABLED_ERROR, next_attempt_at: null, updated_at: now });
      return;
    }
    const at = deps.clock.now();
    const response = await attempt(deps, endpoint, delivery, at);
    await record(job.orgId, delivery, payload.attempt, at, response);
  }

  return {
    payload: Payload,
    run,
    // The job will not run again (the database kept failing, or its worker died on the last
    // try): the delivery must not look pending forever.
    async giveUp(payload, job, error) {
      if (job.orgId === null) return;
      await new WebhooksRepo(deps.db.kysely, job.orgId).transitionDelivery(
        payload.delivery_id,
        { status: ['pending'], attempts: payload.attempt - 1 },
        { status: 'failed', last_error: `Not sent: ${error}`.slice(0, 1000), next_attempt_at: null, updated_at: iso(deps.clock.now()) },
      );
    },
  };
}
