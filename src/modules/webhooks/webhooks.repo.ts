/**
 * Webhook endpoints, deliveries and attempts of ONE organization: every query carries its
 * scope (attempts through their delivery's). Requests build it from the caller's
 * organization, the delivery job from the job's, the event subscriber from the event's.
 *
 * Locks, in the order of db/dialect.ts after everything a use case locked: the endpoint
 * row, then its deliveries, then their attempts. On PostgreSQL the subscriber reads the
 * endpoints it writes deliveries for FOR KEY SHARE, so a concurrent DELETE of an endpoint
 * either waits for that transaction (and then removes its new deliveries too) or has
 * already removed the endpoint from what the subscriber sees — a change elsewhere never
 * fails on a foreign key because an admin deleted an endpoint at the same moment.
 */
import type { DialectName } from '../../db/executor.ts';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { DeliveryStatus } from './webhooks.schemas.ts';

type EndpointChanges = Partial<Omit<WebhookEndpointsTable, 'id' | 'organization_id'>>;
type DeliveryChanges = Partial<Omit<WebhookDeliveriesTable, 'id' | 'organization_id' | 'endpoint_id'>>;

export class WebhooksRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  // ── Endpoints ────────────────────────────────────────────────────────────

  findEndpoint(id: string): Promise<WebhookEndpointsTable | undefined> {
    return this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  /** The endpoint, write-locked until the transaction ends (PostgreSQL; SQLite writers are serial anyway). */
  lockEndpoint(id: string, dialect: DialectName, mode: 'update' | 'no key update' = 'no key update'): Promise<WebhookEndpointsTable | undefined> {
    let query = this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id);
    if (dialect === 'postgres') query = mode === 'update' ? query.forUpdate() : query.forNoKeyUpdate();
    return query.executeTakeFirst();
  }

  /** Newest first. */
  listEndpoints(query: { limit: number; cursor?: string | undefined }): Promise<WebhookEndpointsTable[]> {
    let q = this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', this.orgId);
    if (query.cursor) q = q.where('id', '<', String(decodeCursor(query.cursor, 1)[0]));
    return q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  }

  /** The enabled endpoints, for the event subscriber (see the note on locks above). */
  enabledEndpoints(dialect: DialectName | undefined): Promise<WebhookEndpointsTable[]> {
    let query = this.db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', this.orgId).where('enabled', '=', 1).orderBy('id');
    if (dialect === 'postgres') query = query.forKeyShare();
    return query.execute();
  }

  async insertEndpoint(row: Omit<WebhookEndpointsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('webhook_endpoints').values({ ...row, organization_id: this.orgId }).execute();
  }

  async updateEndpoint(id: string, changes: EndpointChanges): Promise<void> {
    await this.db.updateTable('webhook_endpoints').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** The endpoint with its whole delivery log. */
  async deleteEndpoint(id: string): Promise<void> {
    const deliveries = this.db.selectFrom('webhook_deliveries').select('id').where('organization_id', '=', this.orgId).where('endpoint_id', '=', id);
    await this.db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
    await this.db.deleteFrom('webhook_deliveries').where('organization_id', '=', this.orgId).where('endpoint_id', '=', id).execute();
    await this.db.deleteFrom('webhook_endpoints').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  // ── Deliveries ───────────────────────────────────────────────────────────

  findDelivery(id: string, endpointId?: string): Promise<WebhookDeliveriesTable | undefined> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id);
    if (endpointId !== undefined) query = query.where('endpoint_id', '=', endpointId);
    return query.executeTakeFirst();
  }

  /** Newest first (ids are time-ordered). */
  listDeliveries(endpointId: string, query: { limit: number; cursor?: string | undefined }): Promise<WebhookDeliveriesTable[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('organization_id', '=', this.orgId).where('endpoint_id', '=', endpointId);
    if (query.cursor) q = q.where('id', '<', String(decodeCursor(query.cursor, 1)[0]));
    return q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  }

  /** The attempts of these deliveries (of this organization), in order. */
  attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptsTable[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    const own = this.db.selectFrom('webhook_deliveries').select('id').where('organization_id', '=', this.orgId).where('id', 'in', [...deliveryIds]);
    return this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', own).orderBy('delivery_id').orderBy('attempt').execute();
  }

  async insertDelivery(row: Omit<WebhookDeliveriesTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values({ ...row, organization_id: this.orgId }).execute();
  }

  /**
   * Changes a delivery only while it still is as the caller saw it (status, and the number of
   * attempts made): a re-run job or a concurrent worker cannot record over a newer outcome.
   * True when it changed.
   */
  async transitionDelivery(id: string, seen: { status: readonly DeliveryStatus[]; attempts?: number }, changes: DeliveryChanges): Promise<boolean> {
    let query = this.db.updateTable('webhook_deliveries').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).where('status', 'in', [...seen.status]);
    if (seen.attempts !== undefined) query = query.where('attempts', '=', seen.attempts);
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Every pending delivery of an endpoint becomes failed (the endpoint was disabled). */
  async failPendingDeliveries(endpointId: string, error: string, now: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: error, next_attempt_at: null, updated_at: now })
      .where('organization_id', '=', this.orgId)
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'pending')
      .execute();
  }

  async insertAttempt(row: WebhookAttemptsTable): Promise<void> {
    await this.db.insertInto('webhook_attempts').values(row).execute();
  }
}
