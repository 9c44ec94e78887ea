/**
 * Invoice events (kernel/events.ts). The object is the invoice as the API returns it. The
 * facts are the stored rows the report summaries need (reports/summaries/).
 */
import type { InvoiceLinesTable, InvoicesTable } from '../../db/schema.ts';

/** An invoice row before and after a change. */
export interface InvoiceChange {
  before: InvoicesTable;
  after: InvoicesTable;
}

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    'invoice.created': undefined;
    'invoice.updated': undefined;
    'invoice.deleted': undefined;
    'invoice.finalized': { invoice: InvoicesTable; lines: InvoiceLinesTable[] };
    'invoice.voided': InvoiceChange;
    'invoice.marked_uncollectible': InvoiceChange;
    /** Derived (not audited): the invoice became paid in full, by a payment, credit or credit note. */
    'invoice.paid': undefined;
    /** Once, when an open invoice passes its due date unpaid (the overdue check). */
    'invoice.overdue': undefined;
    /** Once, when the customer first opens the invoice's page (customer link or portal). */
    'invoice.viewed': undefined;
    /**
     * Internal (not public, not audited): amount paid, credited or due changed. `settledOn`
     * is the date of the payment or credit note that moved the money.
     */
    'invoice.balance_changed': InvoiceChange & { settledOn?: string | undefined };
  }
}
