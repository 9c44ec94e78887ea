import { z } from 'zod';
import { CustomFieldsInput, CustomFieldsOut } from '../../kernel/http/custom-field-schemas.ts';
import { DECIMAL_SCALE, formatScaledTrimmed } from '../../domain/money/index.ts';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { TAX_CATEGORIES } from '../../domain/tax/index.ts';
import { AddressOut, CurrencyCode, DecimalInput, IsoDate, ListQuery, optionalText, requiredText, scaledDecimal, statusList, text } from '../../kernel/http/schemas.ts';
import { UnitPrice } from '../products/products.schemas.ts';
import { unitCodeProblem } from '../../domain/einvoice/unit-codes.ts';
import { ElectronicAddressOut } from '../../kernel/http/einvoice-schemas.ts';
import { CsvLocale, IdSelection, ListFormat, SortParam } from '../../kernel/http/csv-export.ts';

export const MAX_LINES = 500;
export const MAX_ADJUSTMENTS = 20;

const ONE_BILLION = 1_000_000_000n * 10n ** BigInt(DECIMAL_SCALE);

/** A quantity ("2", "1.5", "-1" for a return): at most 6 decimals, |q| ≤ 1,000,000,000; normalised text out. */
const Quantity = scaledDecimal(DECIMAL_SCALE, { min: -ONE_BILLION, max: ONE_BILLION, minText: '-1000000000', maxText: '1000000000' }).transform(
  (scaled) => formatScaledTrimmed(scaled, DECIMAL_SCALE),
);

/** A unit price as in products (0..999999999.999999, 6 decimals); normalised text out ("12.5"). */
const LinePrice = UnitPrice.transform((scaled) => formatScaledTrimmed(scaled, DECIMAL_SCALE));

/**
 * A line discount: an amount in the invoice currency ("5.00") or a percentage ("10%"). Its
 * syntax and range are checked with the currency by the totals (errors name lines.N.discount).
 */
const Discount = DecimalInput.transform((value) => (typeof value === 'number' ? String(value) : value.trim()))
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** Issue and due dates: real calendar dates within a sane range (so date arithmetic stays in four-digit years). */
/** A document's date (issue, due, expiry, delivery, period): a real date in a sane range. */
export const DocumentDate = IsoDate.refine((s) => s >= '1900-01-01' && s <= '2999-12-31', 'must be between 1900-01-01 and 2999-12-31');

/** A period (invoice BT-73/74, line BT-134/135): both dates or none, the start not after the end. */
function periodRefinement(value: { period_start?: string | null | undefined; period_end?: string | null | undefined }, ctx: z.RefinementCtx): void {
  const start = value.period_start ?? null;
  const end = value.period_end ?? null;
  if ((value.period_start === undefined) !== (value.period_end === undefined) || (start === null) !== (end === null)) {
    const missing = start === null ? 'period_start' : 'period_end';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'give period_start and period_end together (or both null)' });
    return;
  }
  if (start !== null && end !== null && end < start) ctx.addIssue({ code: 'custom', path: ['period_end'], message: `must not be before period_start (${start})` });
}

/** A price base quantity (BT-149): > 0, up to 6 decimals; normalised text out ("100"). */
export const BaseQuantity = scaledDecimal(DECIMAL_SCALE, { min: 1n, max: ONE_BILLION, minText: '0.000001', maxText: '1000000000' }).transform((scaled) =>
  formatScaledTrimmed(scaled, DECIMAL_SCALE),
);

