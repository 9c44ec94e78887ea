import { z } from 'zod';
import { CurrencyCode, IsoDate } from '../../kernel/http/schemas.ts';
import { ReportCsvLocale, ReportFormat } from './report-response.ts';

export const StatementQuery = z
  .object({
    from: IsoDate.optional().meta({ description: 'First day of the statement; everything before it makes up the opening balance' }),
    to: IsoDate.optional().meta({ description: 'Last day of the statement (default: no end)' }),
    currency: CurrencyCode.optional().meta({ description: "Default: the customer's currency, else the organization's" }),
    format: ReportFormat,
    locale: ReportCsvLocale,
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });
export type StatementQueryInput = z.output<typeof StatementQuery>;

export const STATEMENT_ENTRY_TYPES = ['invoice', 'credit_note', 'payment', 'refund'] as const;
export type StatementEntryType = (typeof STATEMENT_ENTRY_TYPES)[number];

export const StatementEntry = z
  .object({
    date: z.string(),
    type: z.enum(STATEMENT_ENTRY_TYPES),
    number: z.string().optional().meta({ description: 'The invoice or credit note number; for a payment or refund, the invoice it concerns' }),
    amount: z.string().meta({ description: 'Signed: invoices and refunds raise what the customer owes, credit notes and payments lower it' }),
    balance: z.string().meta({ description: 'Running balance after this entry' }),
  })
  .meta({ id: 'StatementEntry' });

export const Statement = z
  .object({
    customer_id: z.string(),
    currency: z.string(),
    opening_balance: z.string(),
    entries: z.array(StatementEntry).meta({ description: 'By date, then invoice, credit note, payment, refund, then id' }),
    closing_balance: z.string(),
  })
  .meta({
    id: 'CustomerStatement',
    description:
      'What the customer owes in one currency (negative: what the organization owes them). Invoices (finalized, not void, by issue date) add their total; ' +
      'credit notes subtract theirs; payments received subtract their amount and refunds add theirs back, by their dates. Applying customer credit ' +
      'moves money already counted (it is not a payment here). So the closing balance without `to` equals the amount due on the customer\'s open, ' +
      'partially paid and uncollectible invoices less their unused customer credit.',
  });
export type StatementOut = z.output<typeof Statement>;
