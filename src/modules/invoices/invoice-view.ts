/**
 * How stored invoices look in the API: amounts with exactly the currency's digits, the
 * customer live while draft and frozen once finalized, `overdue` derived for today.
 */
import type { CustomersTable, EmailMessagesTable, InvoiceAdjustmentsTable, InvoiceLinesTable, InvoicesTable, OrganizationsTable } from '../../db/schema.ts';
import { isOverdue, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { currencyExponent, formatAmount, padFraction } from '../../domain/money/index.ts';
import { isTaxCategory, type TaxCategory } from '../../domain/tax/index.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { parseStoredAddress, type AddressValue } from '../../kernel/http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import { EMAIL_DELIVERY_STATUSES, type InvoiceCustomerOut, type InvoiceLastEmailOut, type InvoiceOut, type InvoiceSummaryOut } from './invoices.schemas.ts';

/** One row of the stored per-rate tax breakdown (invoices.taxes, JSON); amounts in minor units. */
export interface StoredTax {
  tax_rate_id: string | null;
  category: TaxCategory;
  percentage: string;
  name: string | null;
  exemption_reason: string | null;
  taxable_amount: number;
  tax_amount: number;
}

/** The seller as printed on the document (invoices.seller_snapshot, JSON, once finalized). */
export interface SellerSnapshot {
  name: string;
  address: AddressValue | null;
  tax_id: string | null;
  email: string | null;
  phone: string | null;
}

export function sellerOf(org: OrganizationsTable): SellerSnapshot {
  return { name: org.name, address: parseStoredAddress(org.address), tax_id: org.tax_id, email: org.email, phone: org.phone };
}

export function customerSummary(row: CustomersTable): InvoiceCustomerOut {
  return { id: row.id, name: row.name, email: row.email, address: parseStoredAddress(row.address), tax_id: row.tax_id };
}

function storedCategory(category: string): TaxCategory {
  // Written only by this module, always from a validated tax rate.
  if (!isTaxCategory(category)) throw new Error(`Stored tax category "${category}" is not an EN 16931 code`);
  return category;
}

/** The customer an invoice shows: its frozen snapshot once finalized, else the live customer. */
export function invoiceCustomer(invoice: InvoicesTable, live: CustomersTable | undefined): InvoiceCustomerOut {
  if (invoice.customer_snapshot !== null) return JSON.parse(invoice.customer_snapshot) as InvoiceCustomerOut;
  // The foreign key keeps the customer while any invoice refers to it.
  if (live === undefined) throw new Error(`invariant: customer ${invoice.customer_id} of invoice ${invoice.id} is missing`);
  return customerSummary(live);
}

export function invoiceSummaryOut(row: InvoicesTable, customer: InvoiceCustomerOut, today: string): InvoiceSummaryOut {
  const money = (minor: number) => formatAmount(BigInt(minor), row.currency);
  const status = row.status as InvoiceStatus;
  const taxes = (JSON.parse(row.taxes) as StoredTax[]).map((tax) => ({
    ...tax,
    taxable_amount: money(tax.taxable_amount),
    tax_amount: money(tax.tax_amount),
  }));
  return {
    id: row.id,
    number: row.number,
    status,
    customer_id: row.customer_id,
    customer,
    currency: row.currency,
    issue_date: row.issue_date,
    due_date: row.due_date,
    prices_include_tax: row.prices_include_tax === 1,
    subtotal: money(row.subtotal),
    allowance_total: money(row.allowance_total),
    charge_total: money(row.charge_total),
    tax_total: money(row.tax_total),
    taxes,
    total: money(row.total),
    amount_paid: money(row.amount_paid),
    amount_credited: money(row.amount_credited),
    amount_due: money(row.amount_due),
    overdue: isOverdue(status, BigInt(row.amount_due), row.due_date, today),
    notes: row.notes,
    terms: row.terms,
    finalized_at: row.finalized_at,
    paid_at: row.paid_at,
    voided_at: row.voided_at,
    uncollectible_at: row.uncollectible_at,
    sent_at: row.sent_at,
    sent_to: row.sent_to,
    viewed_at: row.viewed_at,
    subscription_id: row.subscription_id,
    period_start: row.period_start,
    period_end: row.period_end,
    late_fee_for_invoice_id: row.late_fee_for_invoice_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

type TaxColumns = Pick<InvoiceLinesTable, 'tax_category' | 'tax_percentage' | 'tax_name' | 'tax_exemption_reason'>;

function taxOut(row: TaxColumns) {
  return {
    category: storedCategory(row.tax_category),
    percentage: row.tax_percentage,
    name: row.tax_name,
    exemption_reason: row.tax_exemption_reason,
  };
}

export function invoiceOut(
  row: InvoicesTable,
  lines: readonly Omit<InvoiceLinesTable, 'organization_id' | 'invoice_id'>[],
  adjustments: readonly Omit<InvoiceAdjustmentsTable, 'organization_id' | 'invoice_id'>[],
  customer: InvoiceCustomerOut,
  today: string,
  lastEmail: EmailMessagesTable | undefined = undefined,
): InvoiceOut {
  const money = (minor: number) => formatAmount(BigInt(minor), row.currency);
  const adjustmentOut = (a: (typeof adjustments)[number]) => ({
    id: a.id,
    reason: a.reason,
    amount: money(a.amount),
    net_amount: money(a.net_amount),
    tax_rate_id: a.tax_rate_id,
    tax: taxOut(a),
  });
  const byPosition = <T extends { position: number }>(list: T[]) => list.sort((a, b) => a.position - b.position);
  return {
    ...invoiceSummaryOut(row, customer, today),
    lines: byPosition([...lines]).map((line) => ({
      id: line.id,
      product_id: line.product_id,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      unit_price: padFraction(line.unit_price, currencyExponent(row.currency)),
      discount: line.discount,
      tax_rate_id: line.tax_rate_id,
      tax: taxOut(line),
      net_amount: money(line.net_amount),
    })),
    allowances: byPosition(adjustments.filter((a) => a.kind === 'allowance')).map(adjustmentOut),
    charges: byPosition(adjustments.filter((a) => a.kind === 'charge')).map(adjustmentOut),
    last_email: lastEmail === undefined ? null : lastEmailOut(lastEmail),
  };
}

/** Where an invoice's latest message stands, for the invoice view. */
export function lastEmailOut(message: EmailMessagesTable): InvoiceLastEmailOut {
  const status = (EMAIL_DELIVERY_STATUSES as readonly string[]).includes(message.status) ? (message.status as InvoiceLastEmailOut['status']) : 'queued';
  return {
    id: message.id,
    status,
    to: message.to_address,
    queued_at: message.created_at,
    sent_at: message.sent_at,
    attempts: message.attempts,
    error: message.last_error,
  };
}

/** Today's date in the organization's time zone, for `overdue` and default dates. */
export function todayOf(ctx: Pick<RequestContext, 'clock' | 'timeZone'>): string {
  return todayIn(ctx);
}

/** Reads one invoice of the context's organization with its lines; 404 when it is not one. */
export async function readInvoice(db: Executor, ctx: RequestContext, id: string): Promise<InvoiceOut> {
  const repo = new InvoicesRepo(db, ctx.orgId);
  const row = await repo.find(id);
  if (!row) throw AppError.notFound('Invoice');
  return loadInvoiceOut(repo, row, ctx);
}

/** The API view of an invoice row already read (and, in a transaction, perhaps locked). */
export async function loadInvoiceOut(repo: InvoicesRepo, row: InvoicesTable, ctx: RequestContext): Promise<InvoiceOut> {
  const lines = await repo.lines(row.id);
  const adjustments = await repo.adjustments(row.id);
  const live = row.customer_snapshot === null ? await repo.customer(row.customer_id) : undefined;
  const lastEmail = row.sent_at === null ? undefined : await repo.latestEmail(row.id);
  return invoiceOut(row, lines, adjustments, invoiceCustomer(row, live), todayOf(ctx), lastEmail);
}
