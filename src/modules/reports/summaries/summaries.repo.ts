/**
 * The few reads the summary maintenance needs about one invoice or one customer, scoped to
 * one organization. All of them use an index on (organization_id, invoice_id | customer_id |
 * issue_date): a handful of rows each.
 */
import { sql } from 'kysely';
import type { ReceivableMove } from '../../../domain/receivables.ts';
import type { Executor } from '../../../kernel/context.ts';

export const INVOICED_STATUSES = ['open', 'partially_paid', 'paid', 'uncollectible'] as const;

export class SummariesRepo {
  constructor(
    private readonly db: Executor,
    private readonly orgId: string,
  ) {}

  /**
   * The money moves of an invoice that change what is owed on it, by their own dates:
   * payments applied (−), refunds less the part taken back out of customer credit (+),
   * credit notes applied (−).
   */
  async receivableMoves(invoiceId: string): Promise<ReceivableMove[]> {
    const rows = await sql<{ date: string; amount: string }>`
      select date, cast(-applied_amount as text) as amount from payments
       where organization_id = ${this.orgId} and invoice_id = ${invoiceId} and applied_amount <> 0
      union all
      select r.date, cast(r.amount + coalesce((
        select sum(e.amount) from customer_credit_entries e
         where e.organization_id = r.organization_id and e.invoice_id = r.invoice_id and e.source_type = 'refund' and e.source_id = r.id
      ), 0) as text) from refunds r
       where r.organization_id = ${this.orgId} and r.invoice_id = ${invoiceId}
      union all
      select issue_date, cast(-applied_amount as text) from credit_notes
       where organization_id = ${this.orgId} and invoice_id = ${invoiceId} and applied_amount <> 0`.execute(this.db);
    return rows.rows.map((row) => ({ date: row.date, amount: BigInt(row.amount) }));
  }

  /** The latest date of a payment or credit note that settled part of the invoice (null: none). */
  async lastSettlementDate(invoiceId: string): Promise<string | null> {
    // The dates themselves, not max(date): SQLite (without statistics) would answer max() by
    // walking the organization's payments in date order instead of using the invoice index.
    const rows = await sql<{ date: string }>`
      select date from payments where organization_id = ${this.orgId} and invoice_id = ${invoiceId} and applied_amount > 0
      union all
      select issue_date from credit_notes where organization_id = ${this.orgId} and invoice_id = ${invoiceId} and applied_amount > 0`.execute(this.db);
    let latest: string | null = null;
    for (const { date } of rows.rows) if (latest === null || date > latest) latest = date;
    return latest;
  }

  /** The months (YYYY-MM) and currencies in which the customer has finalized, non-void invoices. */
  async invoicedMonths(customerId: string): Promise<{ currency: string; month: string }[]> {
    return this.db
      .selectFrom('report_customer_months')
      .select(['currency', 'month'])
      .where('organization_id', '=', this.orgId)
      .where('customer_id', '=', customerId)
      .where('invoice_count', '>', 0)
      .execute();
  }

  async lineSums(invoiceId: string) {
    return this.db.selectFrom('invoice_lines').select(['product_id', 'quantity', 'net_amount']).where('organization_id', '=', this.orgId).where('invoice_id', '=', invoiceId).execute();
  }

  /** Tax rows of one day whose name came from `invoiceId`. */
  namedBy(day: string, currency: string, invoiceId: string) {
    return this.db
      .selectFrom('report_daily_taxes')
      .select(['category', 'percentage', 'tax_rate_key'])
      .where('organization_id', '=', this.orgId)
      .where('day', '=', day)
      .where('currency', '=', currency)
      .where('name_invoice_id', '=', invoiceId)
      .execute();
  }

  /** The tax breakdowns of the day's invoices that count as sales. */
  dayBreakdowns(day: string, currency: string) {
    return this.db
      .selectFrom('invoices')
      .select(['id', 'taxes'])
      .where('organization_id', '=', this.orgId)
      .where('issue_date', '=', day)
      .where('currency', '=', currency)
      .where('status', 'in', INVOICED_STATUSES)
      .execute();
  }

  async setTaxName(key: { day: string; currency: string; category: string; percentage: string; tax_rate_key: string }, name: string | null, invoiceId: string | null): Promise<void> {
    await this.db
      .updateTable('report_daily_taxes')
      .set({ name, name_invoice_id: invoiceId })
      .where('organization_id', '=', this.orgId)
      .where('day', '=', key.day)
      .where('currency', '=', key.currency)
      .where('category', '=', key.category)
      .where('percentage', '=', key.percentage)
      .where('tax_rate_key', '=', key.tax_rate_key)
      .execute();
  }
}
