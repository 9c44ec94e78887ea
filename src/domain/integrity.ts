/**
 * The document chain (tamper evidence, "inalterability" in the sense of France's anti-fraud
 * VAT rules and Germany's GoBD): every issued invoice, credit note, payment and refund is
 * written down as a canonical text, and each chain entry's hash covers that text and the
 * hash of the entry before it. Changing, deleting or slipping in a document afterwards
 * changes a hash that every later entry depends on, so recomputing the chain finds it.
 *
 * Pure: no database, no clock. The canonical forms are built from the stored rows alone
 * (modules/integrity loads them), so a verifier needs nothing but the tables.
 *
 * Canonical JSON (format 1), the one serialization that is hashed:
 *  - objects: keys sorted (JavaScript's default sort, by UTF-16 code unit; Settle's keys are
 *    ASCII), no whitespace; arrays keep their order; strings as JSON.stringify writes them
 *    (no Unicode normalization: the stored text, byte for byte);
 *  - money: integers of the currency's minor unit (EUR 19.99 → 1999); quantities, unit prices
 *    and percentages: the normalized decimal strings stored ("1.5", "19"); other numbers in
 *    stored JSON snapshots: ECMAScript's shortest round-trip form (JSON.stringify);
 *  - JSON text columns (customer and seller snapshots, tax breakdowns, credit-note lines) are
 *    parsed and written canonically, so the hash is about their content, not key order.
 *  - hash = SHA-256 over the UTF-8 bytes of the canonical text followed by the previous
 *    entry's hash (64 lowercase hex digits; 64 zeros before the first entry), as hex.
 *
 * What each form holds is what was issued and can never change (the columns the database
 * triggers of migrations 0003/0004/0023 freeze): never status, amounts paid/credited/due, sent_at,
 * a payment's refunded amount or notes, nor an invoice line's product link (deleting a
 * product clears it). Changing a form means a new FORMAT: entries keep the format they were
 * hashed with, and verification must keep computing the old ones.
 *
 * Formats:
 *  - 1: the forms as first released.
 *  - 2 (migration 0023, e-invoices): an invoice also holds its buyer reference, purchase order
 *    reference, delivery date and invoicing period; each line its unit code, price base
 *    quantity, period and VATEX code; each allowance/charge its percentage, base and VATEX
 *    code. Credit notes, payments and refunds are as in format 1 (their new e-invoice data is
 *    inside the JSON columns already hashed), apart from the format number in the head.
 *    Entries written as format 1 still verify as format 1.
 */
import crypto from 'node:crypto';

/** The format new entries are written in. */
export const CHAIN_FORMAT = 2;
/** Every format verification can recompute. */
export const CHAIN_FORMATS: readonly number[] = [1, 2];
export const isChainFormat = (format: number): boolean => CHAIN_FORMATS.includes(format);
export const GENESIS_HASH = '0'.repeat(64);

export const CHAIN_DOCUMENT_TYPES = ['invoice', 'credit_note', 'payment', 'refund'] as const;
export type ChainDocumentType = (typeof CHAIN_DOCUMENT_TYPES)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** What canonicalJson accepts: JSON values, plus bigint (written as an integer). */
export type Canonicalizable = null | boolean | number | bigint | string | Canonicalizable[] | { [key: string]: Canonicalizable };

