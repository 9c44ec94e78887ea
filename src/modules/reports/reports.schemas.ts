import { z } from 'zod';
import { IsoDate } from '../../kernel/http/schemas.ts';

export const SummaryQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });
export type SummaryQueryInput = z.output<typeof SummaryQuery>;

export const CurrencySummary = z
  .object({
    currency: z.string(),
    invoiced: z.string().meta({ description: 'Invoiced net of credit notes: totals of finalized, non-void invoices issued in the period less credit notes issued in it' }),
    collected: z.string().meta({ description: 'Payments received in the period (not from customer credit), less refunds in the period' }),
    outstanding: z.string().meta({ description: 'Amount due on open and partially paid invoices, now' }),
    overdue: z.string().meta({ description: 'The part of outstanding whose due date has passed' }),
    invoice_count: z.number().int().meta({ description: 'Invoices counted in invoiced' }),
    overdue_count: z.number().int().meta({ description: 'Invoices counted in overdue' }),
  })
  .meta({ id: 'CurrencySummary' });

export const Summary = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    currencies: z.array(CurrencySummary).meta({ description: 'One entry per currency, sorted by code; never summed across currencies' }),
  })
  .meta({ id: 'ReportSummary' });
export type SummaryOut = z.output<typeof Summary>;
