/**
 * Payment and refund queries, created for one organization: every query carries the
 * organization filter, so no query here can reach another tenant's rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../kernel/context.ts';
import type { PaymentsTable, RefundsTable } from '../../db/schema.ts';
import { decodeCursor } from '../../shared/pagination.ts';
import { containsPattern } from '../../db/dialect.ts';
import { amount, applySort, countRows, text, type SortSpec } from '../../db/sorted-list.ts';
import type { PaymentListQueryInput } from './payments.schemas.ts';

export type PaymentRow = PaymentsTable & { invoice_number: string | null };
export type PaymentListRow = PaymentRow & { customer_name: string };
/** The filters of GET /payments (what the count and the CSV export honour too). */
export type PaymentListFilter = Omit<PaymentListQueryInput, 'limit' | 'cursor' | 'sort' | 'format' | 'locale'>;

/** `?sort=` of GET /payments; amounts sort by currency first. */
const PAYMENT_SORT: SortSpec = {
  date: [text('payments.date')],
  amount: amount('payments.currency', 'payments.amount'),
  customer_name: [text('customers.name')],
  method: [text('payments.method')],
};

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

  /** The payments matching a list's filters (no order, no paging), with the customer's name. */
  private filtered(query: PaymentListFilter) {
    let q = this.scoped()
      .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'payments.customer_id').on('customers.organization_id', '=', this.orgId))
      .select('customers.name as customer_name');
    if (query.ids !== undefined) q = q.where('payments.id', 'in', query.ids);
    if (query.invoice_id !== undefined) q = q.where('payments.invoice_id', '=', query.invoice_id);
    if (query.customer_id !== undefined) q = q.where('payments.customer_id', '=', query.customer_id);
    if (query.currency !== undefined) q = q.where('payments.currency', '=', query.currency);
    if (query.method !== undefined) q = q.where('payments.method', '=', query.method);
    if (query.from !== undefined) q = q.where('payments.date', '>=', query.from);
    if (query.to !== undefined) q = q.where('payments.date', '<=', query.to);
    if (query.q !== undefined && query.q.trim() !== '') {
      const pattern = sql`${containsPattern(query.q.trim())} escape '\\'`;
      q = q.where((eb) =>
        eb.or([eb(sql`lower(invoices.number)`, 'like', pattern), eb(sql`lower(customers.name)`, 'like', pattern), eb(sql`lower(payments.reference)`, 'like', pattern)]),
      );
    }
    return q;
  }

  /** Newest payment date first, then newest recorded first (or `?sort=`); `limit + 1` rows. */
  list(query: PaymentListFilter & { limit: number; cursor?: string | undefined; sort?: string | undefined }): Promise<PaymentListRow[]> {
    const q = this.filtered(query);
    if (query.sort !== undefined) return applySort(q, PAYMENT_SORT, query.sort, 'payments.id', query.cursor, query.limit).execute();
    let page = q;
    if (query.cursor) {
      const [date, id] = decodeCursor(query.cursor, 2) as [string, string];
      page = page.where((eb) =>
        eb.or([eb('payments.date', '<', date), eb.and([eb('payments.date', '=', date), eb('payments.id', '<', id)])]),
      );
    }
    return page.orderBy('payments.date', 'desc').orderBy('payments.id', 'desc').limit(query.limit + 1).execute();
  }

  count(query: PaymentListFilter): Promise<number> {
    return countRows(this.filtered(query));
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
