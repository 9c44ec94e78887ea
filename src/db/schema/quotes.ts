/**
 * Quotes (estimates), migration 0024: the invoice's content (lines, allowances and charges
 * with the same columns and tax snapshots) plus an expiry date and the customer's answer.
 */
import type { InvoiceAdjustmentsTable, InvoiceLinesTable } from './billing.ts';

export interface QuotesTable {
  id: string;
  organization_id: string;
  customer_id: string;
  /** Null while draft; from the quote series (QUO-{YYYY}-{SEQ:5}) once finalized. */
  number: string | null;
  /** draft | open | accepted | declined | expired | invoiced (an open quote past expiry_date reads as expired). */
  status: string;
  currency: string;
  issue_date: string | null;
  expiry_date: string | null;
  prices_include_tax: number;
  notes: string | null;
  terms: string | null;
  subtotal: number;
  allowance_total: number;
  charge_total: number;
  tax_total: number;
  total: number;
  /** The per-rate breakdown, JSON (as invoices.taxes). */
  taxes: string;
  buyer_reference: string | null;
  purchase_order_reference: string | null;
  finalized_at: string | null;
  sent_at: string | null;
  sent_to: string | null;
  accepted_at: string | null;
  accepted_name: string | null;
  accepted_ip: string | null;
  declined_at: string | null;
  decline_reason: string | null;
  invoice_id: string | null;
  converted_at: string | null;
  /** The customer page's token: its SHA-256 (looked up) and its sealed copy (shown, e-mailed). */
  link_token_hash: string | null;
  link_token_sealed: string | null;
  created_at: string;
  updated_at: string;
}

export type QuoteLinesTable = Omit<InvoiceLinesTable, 'invoice_id'> & { quote_id: string };
export type QuoteAdjustmentsTable = Omit<InvoiceAdjustmentsTable, 'invoice_id'> & { quote_id: string };

export interface QuoteTables {
  quotes: QuotesTable;
  quote_lines: QuoteLinesTable;
  quote_adjustments: QuoteAdjustmentsTable;
}
