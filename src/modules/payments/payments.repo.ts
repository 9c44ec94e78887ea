/**
 * Payment and refund queries, created for one organization: every query carries the
 * organization filter, so no query here can reach another tenant's rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import type { PaymentsTable, RefundsTable } from '../../db/schema.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import type { PaymentListQueryInput } from './payments.schemas.ts';

export type PaymentRow = PaymentsTable & { invoice_number: string | null };

export class PaymentsRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /** Payments of this organization with their invoice's number. */
  private scoped() {
    return this.db
      .selectFrom('payments')
      .innerJoin('invoices', (join) =>
        join.onRef('invoices.id', '=', 'payments.invoice_id').on('invoices.organization_id', '=', this.orgId),
      )
      .selectAll('payments')
      .select('invoices.number as invoice_number')
      .where('payments.organization_id', '=', this.orgId);
  }

  find(id: string): Promise<PaymentRow | undefined> {
    return this.scoped().where('payments.id', '=', id).executeTakeFirst();
  }

  /** Newest payment date first, then newest recorded first; `limit + 1` rows. */
  list(query: PaymentListQueryInput): Promise<PaymentRow[]> {
    let q = this.scoped();
    if (query.invoice_id !== undefined) q = q.where('payments.invoice_id', '=', query.invoice_id);
    if (query.customer_id !== undefined) q = q.where('payments.customer_id', '=', query.customer_id);
    if (query.from !== undefined) q = q.where('payments.date', '>=', query.from);
    if (query.to !== undefined) q = q.where('payments.date', '<=', query.to);
    if (query.cursor) {
      const [date, id] = decodeCursor(query.cursor, 2) as [string, string];
      q = q.where((eb) =>
        eb.or([eb('payments.date', '<', date), eb.and([eb('payments.date', '=', date), eb('payments.id', '<', id)])]),
      );
    }
    return q.orderBy('payments.date', 'desc').orderBy('payments.id', 'desc').limit(query.limit + 1).execute();
  }

  /** The refunds of several payments, oldest first, in one query. */
  async refundsOf(paymentIds: string[]): Promise<RefundsTable[]> {
    if (paymentIds.length === 0) return [];
    return this.db
      .selectFrom('refunds')
      .selectAll()
      .where('organization_id', '=', this.orgId)
      .where('payment_id', 'in', paymentIds)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  async insert(row: Omit<PaymentsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('payments').values({ ...row, organization_id: this.orgId }).execute();
  }

  /**
   * Inserts a payment that arrived through a gateway unless one with its gateway payment id
   * exists (the unique index payments_gateway_payment_idx decides, also between concurrent
   * transactions); true when inserted.
   */
  async insertGatewayPayment(row: Omit<PaymentsTable, 'organization_id'> & { gateway: string; gateway_payment_id: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('payments')
      .values({ ...row, organization_id: this.orgId })
      .onConflict((oc) => oc.columns(['organization_id', 'gateway', 'gateway_payment_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** The payment that arrived through `gateway` with that payment id. */
  findByGateway(gateway: string, gatewayPaymentId: string): Promise<PaymentRow | undefined> {
    return this.scoped().where('payments.gateway', '=', gateway).where('payments.gateway_payment_id', '=', gatewayPaymentId).executeTakeFirst();
  }

  async hasGatewayRefund(gatewayRefundId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('refunds')
      .select('id')
      .where('organization_id', '=', this.orgId)
      .where('gateway_refund_id', '=', gatewayRefundId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setRefundedAmount(id: string, refunded: bigint): Promise<void> {
    await this.db
      .updateTable('payments')
      .set({ refunded_amount: Number(refunded) })
      .where('organization_id', '=', this.orgId)
      .where('id', '=', id)
      .execute();
  }

  async insertRefund(row: Omit<RefundsTable, 'organization_id'>): Promise<void> {
    await this.db.insertInto('refunds').values({ ...row, organization_id: this.orgId }).execute();
  }

  /**
   * How much of a payment's excess its earlier refunds already took back out of customer
   * credit (their credit entries are negative, with the refund as source).
   */
  async excessRefunded(paymentId: string): Promise<bigint> {
    const row = await this.db
      .selectFrom('customer_credit_entries as e')
      .innerJoin('refunds as r', (join) => join.onRef('r.id', '=', 'e.source_id').on('r.organization_id', '=', this.orgId))
      .select(sql<string | null>`cast(sum(e.amount) as text)`.as('total'))
      .where('e.organization_id', '=', this.orgId)
      .where('e.source_type', '=', 'refund')
      .where('r.payment_id', '=', paymentId)
      .executeTakeFirst();
    return -BigInt(row?.total ?? '0');
  }
}
