/**
 * Webhook endpoints: create (the signing secret is shown once), list, read, change, delete.
 * Every change is an event for the audit log (without the secret). The URL is checked
 * before the transaction opens: the check may wait on DNS, and a transaction must not.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { WebhookEndpointsTable } from '../../db/schema.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import { emit } from '../../kernel/events.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { ENDPOINT_DISABLED_ERROR } from './deliver-webhook.ts';
import { endpointOut } from './webhook-view.ts';
import { newWebhookSecret } from './webhook-signing.ts';
import { assertUrlAllowed, type WebhookNetworkSettings } from './webhook-url.ts';
import { WebhooksRepo } from './webhooks.repo.ts';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookEndpointOut } from './webhooks.schemas.ts';

/** Every public event is written once per subscribed endpoint, inside the change's transaction: keep the fan-out bounded. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 20;

const resource = (id: string) => ({ type: 'webhook_endpoint', id });

export async function createEndpoint(
  ctx: RequestContext,
  input: CreateWebhookEndpointInput,
  settings: WebhookNetworkSettings,
): Promise<WebhookEndpointOut & { secret: string }> {
  await assertUrlAllowed(input.url, settings);
  const now = nowIso(ctx.clock);
  const row: WebhookEndpointsTable = {
    id: newId('whe'),
    organization_id: ctx.orgId,
    url: input.url,
    description: input.description,
    events: JSON.stringify(input.events),
    secret: newWebhookSecret(),
    enabled: 1,
    disabled_reason: null,
    failing_since: null,
    created_at: now,
    updated_at: now,
  };
  await inTransaction(ctx.db, async (trx) => {
    const count = await trx.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', ctx.orgId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS_PER_ORGANIZATION) {
      throw AppError.conflict(`An organization can have at most ${MAX_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first`);
    }
    await new WebhooksRepo(trx, ctx.orgId).insertEndpoint(row);
    await emit(trx, ctx, { type: 'webhook_endpoint.created', resource: resource(row.id), after: endpointOut(row) });
  });
  return { ...endpointOut(row), secret: row.secret };
}

export async function listEndpoints(ctx: RequestContext, query: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookEndpointOut>> {
  const rows = await new WebhooksRepo(ctx.db.kysely, ctx.orgId).listEndpoints(query);
  return toPage(rows, query.limit, (row) => [row.id], endpointOut);
}

export async function getEndpoint(ctx: RequestContext, id: string): Promise<WebhookEndpointOut> {
  const row = await new WebhooksRepo(ctx.db.kysely, ctx.orgId).findEndpoint(id);
  if (row === undefined) throw AppError.notFound('Webhook endpoint');
  return endpointOut(row);
}

export async function updateEndpoint(
  ctx: RequestContext,
  id: string,
  input: UpdateWebhookEndpointInput,
  settings: WebhookNetworkSettings,
): Promise<WebhookEndpointOut> {
  if (input.url !== undefined) await assertUrlAllowed(input.url, settings);
  return inTransaction(ctx.db, async (trx) => {
    const repo = new WebhooksRepo(trx, ctx.orgId);
    const before = await repo.lockEndpoint(id, ctx.db.dialect);
    if (before === undefined) throw AppError.notFound('Webhook endpoint');
    const now = nowIso(ctx.clock);
    const changes: Partial<WebhookEndpointsTable> = {};
    if (input.url !== undefined && input.url !== before.url) changes.url = input.url;
    if (input.events !== undefined && JSON.stringify(input.events) !== before.events) changes.events = JSON.stringify(input.events);
    if (input.description !== undefined && input.description !== before.description) changes.description = input.description;
    // Enabling starts afresh: the old failures and the reason for disabling are history.
    if (input.enabled === true && (before.enabled !== 1 || before.disabled_reason !== null || before.failing_since !== null)) {
      Object.assign(changes, { enabled: 1, disabled_reason: null, failing_since: null });
    }
    if (input.enabled === false && before.enabled === 1) Object.assign(changes, { enabled: 0, disabled_reason: null });
    if (Object.keys(changes).length === 0) return endpointOut(before);

    const after: WebhookEndpointsTable = { ...before, ...changes, updated_at: now };
    await repo.updateEndpoint(id, { ...changes, updated_at: now });
    // What was waiting for a disabled endpoint is not sent (an admin can retry it once enabled).
    if (changes.enabled === 0) await repo.failPendingDeliveries(id, ENDPOINT_DISABLED_ERROR, now);
    await emit(trx, ctx, { type: 'webhook_endpoint.updated', resource: resource(id), before: endpointOut(before), after: endpointOut(after) });
    return endpointOut(after);
  });
}

/** The endpoint and its delivery log; deliveries still waiting are never sent. */
export async function deleteEndpoint(ctx: RequestContext, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const repo = new WebhooksRepo(trx, ctx.orgId);
    // FOR UPDATE: waits for changes that are writing deliveries for it right now (webhooks.repo.ts).
    const before = await repo.lockEndpoint(id, ctx.db.dialect, 'update');
    if (before === undefined) throw AppError.notFound('Webhook endpoint');
    await repo.deleteEndpoint(id);
    await emit(trx, ctx, { type: 'webhook_endpoint.deleted', resource: resource(id), before: endpointOut(before) });
  });
}
