/**
 * Factories for billing data (tax rates, draft and finalized invoices), made through the
 * public API like the other factories. Shared by the invoice, payment and credit-note suites.
 */
import { expect } from 'vitest';
import { createCustomer, unique } from './factories.ts';
import type { Client } from './http.ts';

export interface TaxRateFields {
  percentage: string | number;
  category?: string;
  name?: string;
  exemption_reason?: string | null;
}

/** A tax rate of the client's organization (needs the accountant role or higher). */
export async function createTaxRate(client: Client, fields: TaxRateFields): Promise<any> {
  const response = await client.post('/api/v1/tax-rates', { name: unique(`VAT ${fields.percentage}%`), ...fields });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

export interface InvoiceLineFields {
  product_id?: string;
  description?: string;
  quantity?: string | number;
  unit_price?: string | number;
  unit?: string | null;
  tax_rate_id?: string | null;
  discount?: string | null;
}

export interface DraftInvoiceFields {
  /** The customer to bill; a new one (with `customer` fields, if any) is created when omitted. */
  customerId?: string;
  customer?: Record<string, unknown>;
  currency?: string;
  issue_date?: string | null;
  due_date?: string | null;
  prices_include_tax?: boolean;
  /** Default: one line "Consulting", 1 × 100.00, no tax rate. */
  lines?: InvoiceLineFields[];
  allowances?: { reason: string; amount: string | number; tax_rate_id: string | null }[];
  charges?: { reason: string; amount: string | number; tax_rate_id: string | null }[];
  notes?: string | null;
  terms?: string | null;
}

export const DEFAULT_LINE = { description: 'Consulting', quantity: '1', unit_price: '100.00' } as const;

/** The request body POST /invoices receives for these fields. */
export function draftBody(customerId: string, fields: DraftInvoiceFields = {}): Record<string, unknown> {
  const { customerId: _ignored, customer: _customer, lines, ...rest } = fields;
  return { customer_id: customerId, lines: lines ?? [{ ...DEFAULT_LINE }], ...rest };
}

/** A draft invoice (needs the sales role or higher). Returns the API's invoice. */
export async function draftInvoice(client: Client, fields: DraftInvoiceFields = {}): Promise<any> {
  const customerId = fields.customerId ?? (await createCustomer(client, fields.customer ?? {})).id;
  const response = await client.post('/api/v1/invoices', draftBody(customerId as string, fields));
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/** Finalizes an existing draft (needs the accountant role or higher). Returns the finalized invoice. */
export async function finalizeInvoice(client: Client, invoiceId: string): Promise<any> {
  const response = await client.post(`/api/v1/invoices/${invoiceId}/finalize`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/**
 * A finalized (open, numbered) invoice: a draft made with `fields`, then finalized.
 * With the defaults it totals 100.00 in the organization's currency, due per payment terms.
 */
export async function finalizedInvoice(client: Client, fields: DraftInvoiceFields = {}): Promise<any> {
  const draft = await draftInvoice(client, fields);
  return finalizeInvoice(client, draft.id as string);
}
