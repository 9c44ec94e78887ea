import { z } from 'zod';
import { IdParams, IsoDate } from '../../kernel/http/schemas.ts';
import { ReportCsvLocale, ReportFormat, ReportRowLimit } from './report-response.ts';

export const AgingQuery = z.object({
  as_of: IsoDate.optional().meta({ description: 'The date the invoices are aged at (default: today)' }),
  customer_id: IdParams.shape.id.optional().meta({ description: 'Only this customer' }),
  limit: ReportRowLimit.meta({ description: 'Only the customers with the largest totals, per currency (totals still cover every customer); default: all' }),
  format: ReportFormat,
  locale: ReportCsvLocale,
});
export type AgingQueryInput = z.output<typeof AgingQuery>;

const bucketFields = {
  current: z.string().meta({ description: 'Not yet due, or due on as_of' }),
  days_1_30: z.string(),
  days_31_60: z.string(),
  days_61_90: z.string(),
  days_over_90: z.string(),
  total: z.string(),
};

export const AgingRow = z
  .object({ customer_id: z.string(), customer_name: z.string(), ...bucketFields })
  .meta({ id: 'AgingRow' });

export const AgingCurrency = z
  .object({
    currency: z.string(),
    rows: z.array(AgingRow).meta({ description: 'One row per customer, by total (largest first), then name' }),
    totals: z.object(bucketFields).meta({ description: 'The exact sum of the rows (with ?limit: of every customer, shown or not)' }),
    customer_count: z.number().int().optional().meta({ description: 'With ?limit: the number of customers with an amount due, shown or not' }),
  })
  .meta({ id: 'AgingCurrency' });

export const AgingReport = z
  .object({
    as_of: z.string(),
    currencies: z.array(AgingCurrency).meta({ description: 'One entry per currency, sorted by code; never summed across currencies' }),
  })
  .meta({
    id: 'ReportAging',
    description:
      'The current amount due of each open or partially paid invoice issued on or before as_of, bucketed by days past its due date at as_of. ' +
      'Amounts are what is due now (payments and credit notes made after as_of are already deducted); uncollectible invoices are left out, as in the summary.',
  });
export type AgingReportOut = z.output<typeof AgingReport>;
