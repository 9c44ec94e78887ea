/**
 * Create or edit a draft quote with the invoice editor (lines, products, tax rates, discounts,
 * allowances and charges, live totals): the same form, its due date field being the expiry date.
 */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { patch, post } from '../../api/client.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { Editor, usePresetCustomer, type EditorDocument } from '../invoices/InvoiceEditorPage.tsx';
import { useProducts, useTaxRates, type Invoice } from '../invoices/invoiceApi.ts';
import { useQuote, type Quote } from './quoteApi.ts';

/** A request body of the invoice editor as a quote's: the due date is the expiry date; no invoice-only fields. */
function quoteBody(body: Record<string, unknown>): Record<string, unknown> {
  const { due_date: expiry, delivery_date: _delivery, period_start: _start, period_end: _end, ...rest } = body;
  return { ...rest, expiry_date: expiry };
}

/** The quote as the editor's form reads an invoice. */
function asEditable(quote: Quote): Invoice {
  return { ...quote, due_date: quote.expiry_date, delivery_date: null, period_start: null, period_end: null } as unknown as Invoice;
}

export default function QuoteEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const quote = useQuote(id);
  const rates = useTaxRates();
  const products = useProducts();
  const preset = usePresetCustomer(id);
  if (quote.isError) return <ErrorState error={quote.error} />;
  if (rates.isError) return <ErrorState error={rates.error} />;
  if (products.isError) return <ErrorState error={products.error} />;
  if ((id !== undefined && quote.isPending) || rates.isPending || products.isPending || preset.isPending) return <LoadingState />;
  if (quote.data !== undefined && quote.data.status !== 'draft') return <ErrorState title={t('quotes.notDraft.title')} message={t('quotes.notDraft.message')} />;
  const document: EditorDocument = {
    listPath: '/quotes',
    detailPath: (savedId) => `/quotes/${savedId}`,
    save: (body, existingId) => (existingId === null ? post<Quote>('/quotes', quoteBody(body)) : patch<Quote>(`/quotes/${existingId}`, quoteBody(body))),
    titleNew: t('quotes.editor.new'),
    titleEdit: t('quotes.editor.edit'),
    issueLabel: t('quotes.editor.issueDate'),
    issueHint: t('quotes.editor.issueDateHint'),
    dueLabel: t('quotes.editor.expiryDate'),
    dueHint: t('quotes.editor.expiryHint'),
    einvoice: false,
    customFields: false,
    formPath: (path) => (path === 'expiry_date' ? 'due_date' : path),
  };
  return (
    <Editor key={id ?? 'new'} invoice={quote.data === undefined ? null : asEditable(quote.data)} preset={preset.customer} rates={rates.data.data} products={products.data.data} document={document} />
  );
}
