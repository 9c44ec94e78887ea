/**
 * Customer links: scoped queries for the organization that issues them, and the one
 * lookup by token hash, which is deliberately not scoped — the random token is the
 * capability a customer holds, and it names exactly one invoice of exactly one organization.
 * The lookup uses the token's SHA-256 (linkTokenHash in invoice-links.service.ts); the token
 * itself is kept only sealed (token_sealed), and a revoked link loses even that.
 */
import type { Executor } from '../../kernel/context.ts';
import type { InvoiceLinksTable } from '../../db/schema.ts';

export class InvoiceLinksRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** The invoice's live link: the oldest one not revoked. */
  active(invoiceId: string): Promise<InvoiceLinksTable | undefined> {
    return this.db
      .selectFrom('invoice_links')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** All the invoice's links, revoked ones included, newest first. */
  all(invoiceId: string): Promise<InvoiceLinksTable[]> {
    return this.db
      .selectFrom('invoice_links')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async insert(row: Omit<InvoiceLinksTable, 'organization_id'>): Promise<void> {
    await this.db
      .insertInto('invoice_links')
      .values({ ...row, organization_id: this.orgId })
      .execute();
  }

  /** Revokes every live link of the invoice (its sealed token is dropped); the number revoked. */
  async revokeAll(invoiceId: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('invoice_links')
      .set({ revoked_at: now, token_sealed: null })
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Revokes every live link of every invoice of the customer (sealed tokens dropped); the number revoked. */
  async revokeAllOfCustomer(customerId: string, now: string): Promise<number> {
    const invoiceIds = this.db.selectFrom('invoices').select('id').where('organization_id', '=', this.orgId).where('customer_id', '=', customerId);
    const result = await this.db
      .updateTable('invoice_links')
      .set({ revoked_at: now, token_sealed: null })
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', 'in', invoiceIds)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

/** The live link whose token hashes to `tokenHash`, in whichever organization issued it. */
export function findLiveLinkByTokenHash(db: Executor, tokenHash: string): Promise<Pick<InvoiceLinksTable, 'organization_id' | 'invoice_id'> | undefined> {
  return db
    .selectFrom('invoice_links')
    .select(['organization_id', 'invoice_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
