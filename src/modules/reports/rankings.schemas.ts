/** Request and response schemas of the ranking reports (top customers, top products) and customer analytics. */
import { z } from 'zod';
import { IsoDate } from '../../kernel/http/schemas.ts';
import { ReportCsvLocale, ReportFormat, ReportRowLimit } from './report-response.ts';

const Period = {
  from: IsoDate.optional(),
  to: IsoDate.optional(),
};

function checkOrder(value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}

export const RankingQuery = z
  .object({
    ...Period,
    limit: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int('must be a whole number').min(1).max(100).default(10),
    format: ReportFormat,
    locale: ReportCsvLocale,
  })
  .superRefine(checkOrder);
export type RankingQueryInput = z.output<typeof RankingQuery>;

export const AnalyticsQuery = z
  .object({
    ...Period,
    limit: ReportRowLimit.meta({ description: 'Days to pay of only the `limit` slowest payers per currency, slowest first (the averages still of all); default: every customer, by name' }),
    format: ReportFormat,
    locale: ReportCsvLocale,
  })
  .superRefine(checkOrder);
export type AnalyticsQueryInput = z.output<typeof AnalyticsQuery>;

export const TopCustomer = z
  .object({
    customer_id: z.string(),
    customer_name: z.string(),
    invoiced: z.string().meta({ description: 'Invoiced net of credit notes: totals of finalized, non-void invoices issued in the period less credit notes issued in it' }),
    collected: z.string().meta({ description: 'Payments in the period (not from customer credit), less refunds in the period' }),
    outstanding: z.string().meta({ description: 'Amount due now on open and partially paid invoices' }),
    invoice_count: z.number().int(),
  })
  .meta({ id: 'TopCustomer' });

export const TopCustomers = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    currencies: z.array(z.object({ currency: z.string(), customers: z.array(TopCustomer) })),
  })
  .meta({ id: 'ReportTopCustomers' });
export type TopCustomersOut = z.output<typeof TopCustomers>;

export const TopProduct = z
  .object({
    product_id: z.string().nullable().meta({ description: 'null for the "Other items" row: lines without a product' }),
    name: z.string(),
    quantity: z.string().meta({ description: 'Exact sum of the line quantities' }),
    net_amount: z.string().meta({ description: 'Sum of the line net amounts' }),
    invoice_count: z.number().int(),
  })
  .meta({ id: 'TopProduct' });

export const TopProducts = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    currencies: z.array(z.object({ currency: z.string(), products: z.array(TopProduct) })),
  })
  .meta({ id: 'ReportTopProducts' });
export type TopProductsOut = z.output<typeof TopProducts>;

export const CustomerAnalytics = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        days_to_pay: z.object({
          average_days: z.number().int().nullable(),
          invoice_count: z.number().int(),
          customers: z.array(
            z.object({ customer_id: z.string(), customer_name: z.string(), average_days: z.number().int(), invoice_count: z.number().int() }),
          ),
          customer_count: z.number().int().optional().meta({ description: 'With ?limit: the number of customers with invoices paid in the period, listed or not' }),
        }),
        dso: z.object({
          receivables: z.string(),
          sales: z.string(),
          days: z.number().int().nullable(),
          dso: z.string().nullable(),
        }),
        customers_by_month: z.array(z.object({ month: z.string(), new_customers: z.number().int(), returning_customers: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'ReportCustomerAnalytics' });
export type CustomerAnalyticsOut = z.output<typeof CustomerAnalytics>;
