/**
 * How stored quotes look in the API. Lines, adjustments, taxes and amounts are formatted by
 * the invoice view (invoiceOut), so a quote and the invoice it becomes read alike to the
 * cent. The customer is the live one. An open quote past its expiry date reads as expired.
 */
import type { CustomersTable, InvoicesTable, QuoteAdjustmentsTable, QuoteLinesTable, QuotesTable } from '../../db/schema.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { linkTokenHash, openSealedLinkToken } from '../../kernel/http/public-pages.ts';
import type { SecretBox } from '../../kernel/secret-box.ts';
import { AppError } from '../../shared/errors.ts';
import { customerSummary, invoiceOut, todayOf } from '../invoices/invoice-view.ts';
import type { AdjustmentRow, LineRow } from '../invoices/invoices.repo.ts';
import { QuotesRepo } from './quotes.repo.ts';
import type { QuoteOut, QuoteStatus, QuoteSummaryOut } from './quotes.schemas.ts';

/** What showing a quote's customer page URL takes: the secret box that opens its token, and the public base URL. */
export interface QuoteLinks {
  secrets: SecretBox;
  baseUrl: string;
}

/** The status a quote reads as today: an open quote past its expiry date is expired. */
export function effectiveStatus(row: Pick<QuotesTable, 'status' | 'expiry_date'>, today: string): QuoteStatus {
  if (row.status === 'open' && row.expiry_date !== null && row.expiry_date < today) return 'expired';
  return row.status as QuoteStatus;
}

/** What the sealed token is bound to: a value copied into another quote's row does not open. */
export function quoteTokenAad(orgId: string, quoteId: string): string {
  return `quotes:${orgId}:${quoteId}:token`;
}

export function quotePublicUrl(row: QuotesTable, links: QuoteLinks): string | null {
  if (row.link_token_hash === null) return null;
  const token = openSealedLinkToken(links.secrets, row.link_token_sealed, quoteTokenAad(row.organization_id, row.id), row.link_token_hash);
  return token === null ? null : `${links.baseUrl.replace(/\/+$/, '')}/p/${token}`;
}

export { linkTokenHash };

/** The quote as the invoice view reads it (the columns an invoice has and a quote does not are empty). */
function asInvoiceRow(row: QuotesTable): InvoicesTable {
  return {
    ...row,
    status: 'draft',
    due_date: row.expiry_date,
    amount_paid: 0,
    amount_credited: 0,
    amount_due: row.total,
    customer_snapshot: null,
    seller_snapshot: null,
    branding_snapshot: null,
    paid_at: null,
    voided_at: null,
    uncollectible_at: null,
    overdue_at: null,
    viewed_at: null,
    subscription_id: null,
    period_start: null,
    period_end: null,
    billing_key: null,
    late_fee_for_invoice_id: null,
    delivery_date: null,
    // Quotes carry no custom fields yet (the definitions are for customers, products and invoices).
    custom_fields: null,
    custom_fields_printed: null,
  };
}

export function quoteSummaryOut(row: QuotesTable, customer: CustomersTable, today: string): QuoteSummaryOut {
  return summaryOf(row, customer, today, [], []).summary;
}

function summaryOf(row: QuotesTable, customer: CustomersTable, today: string, lines: readonly LineRow[], adjustments: readonly AdjustmentRow[]) {
  const base = invoiceOut(asInvoiceRow(row), lines, adjustments, customerSummary(customer), today);
  const summary: QuoteSummaryOut = {
    id: row.id,
    number: row.number,
    status: effectiveStatus(row, today),
    customer_id: row.customer_id,
    customer: base.customer,
    currency: row.currency,
    issue_date: row.issue_date,
    expiry_date: row.expiry_date,
    prices_include_tax: row.prices_include_tax === 1,
    subtotal: base.subtotal,
    allowance_total: base.allowance_total,
    charge_total: base.charge_total,
    tax_total: base.tax_total,
    taxes: base.taxes,
    total: base.total,
    notes: row.notes,
    terms: row.terms,
    buyer_reference: row.buyer_reference,
    purchase_order_reference: row.purchase_order_reference,
    finalized_at: row.finalized_at,
    sent_at: row.sent_at,
    sent_to: row.sent_to,
    accepted_at: row.accepted_at,
    accepted_name: row.accepted_name,
    accepted_ip: row.accepted_ip,
    declined_at: row.declined_at,
    decline_reason: row.decline_reason,
    invoice_id: row.invoice_id,
    converted_at: row.converted_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  return { summary, base };
}

export function quoteOut(
  row: QuotesTable,
  lines: readonly (LineRow | QuoteLinesTable)[],
  adjustments: readonly (AdjustmentRow | QuoteAdjustmentsTable)[],
  customer: CustomersTable,
  today: string,
  links: QuoteLinks,
): QuoteOut {
  const { summary, base } = summaryOf(row, customer, today, lines, adjustments);
  return { ...summary, lines: base.lines, allowances: base.allowances, charges: base.charges, public_url: quotePublicUrl(row, links) };
}

/** The API view of a quote row already read (in a transaction: perhaps locked). */
export async function loadQuoteOut(repo: QuotesRepo, row: QuotesTable, ctx: RequestContext, links: QuoteLinks, executor: Executor): Promise<QuoteOut> {
  const customer = await executor.selectFrom('customers').selectAll().where('organization_id', '=', ctx.orgId).where('id', '=', row.customer_id).executeTakeFirst();
  if (!customer) throw new Error(`invariant: customer ${row.customer_id} of quote ${row.id} is missing`);
  return quoteOut(row, await repo.lines(row.id), await repo.adjustments(row.id), customer, todayOf(ctx), links);
}

/** One quote of the context's organization; 404 when it is not one. */
export async function readQuote(ctx: RequestContext, id: string, links: QuoteLinks, executor: Executor = ctx.db.kysely): Promise<QuoteOut> {
  const repo = new QuotesRepo(executor, ctx.orgId);
  const row = await repo.find(id);
  if (!row) throw AppError.notFound('Quote');
  return loadQuoteOut(repo, row, ctx, links, executor);
}
