/** Queries of subscriptions and their items, every one scoped by organization. */
import { sql } from 'kysely';
import type { SubscriptionItemsTable, SubscriptionsTable } from '../../db/schema.ts';
import type { DialectName } from '../../db/executor.ts';
import type { Executor } from '../../kernel/context.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { SubscriptionListQueryInput } from './subscriptions.schemas.ts';

export class SubscriptionsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  find(id: string): Promise<SubscriptionsTable | undefined> {
    return this.db.selectFrom('subscriptions').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  /**
   * Locks the subscription (after its customer: the lock order of db/dialect.ts puts it with
   * the documents) and reads it. SQLite holds the one write lock already.
   */
  async lock(dialect: DialectName, id: string): Promise<SubscriptionsTable | undefined> {
    if (dialect === 'postgres') {
      await sql`select id from subscriptions where organization_id = ${this.orgId} and id = ${id} for no key update`.execute(this.db);
    }
    return this.find(id);
  }

  items(subscriptionId: string): Promise<SubscriptionItemsTable[]> {
    return this.db
      .selectFrom('subscription_items')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('subscription_id', '=', subscriptionId)
      .orderBy('kind')
      .orderBy('position')
      .execute();
  }

  async itemsOf(subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionItemsTable[]>> {
    const byId = new Map<string, SubscriptionItemsTable[]>(subscriptionIds.map((id) => [id, []]));
    if (subscriptionIds.length === 0) return byId;
    const rows = await this.db
      .selectFrom('subscription_items')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('subscription_id', 'in', subscriptionIds)
      .orderBy('kind')
      .orderBy('position')
      .execute();
    for (const row of rows) byId.get(row.subscription_id)?.push(row);
    return byId;
  }

  async customerNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('customers').select(['id', 'name']).where('organization_id', '=', this.orgId).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async insert(row: SubscriptionsTable, items: readonly SubscriptionItemsTable[]): Promise<void> {
    await this.db.insertInto('subscriptions').values(row).execute();
    if (items.length > 0) await this.db.insertInto('subscription_items').values([...items]).execute();
  }

  async update(id: string, changes: Partial<Omit<SubscriptionsTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('subscriptions').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async replaceItems(id: string, items: readonly SubscriptionItemsTable[]): Promise<void> {
    await this.db.deleteFrom('subscription_items').where('organization_id', '=', this.orgId).where('subscription_id', '=', id).execute();
    if (items.length > 0) await this.db.insertInto('subscription_items').values([...items]).execute();
  }

  list(query: SubscriptionListQueryInput): Promise<SubscriptionsTable[]> {
    let q = this.db.selectFrom('subscriptions').selectAll().where('organization_id', '=', this.orgId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.customer_id !== undefined) q = q.where('customer_id', '=', query.customer_id);
    if (query.cursor) {
      const [id] = decodeCursor(query.cursor, 1) as [string];
      q = q.where('id', '<', id);
    }
    return q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  }
}
