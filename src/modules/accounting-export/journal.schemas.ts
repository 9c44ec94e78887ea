/** Query and response of GET /exports/journal. */
import { z } from 'zod';
import { CsvLocale } from '../../kernel/http/csv-export.ts';
import { CurrencyCode, IsoDate } from '../../kernel/http/schemas.ts';

/** The longest period one export covers. */
export const MAX_JOURNAL_DAYS = 366;

export const JournalQuery = z
  .object({
    from: IsoDate.meta({ description: 'First day (issue, payment and refund dates), inclusive' }),
    to: IsoDate.meta({ description: 'Last day, inclusive' }),
    format: z.enum(['json', 'csv', 'datev']).default('json'),
    currency: CurrencyCode.optional().meta({ description: "One journal per currency: default the organization's currency" }),
    locale: CsvLocale,
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      return;
    }
    const days = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000;
    if (days >= MAX_JOURNAL_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be less than ${MAX_JOURNAL_DAYS} days after from` });
    if (query.format === 'datev' && query.from.slice(0, 4) !== query.to.slice(0, 4)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be in the same calendar year as from for a DATEV batch' });
    }
  });

const Amount = z.string().meta({ description: 'Decimal string in the journal currency' });

export const JournalOut = z
  .object({
    currency: z.string(),
    from: z.string(),
    to: z.string(),
    lines: z.array(
      z.object({
        entry: z.number().int().meta({ description: 'Lines of one entry (one document) share it and balance' }),
        kind: z.enum(['invoice', 'credit_note', 'payment', 'refund']),
        date: z.string(),
        document_number: z.string(),
        account: z.string(),
        debit: Amount,
        credit: Amount,
        currency: z.string(),
        tax_code: z.string().nullable(),
        text: z.string(),
      }),
    ),
    totals: z.object({ debit: Amount, credit: Amount }),
  })
  .meta({ id: 'Journal' });
