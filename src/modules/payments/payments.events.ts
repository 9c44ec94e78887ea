/**
 * Payment events (kernel/events.ts). The object is the payment as the API returns it; the
 * facts are the rows the report summaries need.
 */
import type { InvoicesTable, PaymentsTable, RefundsTable } from '../../db/schema.ts';

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    /**
     * Audited as payment.recorded, or customer_credit.applied for credit applied to an
     * invoice (a payment of method customer_credit). `invoice` is the row before the payment.
     */
    'payment.created': { invoice: InvoicesTable; payment: Omit<PaymentsTable, 'organization_id'> };
    /** `fromCredit`: the part of the refund taken from the customer's credit, in minor units. */
    'payment.refunded': { invoice: InvoicesTable; payment: PaymentsTable; refund: Pick<RefundsTable, 'date' | 'amount'>; fromCredit: bigint };
  }
}
