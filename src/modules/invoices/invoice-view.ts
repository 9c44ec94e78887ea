/**
 * How stored invoices look in the API: amounts with exactly the currency's digits, the
 * customer live while draft and frozen once finalized, `overdue` derived for today.
 */
import { customFieldsOut } from '../../db/custom-fields.ts';
import type { CustomersTable, EmailMessagesTable, InvoiceAdjustmentsTable, InvoiceLinesTable, InvoicesTable, OrganizationsTable } from '../../db/schema.ts';
import { isOverdue, type InvoiceStatus } from '../../domain/invoice-status.ts';
import { currencyExponent, formatAmount, padFraction } from '../../domain/money/index.ts';
import { isTaxCategory, type TaxCategory } from '../../domain/tax/index.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { parseStoredAddress, type AddressValue } from '../../kernel/http/schemas.ts';
import { electronicAddressOf, type ElectronicAddressValue } from '../../kernel/http/einvoice-schemas.ts';
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
  /** VATEX code (migration 0023); absent in breakdowns stored before it. */
  exemption_reason_code?: string | null;
  taxable_amount: number;
  tax_amount: number;
}

/**
 * The seller as printed on the document (invoices.seller_snapshot, JSON, once finalized).
 * The e-invoice fields (migration 0023) are absent from snapshots frozen before them: read
 * stored snapshots with readSellerSnapshot, which gives them as null.
 */
export interface SellerSnapshot {
  name: string;
  address: AddressValue | null;
  tax_id: string | null;
  email: string | null;
  phone: string | null;
  /** BT-34 */
  electronic_address: ElectronicAddressValue | null;
  /** BT-30 */
  legal_registration_id: string | null;
  /** BT-32 */
  tax_registration_id: string | null;
  /** The organization's country (BT-40 falls back to it when the address has none). */
  country: string | null;
}

export function sellerOf(org: OrganizationsTable): SellerSnapshot {
  return {
    name: org.name,
    address: parseStoredAddress(org.address),
    tax_id: org.tax_id,
    email: org.email,
    phone: org.phone,
    electronic_address: electronicAddressOf(org),
    legal_registration_id: org.legal_registration_id,
    tax_registration_id: org.tax_registration_id,
    country: org.country,
  };
}

/** A stored seller snapshot, old ones (without the e-invoice fields) included. */
export function readSellerSnapshot(json: string): SellerSnapshot {
  const stored = JSON.parse(json) as Partial<SellerSnapshot> & Pick<SellerSnapshot, 'name'>;
  return {
    ...stored,
    address: stored.address ?? null,
    tax_id: stored.tax_id ?? null,
    email: stored.email ?? null,
    phone: stored.phone ?? null,
    electronic_address: stored.electronic_address ?? null,
    legal_registration_id: stored.legal_registration_id ?? null,
    tax_registration_id: stored.tax_registration_id ?? null,
    country: stored.country ?? null,
  };
}

export function customerSummary(row: CustomersTable): InvoiceCustomerOut {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    address: parseStoredAddress(row.address),
    tax_id: row.tax_id,
    electronic_address: electronicAddressOf(row),
    legal_registration_id: row.legal_registration_id,
  };
}

/** A stored customer snapshot; those frozen before migration 0023 lack the e-invoice fields (null). */
export function readCustomerSnapshot(json: string): InvoiceCustomerOut {
  const stored = JSON.parse(json) as Partial<InvoiceCustomerOut> & Pick<InvoiceCustomerOut, 'id' | 'name'>;
  return {
    ...stored,
    email: stored.email ?? null,
    address: stored.address ?? null,
    tax_id: stored.tax_id ?? null,
    electronic_address: stored.electronic_address ?? null,
    legal_registration_id: stored.legal_registration_id ?? null,
  };
}

function storedCategory(category: string): TaxCategory {
  // Written only by this module, always from a validated tax rate.
  if (!isTaxCategory(category)) throw new Error(`Stored tax category "${category}" is not an EN 16931 code`);
  return category;
}

/** The customer an invoice shows: its frozen snapshot once finalized, else the live customer. */
export function invoiceCustomer(invoice: InvoicesTable, live: CustomersTable | undefined): InvoiceCustomerOut {
  if (invoice.customer_snapshot !== null) return readCustomerSnapshot(invoice.customer_snapshot);
  // The foreign key keeps the customer while any invoice refers to it.
  if (live === undefined) throw new Error(`invariant: customer ${invoice.customer_id} of invoice ${invoice.id} is missing`);
  return customerSummary(live);
}

export function invoiceSummaryOut(row: InvoicesTable, customer: InvoiceCustomerOut, today: string): InvoiceSummaryOut {
  const money = (minor: number) => formatAmount(BigInt(minor), row.currency);
  const status = row.status as InvoiceStatus;
  const taxes = (JSON.parse(row.taxes) as StoredTax[]).map((tax) => ({
    ...tax,
    exemption_reason_code: tax.exemption_reason_code ?? null,
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
    buyer_reference: row.buyer_reference,
    purchase_order_reference: row.purchase_order_reference,
    delivery_date: row.delivery_date,
    custom_fields: customFieldsOut(row.custom_fields),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

type TaxColumns = Pick<InvoiceLinesTable, 'tax_category' | 'tax_percentage' | 'tax_name' | 'tax_exemption_reason' | 'tax_exemption_reason_code'>;

function taxOut(row: TaxColumns) {
  return {
    category: storedCategory(row.tax_category),
    percentage: row.tax_percentage,
    name: row.tax_name,
    exemption_reason: row.tax_exemption_reason,
    exemption_reason_code: row.tax_exemption_reason_code,
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
    percentage: a.percentage,
    base_amount: a.base_amount === null ? null : money(a.base_amount),
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
      unit_code: line.unit_code,
      unit_price: padFraction(line.unit_price, currencyExponent(row.currency)),
      base_quantity: line.base_quantity,
      discount: line.discount,
      tax_rate_id: line.tax_rate_id,
      tax: taxOut(line),
      period_start: line.period_start,
      period_end: line.period_end,
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