/** A UN/ECE Rec 20 (or Rec 21) unit code such as "C62", "HUR", "KGM" (BT-130); null: none (the export writes C62). */
export const UnitCode = z
  .string()
  .max(3, 'must be a UN/ECE Rec 20 unit code of 1 to 3 characters, such as "C62", "HUR" or "KGM"')
  .transform((s) => s.trim().toUpperCase())
  .superRefine((code, ctx) => {
    if (code === '') return;
    const problem = unitCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .nullish()
  .transform((v) => (v === '' ? null : v));

const Id = z.string().min(1).max(64);
const OptionalId = Id.nullish();

export const LineInput = z
  .object({
    product_id: OptionalId,
    // Optional only when the line names a product that supplies it (checked with the product).
    description: text(2000).optional(),
    quantity: Quantity,
    unit_price: LinePrice.optional(),
    unit: optionalText(30).optional(),
    tax_rate_id: OptionalId,
    discount: Discount,
    unit_code: UnitCode.optional().meta({ description: 'UN/ECE Rec 20 unit code (EN 16931 BT-130), e.g. "C62" one, "H87" piece, "HUR" hour, "DAY", "MON", "KGM"; unit stays the printed label. Null: none (exports write C62)' }),
    base_quantity: BaseQuantity.optional().meta({ description: 'Price base quantity (BT-149): the unit price is for this many units; net = quantity × unit_price ÷ base_quantity. Default "1"' }),
    period_start: DocumentDate.nullish().meta({ description: 'First day of the period this line bills (BT-134); with period_end' }),
    period_end: DocumentDate.nullish().meta({ description: 'Last day of the period this line bills (BT-135); with period_start' }),
  })
  .strict()
  .superRefine((line, ctx) => periodRefinement(line, ctx));
export type LineInputValue = z.output<typeof LineInput>;

export const AdjustmentInput = z
  .object({
    reason: requiredText(200),
    amount: DecimalInput.meta({
      description: 'An amount ("25.00"), or a percentage ("5%", BT-94/BT-101) of the net amount of the lines taxed at tax_rate_id (their gross amount when prices include tax)',
    }),
    tax_rate_id: OptionalId.transform((v) => v ?? null),
  })
  .strict();
export type AdjustmentInputValue = z.output<typeof AdjustmentInput>;

/** The body an invoice shares with a quote (quotes.schemas.ts adds its expiry date to it). */
export const documentBodyFields = {
  customer_id: Id,
  currency: CurrencyCode.optional(),
  issue_date: DocumentDate.nullish(),
  prices_include_tax: z.boolean(),
  lines: z.array(LineInput).max(MAX_LINES, `must have at most ${MAX_LINES} lines`),
  allowances: z.array(AdjustmentInput).max(MAX_ADJUSTMENTS, `must have at most ${MAX_ADJUSTMENTS} allowances`),
  charges: z.array(AdjustmentInput).max(MAX_ADJUSTMENTS, `must have at most ${MAX_ADJUSTMENTS} charges`),
  notes: optionalText(5000),
  terms: optionalText(5000),
  buyer_reference: optionalText(200).optional().meta({ description: 'Buyer reference (EN 16931 BT-10), e.g. a Leitweg-ID for German public buyers; required by XRechnung' }),
  purchase_order_reference: optionalText(200).optional().meta({ description: "The buyer's purchase order number (BT-13)" }),
};

/** On create: no lines yet is an empty draft, and prices are net unless said otherwise. */
export const createBodyDefaults = {
  prices_include_tax: documentBodyFields.prices_include_tax.default(false),
  lines: documentBodyFields.lines.default([]),
  allowances: documentBodyFields.allowances.default([]),
  charges: documentBodyFields.charges.default([]),
};

/** On update: any subset; lines, allowances and charges given replace the old ones. */
export const updateBodyOptional = {
  customer_id: documentBodyFields.customer_id.optional(),
  prices_include_tax: documentBodyFields.prices_include_tax.optional(),
  lines: documentBodyFields.lines.optional(),
  allowances: documentBodyFields.allowances.optional(),
  charges: documentBodyFields.charges.optional(),
  notes: optionalText(5000).optional(),
  terms: optionalText(5000).optional(),
};

const draftFields = {
  ...documentBodyFields,
  due_date: DocumentDate.nullish(),
  delivery_date: DocumentDate.nullish().meta({ description: 'Actual delivery date (BT-72)' }),
  period_start: DocumentDate.nullish().meta({ description: 'Invoicing period start (BT-73); with period_end' }),
  period_end: DocumentDate.nullish().meta({ description: 'Invoicing period end (BT-74); with period_start' }),
  custom_fields: CustomFieldsInput,
};

export const CreateInvoice = z
  .object({
    ...draftFields,
    ...createBodyDefaults,
    /** True: issue it at once (create + finalize in one transaction; needs the accountant role). */
    finalize: z
      .boolean()
      .default(false)
      .meta({ description: 'Finalize the new invoice in the same request and transaction (accountant role or higher): it is returned open, with its number; if it cannot be finalized nothing is created.' }),
  })
  .strict()
  .superRefine((body, ctx) => periodRefinement(body, ctx));
export type CreateInvoiceInput = z.output<typeof CreateInvoice>;

/** Any subset of the create fields; lines, allowances and charges given replace the old ones. */
export const UpdateInvoice = z
  .object({
    ...draftFields,
    ...updateBodyOptional,
  })
  .strict()
  .superRefine((body, ctx) => periodRefinement(body, ctx));
export type UpdateInvoiceInput = z.output<typeof UpdateInvoice>;

// ── Responses ────────────────────────────────────────────────────────────────

const Amount = z.string().meta({ description: 'Decimal string with exactly the currency minor-unit digits, e.g. "19.90"' });

export const TaxSnapshot = z.object({
  category: z.enum(TAX_CATEGORIES),
  percentage: z.string(),
  name: z.string().nullable(),
  exemption_reason: z.string().nullable(),
  exemption_reason_code: z.string().nullable().meta({ description: 'VATEX code (BT-121) of the rate, or null' }),
});

export const InvoiceLine = z.object({
  id: z.string(),
  product_id: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string().nullable(),
  unit_code: z.string().nullable().meta({ description: 'UN/ECE Rec 20 unit code (BT-130), or null' }),
  unit_price: z.string(),
  base_quantity: z.string().meta({ description: 'Price base quantity (BT-149), "1" unless set' }),
  discount: z.string().nullable(),
  tax_rate_id: z.string().nullable(),
  tax: TaxSnapshot,
  period_start: z.string().nullable().meta({ description: 'Line period start (BT-134), or null' }),
  period_end: z.string().nullable().meta({ description: 'Line period end (BT-135), or null' }),
  net_amount: Amount,
});

export const InvoiceAdjustment = z.object({
  id: z.string(),
  reason: z.string(),
  amount: Amount.meta({ description: 'As entered, or computed from percentage (tax included when prices include tax)' }),
  net_amount: Amount,
  percentage: z.string().nullable().meta({ description: 'Entered as a percentage ("5%"): the percentage ("5", BT-94/BT-101), else null' }),
  base_amount: Amount.nullable().meta({ description: 'Entered as a percentage: the base it is taken of (BT-93/BT-100): the lines at tax_rate_id; else null' }),
  tax_rate_id: z.string().nullable(),
  tax: TaxSnapshot,
});

export const InvoiceTax = z.object({
  tax_rate_id: z.string().nullable(),
  category: z.enum(TAX_CATEGORIES),
  percentage: z.string(),
  name: z.string().nullable(),
  exemption_reason: z.string().nullable(),
  exemption_reason_code: z.string().nullable(),
  taxable_amount: Amount,
  tax_amount: Amount,
});

export const InvoiceCustomer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  address: AddressOut.nullable(),
  tax_id: z.string().nullable(),
  electronic_address: ElectronicAddressOut.nullable().meta({ description: 'BT-49 (null in snapshots frozen before it existed)' }),
  legal_registration_id: z.string().nullable().meta({ description: 'BT-47' }),
});
export type InvoiceCustomerOut = z.output<typeof InvoiceCustomer>;

