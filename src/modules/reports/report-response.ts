/**
 * Every report answers JSON by default and CSV with ?format=csv: the same figures, one
 * row per line of the report, ready for a spreadsheet (see shared/csv.ts for escaping).
 * Without `?locale=` the CSV is the machine one (field names, "," and "."), which programs
 * read; with it, the CSV is made for people in that language: headers in words, no id
 * columns, and the spreadsheet dialect of the language (";" and decimal comma in de/fr/es).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { csvLocaleCell, toCsv, type CsvCell } from '../../shared/csv.ts';
import { CsvLocale, csvDialect, type CsvDialect } from '../../kernel/http/csv-export.ts';
import { REPORT_COLUMNS, TOTAL_WORD } from './report-csv-columns.ts';

export const ReportCsvLocale = CsvLocale.meta({
  description: 'With format=csv: a CSV for people in this language (de, fr, es: ";" and decimal comma; en: "," and "."), headers in words, no id columns. Absent: the machine CSV (field names, "," and ".")',
});

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

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** The report table for people: id columns left out, headers in words, amounts as the dialect's numbers. */
export function peopleCsv({ header, rows }: ReportTable, dialect: CsvDialect): string {
  const keep = header.map((name, i) => ({ name, i })).filter(({ name }) => !name.endsWith('_id'));
  const line = (cells: string[]) => cells.join(dialect.delimiter) + '\r\n';
  const head = line(keep.map(({ name }) => csvLocaleCell(REPORT_COLUMNS[name]?.label[dialect.language] ?? name, dialect.delimiter, dialect.decimal)));
  const body = rows.map((row) =>
    line(
      keep.map(({ name, i }) => {
        const value = row[i];
        if (value === 'TOTAL') return csvLocaleCell(TOTAL_WORD[dialect.language], dialect.delimiter, dialect.decimal);
        const text = typeof value === 'number' ? String(value) : value;
        if (REPORT_COLUMNS[name]?.amount && typeof text === 'string' && PLAIN_DECIMAL.test(text)) return csvLocaleCell({ decimal: text }, dialect.delimiter, dialect.decimal);
        return csvLocaleCell(value, dialect.delimiter, dialect.decimal);
      }),
    ),
  );
  return '\uFEFF' + head + body.join('');
}

export function sendReport<T>(reply: FastifyReply, format: 'json' | 'csv', name: string, report: T, table: (report: T) => ReportTable, locale?: string): FastifyReply | T {
  if (format === 'json') return report;
  const csv = locale === undefined ? toCsv(table(report).header, table(report).rows) : peopleCsv(table(report), csvDialect(locale, undefined));
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`)
    .send(csv);
}
