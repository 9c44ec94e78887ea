/**
 * `GET /quotes/{id}/pdf`: the quote printed like an invoice (documents/: the same layout,
 * branding, seller and customer blocks, lines, allowances, charges and taxes, in the
 * customer's language), titled Quote / Angebot / Devis / Presupuesto, with the expiry date
 * where an invoice has its due date and no payment block.
 */
import type { RequestContext } from '../../kernel/context.ts';
import { documentView, safeFilename } from '../documents/document-view.ts';
import { organizationParts } from '../documents/document-data.ts';
import { formatDate } from '../documents/locale-format.ts';
import { renderDocumentPdf } from '../documents/pdf-document.ts';
import { sellerOf } from '../invoices/invoice-view.ts';
import type { InvoiceOut } from '../invoices/invoices.schemas.ts';
import { readQuote, type QuoteLinks } from './quote-view.ts';
import { quoteLabels } from './quote-labels.ts';
import type { QuoteOut } from './quotes.schemas.ts';

/** The quote in the shape the invoice layout reads (no money received, nothing overdue). */
function asInvoice(quote: QuoteOut): InvoiceOut {
  return {
    ...quote,
    status: 'open',
    due_date: quote.expiry_date,
    amount_paid: '0',
    amount_credited: '0',
    amount_due: quote.total,
    overdue: false,
    paid_at: null,
    voided_at: null,
    uncollectible_at: null,
    viewed_at: null,
    subscription_id: null,
    period_start: null,
    period_end: null,
    late_fee_for_invoice_id: null,
    delivery_date: null,
    last_email: null,
    custom_fields: {},
  };
}

export async function quotePdf(ctx: RequestContext, quoteId: string, links: QuoteLinks): Promise<{ filename: string; content: Buffer }> {
  const quote = await readQuote(ctx, quoteId, links);
  const parts = await organizationParts(ctx, quote.customer_id, null);
  const view = documentView({ kind: 'invoice', invoice: asInvoice(quote), seller: sellerOf(parts.org), branding: parts.branding, locale: parts.locale, language: parts.language, paymentTermsDays: null });
  const t = quoteLabels(parts.locale);
  const date = (value: string | null) => (value === null ? '—' : formatDate(value, parts.locale));
  const isDraft = quote.status === 'draft';
  const title = isDraft ? `${t.title} (${view.labels.draftMark})` : `${t.title} ${quote.number ?? ''}`.trim();
  const filename = safeFilename(quote.number === null ? 'Quote-draft' : `Quote-${quote.number}`);
  const pdf = await renderDocumentPdf({
    ...view,
    title,
    heading: t.title,
    customer: { ...view.customer, heading: t.customer },
    mark: isDraft ? { text: 'DRAFT', note: `${view.labels.draftMark} — ${view.labels.draftNote}` } : null,
    meta: [
      ...(quote.number === null ? [] : [{ label: t.number, value: quote.number }]),
      { label: t.issueDate, value: date(quote.issue_date) },
      { label: t.expiryDate, value: date(quote.expiry_date) },
    ],
    // Subtotal … total; nothing paid or due on a quote.
    totals: view.totals.slice(0, view.totals.findIndex((row) => row.strong) + 1),
    payment: null,
    transferQr: null,
    status: null,
    info: { ...view.info, title, subject: `${title} — ${quote.customer.name}` },
    filename,
  });
  return { filename, content: pdf };
}
