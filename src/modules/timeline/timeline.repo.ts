/**
 * What an invoice's timeline is made of, created for one organization (every query carries
 * its filter): the invoice's own audit entries, its payments and refunds, its credit notes,
 * and the audit entries of those (who recorded them).
 */
import type { Executor } from '../../kernel/context.ts';
import type { AuditEventsTable, CreditNotesTable, PaymentsTable, RefundsTable } from '../../db/schema.ts';

/**
 * A payment row as stored. Gateway columns (`gateway`, `gateway_payment_id`) are added by the
 * payment-gateway migration; rows are read with selectAll, so they come through once they
 * exist and are simply absent before.
 */
export type StoredPayment = PaymentsTable & { gateway?: string | null; gateway_payment_id?: string | null };

export class TimelineRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  invoice(id: string) {
    return this.db
      .selectFrom('invoices')
      .select(['id', 'currency', 'number'])
      .where('organization_id', '=', this.orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  audit(resourceType: string, ids: string[]): Promise<AuditEventsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('resource_type', '=', resourceType)
      .where('resource_id', 'in', ids)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  payments(invoiceId: string): Promise<StoredPayment[]> {
    return this.db.selectFrom('payments').selectAll().where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
  }

  refunds(invoiceId: string): Promise<RefundsTable[]> {
    return this.db.selectFrom('refunds').selectAll().where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
  }

  creditNotes(invoiceId: string): Promise<Pick<CreditNotesTable, 'id' | 'number' | 'currency' | 'reason' | 'issue_date' | 'total' | 'applied_amount' | 'credit_amount' | 'created_at'>[]> {
    return this.db
      .selectFrom('credit_notes')
      .select(['id', 'number', 'currency', 'reason', 'issue_date', 'total', 'applied_amount', 'credit_amount', 'created_at'])
      .where('organization_id', '=', this.orgId)
      .where('invoice_id', '=', invoiceId)
      .execute();
  }
}
