import { z } from 'zod';
import { PERIOD_UNITS } from '../../domain/periods.ts';
import { IsoDate } from '../../kernel/http/schemas.ts';
import { ReportCsvLocale, ReportFormat } from './report-response.ts';

function toNotBeforeFrom(value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

export const SalesQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    group_by: z.enum(PERIOD_UNITS, { error: `must be one of ${PERIOD_UNITS.join(', ')}` }).default('month'),
    customer_id: z.string().min(1).max(64).optional(),
    format: ReportFormat,
    locale: ReportCsvLocale,
  })
  .superRefine(toNotBeforeFrom);
export type SalesQueryInput = z.output<typeof SalesQuery>;

export const TaxesQuery = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    format: ReportFormat,
    locale: ReportCsvLocale,
  })
  .superRefine(toNotBeforeFrom);
export type TaxesQueryInput = z.output<typeof TaxesQuery>;

export const SalesPeriod = z
  .object({
    period: z.string().meta({ description: 'First day of the period (ISO weeks start on Monday)' }),
    net: z.string().nullable().meta({ description: 'Net amount (null in the revenue report)' }),
    tax: z.string().nullable().meta({ description: 'Tax amount (null in the revenue report)' }),
    total: z.string(),
    count: z.number().int().meta({ description: 'Invoices issued (sales) or payments received (revenue) in the period' }),
  })
  .meta({ id: 'SalesPeriod' });

export const SalesReport = z
  .object({
    group_by: z.enum(PERIOD_UNITS),
    currencies: z
      .array(z.object({ currency: z.string(), periods: z.array(SalesPeriod) }))
      .meta({ description: 'One entry per currency, sorted by code; never summed across currencies. Only periods with activity, ascending.' }),
  })
  .meta({ id: 'SalesReport' });
export type SalesReportOut = z.output<typeof SalesReport>;

export const TaxRateTotal = z
  .object({
    tax_rate_id: z.string().nullable(),
    name: z.string().nullable(),
    category: z.string(),
    percentage: z.string(),
    taxable_amount: z.string(),
    tax_amount: z.string(),
  })
  .meta({ id: 'TaxRateTotal' });

export const TaxesReport = z
  .object({
    currencies: z.array(z.object({ currency: z.string(), rates: z.array(TaxRateTotal) })),
  })
  .meta({ id: 'TaxesReport' });
export type TaxesReportOut = z.output<typeof TaxesReport>;
