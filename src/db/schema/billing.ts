/** Table types: Billing core (migration 0002). Conventions: see ../schema.ts. */

export interface DocumentSequencesTable {
  organization_id: string;
  kind: string;
  scope: string;
  last_value: number;
}

export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'uncollectible';

export interface InvoicesTable {
  id: string;
  organization_id: string;
  customer_id: string;
  number: string | null;
  status: string;
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
  amount_paid: number;
  amount_credited: number;
  amount_due: number;
  taxes: string;
  customer_snapshot: string | null;
  seller_snapshot: string | null;
  /** JSON: the branding printed on the document, frozen at finalization (null while draft). See modules/organizations/branding-snapshot.ts. */
  branding_snapshot: string | null;
  finalized_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  uncollectible_at: string | null;
  /** When the overdue check saw it pass its due date unpaid (migration 0012); the invoice.overdue event fires once. */
  overdue_at: string | null;
  sent_at: string | null;
  sent_to: string | null;
  /** When the customer first opened the invoice's page (migration 0018); set once. */
  viewed_at: string | null;
  /** Generated invoices (migration 0014): the subscription and the period billed (inclusive dates), and the key that makes generation happen once. */
  subscription_id: string | null;
  period_start: string | null;
  period_end: string | null;
  billing_key: string | null;
  /** A late-fee invoice: the overdue invoice it charges for (migration 0017). */
  late_fee_for_invoice_id: string | null;
  /** E-invoice references (migration 0023): buyer reference (BT-10), purchase order (BT-13), delivery date (BT-72). */
  buyer_reference: string | null;
  purchase_order_reference: string | null;
  delivery_date: string | null;
  /** JSON {key: value} of the organization's custom fields (migration 0027); null: none. Frozen with the document once finalized. */
  custom_fields: string | null;
  /** JSON [{label, type, value}]: the custom fields printed on the document, frozen at finalization (null while draft). */
  custom_fields_printed: string | null;
  created_at: string;
  updated_at: string;
}

export interface InvoiceLinesTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  position: number;
  product_id: string | null;
  description: string;
  /** Normalised decimal text, up to 6 decimals. */
  quantity: string;
  unit: string | null;
  /** Normalised decimal text, up to 6 decimals. */
  unit_price: string;
  /** An amount ("5.00") or a percentage ("10%"), as entered. */
  discount: string | null;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
  net_amount: number;
  /** Migration 0023: VATEX code of the tax snapshot; UN/ECE Rec 20 unit code (BT-130); price base quantity (BT-149, normalised decimal, '1' by default); line period (BT-134/135). */
  tax_exemption_reason_code: string | null;
  unit_code: string | null;
  base_quantity: string;
  period_start: string | null;
  period_end: string | null;
}

export interface InvoiceAdjustmentsTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  kind: 'allowance' | 'charge';
  position: number;
  reason: string;
  amount: number;
  net_amount: number;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
  /** Migration 0023: VATEX code of the tax snapshot; for a percentage ("5%"): the percentage ("5") and its base in minor units (BT-94/93), else null. */
  tax_exemption_reason_code: string | null;
  percentage: string | null;
  base_amount: number | null;
}

export interface PaymentsTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount: number;
  applied_amount: number;
  excess_amount: number;
  refunded_amount: number;
  date: string;
  method: string;
  reference: string | null;
  notes: string | null;
  created_at: string;
  /** One payment over several invoices (migration 0019): the id its per-invoice rows share; null otherwise. */
  group_id?: string | null;
  /** Migration 0016: the gateway it arrived through ('stripe'), its payment id (payment intent) and method type; null for manual payments. */
  gateway?: string | null;
  gateway_payment_id?: string | null;
  gateway_method?: string | null;
}

export interface RefundsTable {
  id: string;
  organization_id: string;
  payment_id: string;
  invoice_id: string;
  amount: number;
  reason: string;
  date: string;
  created_at: string;
  /** Migration 0016: the gateway's refund id (unique per organization); null for refunds outside a gateway. */
  gateway_refund_id?: string | null;
}

export interface CustomerCreditEntriesTable {
  id: string;
  organization_id: string;
  customer_id: string;
  currency: string;
  amount: number;
  source_type: 'overpayment' | 'credit_note' | 'applied' | 'refund';
  source_id: string;
  invoice_id: string | null;
  created_at: string;
}

export interface CreditNotesTable {
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
  /** JSON: the branding printed on the credit note, frozen when issued (migration 0009). */
  branding_snapshot: string | null;
  created_at: string;
}

/** A credit-note line that credits (part of) an invoice line: the quantity credited (migration 0009). */
export interface CreditNoteLinesTable {
  credit_note_id: string;
  position: number;
  organization_id: string;
  invoice_id: string;
  invoice_line_id: string;
  /** Normalised decimal text, up to 6 decimals. */
  quantity: string;
  created_at: string;
}

/** A logo (or other printed asset) frozen on issued documents, stored once per content. */
export interface DocumentAssetsTable {
  organization_id: string;
  /** SHA-256 (hex) of the decoded bytes. */
  sha256: string;
  content_type: string;
  /** base64 */
  data: string;
  byte_size: number;
  created_at: string;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  key: string;
  principal_id: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface BillingTables {
  document_sequences: DocumentSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_adjustments: InvoiceAdjustmentsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  customer_credit_entries: CustomerCreditEntriesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  document_assets: DocumentAssetsTable;
  idempotency_keys: IdempotencyKeysTable;
}
