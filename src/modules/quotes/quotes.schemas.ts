/**
 * Quotes in the API: the invoice's body (customer, currency, lines with products, tax rates
 * and discounts, allowances and charges, notes, terms) plus `expiry_date`; the answer fields
 * (accepted by whom, when, from which address; declined and why) and the invoice it became.
 * Lines and adjustments reuse the invoice schemas, so both validate and read alike.
 */
import { z } from 'zod';
import { ListQuery, optionalText, requiredText, statusList } from '../../kernel/http/schemas.ts';
import {
  createBodyDefaults,
  DocumentDate,
  documentBodyFields,
  InvoiceAdjustment,
  InvoiceCustomer,
  InvoiceLine,
  InvoiceTax,
  updateBodyOptional,
} from '../invoices/invoices.schemas.ts';

export const QUOTE_STATUSES = ['draft', 'open', 'accepted', 'declined', 'expired', 'invoiced'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** The default validity of a quote finalized without an expiry date. */
export const DEFAULT_VALIDITY_DAYS = 30;


const draftFields = {
  ...documentBodyFields,
  expiry_date: DocumentDate.nullish().meta({ description: `Valid until (inclusive); null: ${DEFAULT_VALIDITY_DAYS} days after the issue date, set when finalized` }),
};

export const CreateQuote = z
  .object({ ...draftFields, ...createBodyDefaults })
  .strict();
export type CreateQuoteInput = z.output<typeof CreateQuote>;

/** Any subset of the create fields; lines, allowances and charges given replace the old ones. */
export const UpdateQuote = z
  .object({ ...draftFields, ...updateBodyOptional })
  .strict();
export type UpdateQuoteInput = z.output<typeof UpdateQuote>;

export const AcceptQuote = z.object({ name: requiredText(200).meta({ description: 'Who accepts, as they sign' }) }).strict();
export const DeclineQuote = z
  .object({ reason: optionalText(2000).optional() })
  .strict()
  .nullish()
  .transform((v) => v ?? {});

const Amount = z.string().meta({ description: 'Decimal string with exactly the currency minor-unit digits, e.g. "19.90"' });

const summaryFields = {
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(QUOTE_STATUSES).meta({ description: 'An open quote past its expiry date reads as expired' }),
  customer_id: z.string(),
  customer: InvoiceCustomer,
  currency: z.string(),
  issue_date: z.string().nullable(),
  expiry_date: z.string().nullable(),
  prices_include_tax: z.boolean(),
  subtotal: Amount,
  allowance_total: Amount,
  charge_total: Amount,
  tax_total: Amount,
  taxes: z.array(InvoiceTax),
  total: Amount,
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  buyer_reference: z.string().nullable(),
  purchase_order_reference: z.string().nullable(),
  finalized_at: z.string().nullable(),
  sent_at: z.string().nullable(),
  sent_to: z.string().nullable(),
  accepted_at: z.string().nullable(),
  accepted_name: z.string().nullable(),
  accepted_ip: z.string().nullable().meta({ description: 'The address the acceptance came from' }),
  declined_at: z.string().nullable(),
  decline_reason: z.string().nullable(),
  invoice_id: z.string().nullable().meta({ description: 'The invoice it was converted into (POST /quotes/{id}/convert)' }),
  converted_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};

export const QuoteSummary = z.object(summaryFields).meta({ id: 'QuoteSummary' });
export type QuoteSummaryOut = z.output<typeof QuoteSummary>;

export const Quote = z
  .object({
    ...summaryFields,
    lines: z.array(InvoiceLine),
    allowances: z.array(InvoiceAdjustment),
    charges: z.array(InvoiceAdjustment),
    public_url: z.string().nullable().meta({ description: "The customer's page (accept or decline online); null while draft" }),
  })
  .meta({ id: 'Quote' });
export type QuoteOut = z.output<typeof Quote>;

const StatusList = statusList(QUOTE_STATUSES);

export const QuoteListQuery = ListQuery.extend({
  status: StatusList.optional(),
  customer_id: documentBodyFields.customer_id.optional(),
  q: z.string().max(200).optional(),
});
export type QuoteListQueryInput = z.output<typeof QuoteListQuery>;

export const QuoteList = z
  .object({
    data: z.array(QuoteSummary),
    next_cursor: z.string().nullable(),
    total: z.number().int().meta({ description: 'How many quotes match the filters (all pages)' }),
  })
  .meta({ id: 'QuoteList' });
