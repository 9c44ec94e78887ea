/**
 * A quote's content goes through the invoice's composer (invoices/invoice-compose.ts): the
 * same product fill-in, tax snapshots and EN 16931 totals, so the invoice a quote becomes
 * carries exactly its figures. These adapt the stored quote parts to the composer's types.
 */
import type { InvoiceAdjustmentsTable, InvoiceLinesTable, QuoteAdjustmentsTable, QuoteLinesTable, QuotesTable } from '../../db/schema.ts';
import { inUseBy, storedContent, type AdjustmentDraft, type InUse, type LineDraft } from '../invoices/invoice-compose.ts';

function asInvoiceLines(lines: readonly QuoteLinesTable[]): InvoiceLinesTable[] {
  return lines.map(({ quote_id, ...line }) => ({ ...line, invoice_id: quote_id }));
}

function asInvoiceAdjustments(adjustments: readonly QuoteAdjustmentsTable[]): InvoiceAdjustmentsTable[] {
  return adjustments.map(({ quote_id, ...a }) => ({ ...a, invoice_id: quote_id }));
}

/** The stored content of a quote, as drafts to compose again (to save, finalize or convert). */
export function storedQuoteContent(
  quote: Pick<QuotesTable, 'currency' | 'prices_include_tax'>,
  lines: readonly QuoteLinesTable[],
  adjustments: readonly QuoteAdjustmentsTable[],
): { lines: LineDraft[]; allowances: AdjustmentDraft[]; charges: AdjustmentDraft[] } {
  return storedContent(quote, asInvoiceLines(lines), asInvoiceAdjustments(adjustments));
}

/** The products and tax rates the quote uses (archived ones stay usable on it). */
export function quoteInUse(lines: readonly QuoteLinesTable[], adjustments: readonly QuoteAdjustmentsTable[]): InUse {
  return inUseBy(asInvoiceLines(lines), asInvoiceAdjustments(adjustments));
}
