/** Automatic charges of invoices (one row per invoice), scoped to one organization. */
import type { Executor } from '../../kernel/context.ts';
import type { AutoChargesTable } from '../../db/schema.ts';

export type AutoChargeStatus = 'pending' | 'charging' | 'succeeded' | 'failed' | 'stopped';

export class AutoChargesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  find(id: string): Promise<AutoChargesTable | undefined> {
    return this.db.selectFrom('auto_charges').selectAll().where('organization_id', '=', this.orgId).where('id', '=', id).executeTakeFirst();
  }

  findByInvoice(invoiceId: string): Promise<AutoChargesTable | undefined> {
    return this.db.selectFrom('auto_charges').selectAll().where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).executeTakeFirst();
  }

  /** Once per invoice, whatever runs twice. */
  async insert(row: Omit<AutoChargesTable, 'organization_id'>): Promise<boolean> {
    const result = await this.db
      .insertInto('auto_charges')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.columns(['organization_id', 'invoice_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(id: string, changes: Partial<Omit<AutoChargesTable, 'id' | 'organization_id'>>): Promise<void> {
    await this.db.updateTable('auto_charges').set(changes).where('organization_id', '=', this.orgId).where('id', '=', id).execute();
  }

  /** The invoice no longer needs charging: a waiting charge stops (one in progress finishes on its own). */
  async stopWaiting(invoiceId: string, now: string): Promise<void> {
    await this.db
      .updateTable('auto_charges')
      .set({ status: 'stopped', next_attempt_at: null, updated_at: now })
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .where('status', '=', 'pending')
      .execute();
  }
}

/** Across organizations (the scheduled task): charges due by `now`, and any left in progress by a run that died. */
export function dueCharges(db: Executor, now: string, limit: number, exclude: readonly string[] = []): Promise<Pick<AutoChargesTable, 'id' | 'organization_id' | 'invoice_id'>[]> {
  return db
    .selectFrom('auto_charges')
    .select(['id', 'organization_id', 'invoice_id'])
    .where((eb) => eb.or([eb('status', '=', 'charging'), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)])]))
    .$if(exclude.length > 0, (q) => q.where('id', 'not in', [...exclude]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The earliest waiting attempt after `after` (the test clock stops there). */
export async function nextChargeAt(db: Executor, after: string): Promise<string | null> {
  const row = await db
    .selectFrom('auto_charges')
    .select('next_attempt_at')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '>', after)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  return row?.next_attempt_at ?? null;
}
