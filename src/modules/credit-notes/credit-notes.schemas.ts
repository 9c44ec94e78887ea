import { z } from 'zod';
import { DecimalInput, IsoDate, ListQuery, requiredText } from '../../kernel/http/schemas.ts';
import { BaseQuantity, UnitCode } from '../invoices/invoices.schemas.ts';

const CreditLine = z
  .object({
    invoice_line_id: z.string().max(64).optional(),
    description: requiredText(1000).optional(),
    quantity: DecimalInput.optional(),
    unit_price: DecimalInput.optional(),
    tax_rate_id: z.string().max(64).nullish(),
    unit_code: UnitCode.optional().meta({ description: 'Free lines: UN/ECE Rec 20 unit code (BT-130); a credited invoice line keeps its own' }),
    base_quantity: BaseQuantity.optional().meta({ description: 'Free lines: price base quantity (BT-149), default "1"; a credited invoice line keeps its own' }),
  })
  .strict();

const CreditAmount = z
  .object({
    tax_rate_id: z.string().max(64).meta({ description: 'A tax rate used on the invoice (a line’s, allowance’s or charge’s)' }),
    amount: DecimalInput.meta({ description: 'Gross (tax included), credited at that rate' }),
  })
  .strict();

const CreditNoteBody = z.object({
  reason: requiredText(1000),
  issue_date: IsoDate.optional(),
  amount: DecimalInput.optional().meta({ description: 'A gross amount (tax included) credited at one tax rate of the invoice' }),
  tax_rate_id: z
    .string()
    .max(64)
    .nullish()
    .meta({ description: 'With amount: the invoice’s tax rate the amount is credited at; required when the invoice has several rates' }),
  amounts: z
    .array(CreditAmount)
    .min(1)
    .max(50)
    .optional()
    .meta({ description: 'By amount per tax rate: one gross amount (tax included) per tax rate of the invoice, each credited at its rate' }),
  lines: z.array(CreditLine).min(1).max(500).optional(),
});

type CreditNoteBodyInput = { amount?: unknown; amounts?: unknown; lines?: unknown; tax_rate_id?: string | null | undefined };

/** Exactly one of amount, amounts and lines; tax_rate_id only beside amount. */
function oneKind(body: CreditNoteBodyInput, ctx: z.RefinementCtx) {
  const given = [body.amount, body.amounts, body.lines].filter((v) => v !== undefined).length;
  if (given !== 1) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'give either amount, amounts or lines (exactly one)' });
  }
  if (body.amount === undefined && body.tax_rate_id !== undefined && body.tax_rate_id !== null) {
    ctx.addIssue({ code: 'custom', path: ['tax_rate_id'], message: body.amounts !== undefined ? 'goes with amount; each of amounts names its own tax rate' : 'goes with amount; lines carry their own tax rate' });
  }
}

export const CreateCreditNote = CreditNoteBody.strict().superRefine(oneKind);

export type CreateCreditNoteInput = z.output<typeof CreateCreditNote>;

/** The same body without issuing anything: the reason may still be empty. */
export const PreviewCreditNote = CreditNoteBody.extend({ reason: z.string().max(1000).optional() }).strict().superRefine(oneKind);

export type PreviewCreditNoteInput = z.output<typeof PreviewCreditNote>;

const TaxOut = z.object({
  category: z.string(),
  percentage: z.string(),
  name: z.string().nullable(),
  exemption_reason: z.string().nullable(),
  exemption_reason_code: z.string().nullable().meta({ description: 'VATEX code (BT-121), or null' }),
});

export const CreditNote = z
  .object({
    id: z.string(),
    number: z.string(),
    invoice_id: z.string(),
    invoice_number: z.string().nullable(),
    customer_id: z.string(),
    customer: z.record(z.string(), z.unknown()),
    currency: z.string(),
    reason: z.string(),
    issue_date: z.string(),
    lines: z.array(
      z.object({
        invoice_line_id: z.string().nullable(),
        description: z.string(),
        quantity: z.string(),
        unit_price: z.string(),
        unit_code: z.string().nullable().meta({ description: 'UN/ECE Rec 20 unit code (BT-130), copied from the credited invoice line' }),
        base_quantity: z.string().meta({ description: 'Price base quantity (BT-149), copied from the credited invoice line; "1" unless set' }),
        discount: z.string().nullable().describe('For a credited invoice line: its discount for the credited quantity'),
        tax_rate_id: z.string().nullable(),
        tax: TaxOut,
        net_amount: z.string(),
      }),
    ),
    subtotal: z.string(),
    tax_total: z.string(),
    taxes: z.array(
      z.object({
        tax_rate_id: z.string().nullable(),
        category: z.string(),
        percentage: z.string(),
        exemption_reason: z.string().nullable(),
        exemption_reason_code: z.string().nullable().meta({ description: 'VATEX code (BT-121), or null' }),
        taxable_amount: z.string(),
        tax_amount: z.string(),
      }),
    ),
    total: z.string(),
    applied_amount: z.string().describe('The part that lowered the invoice’s amount due'),
    credit_amount: z.string().describe('The part that became customer credit (the invoice was already paid)'),
    created_at: z.string(),
  })
  .meta({ id: 'CreditNote' });

export type CreditNoteOut = z.output<typeof CreditNote>;

export const CreditNoteListQuery = ListQuery.extend({
  invoice_id: z.string().max(64).optional(),
  customer_id: z.string().max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const CreditNoteList = z.object({ data: z.array(CreditNote), next_cursor: z.string().nullable() });

export const CreditNotePreview = CreditNote.pick({
  currency: true,
  lines: true,
  subtotal: true,
  tax_total: true,
  taxes: true,
  total: true,
  applied_amount: true,
  credit_amount: true,
}).meta({ id: 'CreditNotePreview', description: 'What the credit note would credit, computed exactly as when it is issued; nothing is stored' });

export type CreditNotePreviewOut = z.output<typeof CreditNotePreview>;