export function canonicalJson(value: Canonicalizable): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonical JSON cannot hold ${value}`);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new Error(`canonical JSON: ${value} is not an exact integer`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Canonicalizable)}`).join(',')}}`;
}

/** The hash of an entry: SHA-256(canonical ‖ previous hash), hex. */
export function chainHash(canonical: string, previousHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(previousHash)) throw new Error('a previous hash is 64 lowercase hex digits');
  return crypto.createHash('sha256').update(canonical, 'utf8').update(previousHash, 'utf8').digest('hex');
}

/**
 * A JSON text column as content. Text that is not JSON (only a hand edit produces it) is
 * kept as the string itself: it still hashes, and differently from what was issued.
 */
function content(text: string | null): Json {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** Integer columns (minor units) exactly; BigInt throws on a fraction instead of rounding it. */
const int = (value: number | bigint): bigint => BigInt(value);

// ── The stored rows each form is built from (structural: db rows fit as they are) ──

export interface InvoiceLineRecord {
  id: string;
  position: number;
  description: string;
  quantity: string;
  unit: string | null;
  unit_price: string;
  discount: string | null;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
  net_amount: number;
  /** Format 2 (absent on rows read before migration 0023: null, base quantity "1"). */
  tax_exemption_reason_code?: string | null;
  unit_code?: string | null;
  base_quantity?: string;
  period_start?: string | null;
  period_end?: string | null;
}

export interface InvoiceAdjustmentRecord {
  id: string;
  kind: string;
  position: number;
  reason: string;
  amount: number;
  net_amount: number;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
  /** Format 2. */
  tax_exemption_reason_code?: string | null;
  percentage?: string | null;
  base_amount?: number | null;
}

export interface InvoiceRecord {
  id: string;
  organization_id: string;
  customer_id: string;
  number: string | null;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  prices_include_tax: number;
  notes: string | null;
  terms: string | null;
  subtotal: number;
  allowance_total: number;
  charge_total: number;
  tax_total: number;
  total: number;
  taxes: string;
  customer_snapshot: string | null;
  seller_snapshot: string | null;
  /** What the document was printed with (colour, footer, bank details, logo by hash, language): frozen at issue. */
  branding_snapshot: string | null;
  finalized_at: string | null;
  /** Format 2. */
  buyer_reference?: string | null;
  purchase_order_reference?: string | null;
  delivery_date?: string | null;
  period_start?: string | null;
  period_end?: string | null;
}

export interface CreditNoteRecord {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  number: string;
  currency: string;
  reason: string;
  issue_date: string;
  subtotal: number;
  tax_total: number;
  total: number;
  applied_amount: number;
  credit_amount: number;
  taxes: string;
  lines: string;
  customer_snapshot: string;
  seller_snapshot: string;
  branding_snapshot: string | null;
  created_at: string;
}

export interface PaymentRecord {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount: number;
  date: string;
  method: string;
  reference: string | null;
  created_at: string;
}

export interface RefundRecord {
  id: string;
  organization_id: string;
  payment_id: string;
  invoice_id: string;
  amount: number;
  reason: string;
  date: string;
  created_at: string;
}

const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const head = (type: ChainDocumentType, row: { id: string; organization_id: string }, format: number) => ({
  format,
  type,
  id: row.id,
  organization_id: row.organization_id,
});

function assertFormat(format: number): void {
  if (!isChainFormat(format)) throw new Error(`unknown chain format ${format}`);
}

export function canonicalInvoice(invoice: InvoiceRecord, lines: readonly InvoiceLineRecord[], adjustments: readonly InvoiceAdjustmentRecord[], format: number): string {
  assertFormat(format);
  const v2 = format >= 2;
  return canonicalJson({
    ...head('invoice', invoice, format),
    ...(v2
      ? {
          buyer_reference: invoice.buyer_reference ?? null,
          purchase_order_reference: invoice.purchase_order_reference ?? null,
          delivery_date: invoice.delivery_date ?? null,
          period_start: invoice.period_start ?? null,
          period_end: invoice.period_end ?? null,
        }
      : {}),
    number: invoice.number,
    customer_id: invoice.customer_id,
    currency: invoice.currency,
    issue_date: invoice.issue_date,
    due_date: invoice.due_date,
    prices_include_tax: invoice.prices_include_tax === 1,
    notes: invoice.notes,
    terms: invoice.terms,
    customer: content(invoice.customer_snapshot),
    seller: content(invoice.seller_snapshot),
    branding: content(invoice.branding_snapshot),
    lines: [...lines].sort(byPosition).map((line) => ({
      id: line.id,
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      unit_price: line.unit_price,
      discount: line.discount,
      tax_rate_id: line.tax_rate_id,
      tax_name: line.tax_name,
      tax_category: line.tax_category,
      tax_percentage: line.tax_percentage,
      tax_exemption_reason: line.tax_exemption_reason,
      net_amount: int(line.net_amount),
      ...(v2
        ? {
            tax_exemption_reason_code: line.tax_exemption_reason_code ?? null,
            unit_code: line.unit_code ?? null,
            base_quantity: line.base_quantity ?? '1',
            period_start: line.period_start ?? null,
            period_end: line.period_end ?? null,
          }
        : {}),
    })),
    adjustments: [...adjustments]
      .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : byPosition(a, b)))
      .map((adj) => ({
        id: adj.id,
        kind: adj.kind,
        position: adj.position,
        reason: adj.reason,
        amount: int(adj.amount),
        net_amount: int(adj.net_amount),
        tax_rate_id: adj.tax_rate_id,
        tax_name: adj.tax_name,
        tax_category: adj.tax_category,
        tax_percentage: adj.tax_percentage,
        tax_exemption_reason: adj.tax_exemption_reason,
        ...(v2
          ? {
              tax_exemption_reason_code: adj.tax_exemption_reason_code ?? null,
              percentage: adj.percentage ?? null,
              base_amount: adj.base_amount === undefined || adj.base_amount === null ? null : int(adj.base_amount),
            }
          : {}),
      })),
    subtotal: int(invoice.subtotal),
    allowance_total: int(invoice.allowance_total),
    charge_total: int(invoice.charge_total),
    tax_total: int(invoice.tax_total),
    total: int(invoice.total),
    taxes: content(invoice.taxes),
    finalized_at: invoice.finalized_at,
  });
}

export function canonicalCreditNote(note: CreditNoteRecord, format: number): string {
  assertFormat(format);
  return canonicalJson({
    ...head('credit_note', note, format),
    number: note.number,
    invoice_id: note.invoice_id,
    customer_id: note.customer_id,
    currency: note.currency,
    reason: note.reason,
    issue_date: note.issue_date,
    customer: content(note.customer_snapshot),
    seller: content(note.seller_snapshot),
    branding: content(note.branding_snapshot),
    lines: content(note.lines),
    subtotal: int(note.subtotal),
    tax_total: int(note.tax_total),
    total: int(note.total),
    applied_amount: int(note.applied_amount),
    credit_amount: int(note.credit_amount),
    taxes: content(note.taxes),
    created_at: note.created_at,
  });
}

export function canonicalPayment(payment: PaymentRecord, format: number): string {
  assertFormat(format);
  return canonicalJson({
    ...head('payment', payment, format),
    invoice_id: payment.invoice_id,
    customer_id: payment.customer_id,
    currency: payment.currency,
    amount: int(payment.amount),
    date: payment.date,
    method: payment.method,
    reference: payment.reference,
    created_at: payment.created_at,
  });
}

export function canonicalRefund(refund: RefundRecord, format: number): string {
  assertFormat(format);
  return canonicalJson({
    ...head('refund', refund, format),
    payment_id: refund.payment_id,
    invoice_id: refund.invoice_id,
    amount: int(refund.amount),
    reason: refund.reason,
    date: refund.date,
    created_at: refund.created_at,
  });
}