const summaryFields = {
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  customer_id: z.string(),
  customer: InvoiceCustomer.meta({ description: 'The live customer while draft; the frozen snapshot once finalized' }),
  currency: z.string(),
  issue_date: z.string().nullable(),
  due_date: z.string().nullable(),
  prices_include_tax: z.boolean(),
  subtotal: Amount,
  allowance_total: Amount,
  charge_total: Amount,
  tax_total: Amount,
  taxes: z.array(InvoiceTax),
  total: Amount,
  amount_paid: Amount,
  amount_credited: Amount,
  amount_due: Amount,
  overdue: z.boolean(),
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  finalized_at: z.string().nullable(),
  paid_at: z.string().nullable(),
  voided_at: z.string().nullable(),
  uncollectible_at: z.string().nullable(),
  sent_at: z.string().nullable().meta({
    description:
      'When sending by e-mail was last requested (POST /invoices/{id}/send): the message was stored then (queued, or kept in the outbox without a mail server), not necessarily delivered — see last_email',
  }),
  sent_to: z.string().nullable().meta({ description: 'The address it was last sent to' }),
  viewed_at: z.string().nullable().meta({
    description: "When the customer first opened the invoice's page (its customer link or the customer portal; not staff, not PDF downloads); set once (event invoice.viewed)",
  }),
  subscription_id: z.string().nullable().meta({ description: 'The subscription (recurring billing) that generated it, or null' }),
  period_start: z.string().nullable().meta({ description: 'First day of the invoicing period (BT-73, inclusive): the period a generated invoice bills, or one set on the draft; null: none' }),
  period_end: z.string().nullable().meta({ description: 'Last day of the invoicing period (BT-74, inclusive), or null' }),
  late_fee_for_invoice_id: z.string().nullable().meta({ description: 'A late-fee invoice: the overdue invoice it charges for (GET /invoices/{id}/reminders lists the other way), or null' }),
  buyer_reference: z.string().nullable().meta({ description: 'Buyer reference (BT-10), e.g. a Leitweg-ID' }),
  purchase_order_reference: z.string().nullable().meta({ description: 'Purchase order reference (BT-13)' }),
  delivery_date: z.string().nullable().meta({ description: 'Actual delivery date (BT-72)' }),
  custom_fields: CustomFieldsOut,
  created_at: z.string(),
  updated_at: z.string(),
};

