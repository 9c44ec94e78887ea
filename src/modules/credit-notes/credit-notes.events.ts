/** Credit note events (kernel/events.ts). The object is the credit note as the API returns it. */
import type { CreditNotesTable, InvoicesTable } from '../../db/schema.ts';

declare module '../../kernel/events.ts' {
  interface EventCatalogue {
    /** Audited as credit_note.issued. `invoice` is the credited invoice before the credit note. */
    'credit_note.created': { invoice: InvoicesTable; note: CreditNotesTable };
    /** The credited invoice's side of a credit note (audit only). */
    'invoice.credited': undefined;
  }
}
