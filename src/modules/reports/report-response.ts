/**
 * Every report answers JSON by default and CSV with ?format=csv: the same figures, one
 * row per line of the report, ready for a spreadsheet (see shared/csv.ts for escaping).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { toCsv, type CsvCell } from '../../shared/csv.ts';

export const ReportFormat = z.enum(['json', 'csv']).default('json');

/** ?limit= for reports whose rows can number in the tens of thousands (one per customer); absent: every row. */
export const ReportRowLimit = z.coerce
  .number({ error: 'must be a whole number from 1 to 1000' })
  .int('must be a whole number')
  .min(1)
  .max(1000)
  .optional();

export interface ReportTable {
  header: string[];
  rows: CsvCell[][];
}

export function sendReport<T>(reply: FastifyReply, format: 'json' | 'csv', name: string, report: T, table: (report: T) => ReportTable): FastifyReply | T {
  if (format === 'json') return report;
  const { header, rows } = table(report);
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(header, rows));
}