/** Delivery states of an e-mail message, as the outbox (GET /emails) shows them. */
export const EMAIL_DELIVERY_STATUSES = ['outbox', 'queued', 'sending', 'sent', 'failed'] as const;

export const InvoiceLastEmail = z
  .object({
    id: z.string().meta({ description: 'The message (GET /emails/{id})' }),
    status: z.enum(EMAIL_DELIVERY_STATUSES).meta({
      description:
        'outbox: kept, not delivered (no mail server configured); queued: waiting for (another) delivery attempt; sending: being handed to the mail server; ' +
        'sent: the mail server accepted it; failed: given up (see error)',
    }),
    to: z.string().meta({ description: 'The recipient' }),
    queued_at: z.string().meta({ description: 'When the message was stored (the sending request)' }),
    sent_at: z.string().nullable().meta({ description: 'When the mail server accepted it; null until then' }),
    attempts: z.number().int(),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed, or why it was not sent' }),
  })
  .meta({ id: 'InvoiceLastEmail' });
export type InvoiceLastEmailOut = z.output<typeof InvoiceLastEmail>;

export const InvoiceSummary = z.object(summaryFields).meta({ id: 'InvoiceSummary' });
export type InvoiceSummaryOut = z.output<typeof InvoiceSummary>;

export const Invoice = z
  .object({
    ...summaryFields,
    lines: z.array(InvoiceLine),
    allowances: z.array(InvoiceAdjustment),
    charges: z.array(InvoiceAdjustment),
    last_email: InvoiceLastEmail.nullable().meta({
      description: 'Where the last sending by e-mail stands (null: never sent). sent_at/sent_to say when and to whom it was requested, this says whether it was delivered',
    }),
  })
  .meta({ id: 'Invoice' });
export type InvoiceOut = z.output<typeof Invoice>;

/** One status or several, comma-separated: ?status=open,partially_paid */
/** The fields GET /invoices sorts by (`?sort=total`, `?sort=-issue_date`). */
export const INVOICE_SORT_FIELDS = ['number', 'issue_date', 'due_date', 'total', 'amount_due', 'status', 'customer_name', 'created_at'] as const;

const StatusList = statusList(INVOICE_STATUSES);

export const InvoiceListQuery = ListQuery.extend({
  status: StatusList.optional(),
  customer_id: Id.optional(),
  subscription_id: Id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  currency: CurrencyCode.optional(),
  ids: IdSelection,
  sort: SortParam(INVOICE_SORT_FIELDS),
  format: ListFormat,
  locale: CsvLocale,
});
export type InvoiceListQueryInput = z.output<typeof InvoiceListQuery>;

export const InvoiceList = z.object({
  data: z.array(InvoiceSummary),
  next_cursor: z.string().nullable(),
  total: z.number().int().meta({ description: 'How many invoices match the filters (all pages)' }),
}).meta({ id: 'InvoiceList' });
