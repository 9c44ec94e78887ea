/**
 * Queries of billable metrics and usage events, created for one organization: every query
 * here carries the organization filter, so none can reach another tenant's rows.
 */
import type { BillableMetricsTable, UsageEventsTable } from '../../db/schema.ts';
import type { DialectName } from '../../db/executor.ts';
import type { Executor } from '../../kernel/context.ts';
import { decodeCursor } from '../../shared/pagination.ts';

const INSERT_CHUNK = 100;

export class MetricsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  private scoped() {
    return this.db.selectFrom('billable_metrics').where('organization_id', '=', this.orgId);
  }

  find(id: string): Promise<BillableMetricsTable | undefined> {
    return this.scoped().selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Reads and locks a metric for a change (PostgreSQL: FOR UPDATE, which waits for the
   * recorders holding it FOR SHARE, see `byCodes`). SQLite holds the one write lock already.
   */
  lock(dialect: DialectName, id: string): Promise<BillableMetricsTable | undefined> {
    return this.scoped()
      .selectAll()
      .where('id', '=', id)
      .$if(dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
  }

  findByCode(code: string): Promise<BillableMetricsTable | undefined> {
    return this.scoped().selectAll().where('code', '=', code).executeTakeFirst();
  }

  /**
   * The metrics of these codes. `share` (PostgreSQL: FOR SHARE) keeps each from being changed
   * or deleted until the transaction ends, so events are recorded with the field that is
   * stored when they commit, and a metric with events cannot be deleted under them.
   */
  async byCodes(codes: readonly string[], share: DialectName | null = null): Promise<Map<string, BillableMetricsTable>> {
    if (codes.length === 0) return new Map();
    const rows = await this.scoped()
      .selectAll()
      .where('code', 'in', [...new Set(codes)])
      .orderBy('code')
      .$if(share === 'postgres', (q) => q.forShare())
      .execute();
    return new Map(rows.map((row) => [row.code, row]));
  }

  all(): Promise<BillableMetricsTable[]> {
    return this.scoped().selectAll().orderBy('code').execute();
  }

  /** By code (unique), the cursor being the last code of the previous page. */
  list(query: { limit: number; cursor?: string | undefined }): Promise<BillableMetricsTable[]> {
    let q = this.scoped().selectAll();
    if (query.cursor) {
      const [code] = decodeCursor(query.cursor, 1) as [string];
      q = q.where('code', '>', String(code));
    }
    return q.orderBy('code').limit(query.limit + 1).execute();
  }

  async insert(row: BillableMetricsTable): Promise<void> {
    await this.db.insertInto('billable_metrics').values(row).execute();
  }

  async update(id: string, changes: Partial<Pick<BillableMetricsTable, 'name' | 'field' | 'updated_at'>>): Promise<void> {
    await this.db.updateTable('billable_metrics').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('billable_metrics').where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** Whether any usage event names the metric. */
  async hasEvents(code: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('usage_events')
      .select('id')
      .where('organization_id', '=', this.orgId)
      .where('metric_code', '=', code)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A subscription that may still bill the metric (active or paused) and has a metered item of it. */
  async usedBySubscription(code: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('subscription_items as i')
      .innerJoin('subscriptions as s', 's.id', 'i.subscription_id')
      .select('s.id')
      .where('i.organization_id', '=', this.orgId)
      .where('s.organization_id', '=', this.orgId)
      .where('i.kind', '=', 'metered')
      .where('i.metric_code', '=', code)
      .where('s.status', 'in', ['active', 'paused'])
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }
}

/** A periodically billed window of a customer's metric: no event may be added inside it. */
export interface InvoicedPeriod {
  customer_id: string;
  metric_code: string;
  period_start: string;
  period_end: string;
}

export class UsageEventsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  async byTransactionIds(ids: readonly string[]): Promise<Map<string, UsageEventsTable>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('usage_events')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('transaction_id', 'in', [...ids])
      .execute();
    return new Map(rows.map((row) => [row.transaction_id, row]));
  }

  /**
   * Inserts the events whose transaction id is new; another transaction's event with the same
   * id (committed meanwhile, or committing: PostgreSQL waits for it) wins and this one is
   * skipped. Returns the ids of the rows inserted.
   */
  async insertNew(rows: readonly UsageEventsTable[]): Promise<Set<string>> {
    const ids = new Set<string>();
    // 100 rows a statement: its SQL is short enough for SQLite's statement cache
    // (db/connection.ts), where a statement of 1,000 rows would be parsed again every time.
    for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
      const inserted = await this.db
        .insertInto('usage_events')
        .values(rows.slice(from, from + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['organization_id', 'transaction_id']).doNothing())
        .returning('id')
        .execute();
      for (const row of inserted) ids.add(row.id);
    }
    return ids;
  }

  async existingCustomers(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('customers').select('id').where('organization_id', '=', this.orgId).where('id', 'in', [...ids]).execute();
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The periods invoiced by subscriptions (one invoice per period, billing key "sub:…") of
   * these customers that bill these metrics per period and overlap the dates [from, to].
   * Invoices billing one event at once ("usage:…") close no period.
   */
  invoicedPeriods(customerIds: readonly string[], metricCodes: readonly string[], from: string, to: string): Promise<InvoicedPeriod[]> {
    if (customerIds.length === 0 || metricCodes.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('subscriptions as s')
      .innerJoin('subscription_items as i', 'i.subscription_id', 's.id')
      .innerJoin('invoices as inv', 'inv.subscription_id', 's.id')
      .select(['s.customer_id', 'i.metric_code', 'inv.period_start', 'inv.period_end'])
      .distinct()
      .where('s.organization_id', '=', this.orgId)
      .where('i.organization_id', '=', this.orgId)
      .where('inv.organization_id', '=', this.orgId)
      .where('s.customer_id', 'in', [...customerIds])
      .where('i.kind', '=', 'metered')
      .where('i.bill_immediately', '=', 0)
      .where('i.metric_code', 'in', [...metricCodes])
      .where('inv.billing_key', 'like', 'sub:%')
      .where('inv.period_start', '<=', to)
      .where('inv.period_end', '>=', from)
      .$narrowType<{ metric_code: string; period_start: string; period_end: string }>()
      .execute();
  }
}
