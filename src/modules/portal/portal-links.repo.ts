/**
 * Portal links: scoped queries for the organization that issues them, and the one lookup by
 * token hash, deliberately not scoped — the random token is the capability the customer
 * holds, and it names exactly one customer of exactly one organization.
 */
import type { Executor } from '../../kernel/context.ts';
import type { PortalLinksTable } from '../../db/schema.ts';

export class PortalLinksRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  active(customerId: string): Promise<PortalLinksTable | undefined> {
    return this.db
      .selectFrom('portal_links')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(row: Omit<PortalLinksTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('portal_links').values({ ...row, organization_id: this.orgId }).execute();
  }

  /** Revokes every live link of the customer; the number revoked. */
  async revokeAll(customerId: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('portal_links')
      .set({ revoked_at: now, token_sealed: null })
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

/** The live link whose token hashes to `tokenHash`, of a customer not erased, in whichever organization issued it. */
export function findLivePortalLink(db: Executor, tokenHash: string): Promise<{ organization_id: string; customer_id: string } | undefined> {
  return db
    .selectFrom('portal_links')
    .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'portal_links.customer_id').onRef('customers.organization_id', '=', 'portal_links.organization_id'))
    .select(['portal_links.organization_id', 'portal_links.customer_id'])
    .where('portal_links.token_hash', '=', tokenHash)
    .where('portal_links.revoked_at', 'is', null)
    .where('customers.anonymized_at', 'is', null)
    .executeTakeFirst();
}
