/**
 * CSV export of a list (`?format=csv`): every row matching the list's filters, streamed page by
 * page from the database (never the whole file in memory), in the reader's spreadsheet dialect:
 * `?locale=` or else Accept-Language; German, French and Spanish get ";" between cells and a
 * decimal comma, English "," and ".". The header row speaks that language, dates stay ISO,
 * and a BOM lets Excel read UTF-8. Cells are formula-safe (shared/csv.ts).
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { csvLocaleCell, type CsvCell } from '../../shared/csv.ts';
import { formatAmount } from '../../domain/money/index.ts';

export type CsvLanguage = 'en' | 'de' | 'fr' | 'es';

export interface CsvDialect {
  language: CsvLanguage;
  delimiter: string;
  decimal: string;
}

export type CsvValue = CsvCell | { decimal: string };

export interface CsvColumn<Row> {
  header: Record<CsvLanguage, string>;
  value: (row: Row) => CsvValue;
}

/** `?format=` of a list: JSON (a page) or CSV (every matching row). */
export const ListFormat = z.enum(['json', 'csv']).default('json');
/** `?locale=` of a CSV export: a BCP 47 tag such as `de` or `de-DE`. */
export const CsvLocale = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as "de" or "de-DE"')
  .optional();
/** `?ids=a,b,c`: only these rows (an "export selection"); at most 1000. */
export const IdSelection = z
  .string()
  .max(70_000)
  .transform((value, ctx) => {
    const ids = [...new Set(value.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
    if (ids.length === 0 || ids.length > 1000 || ids.some((id) => id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id))) {
      ctx.issues.push({ code: 'custom', message: 'must be 1 to 1000 comma-separated ids', input: value });
      return z.NEVER;
    }
    return ids;
  })
  .optional();

function languageOf(tag: string | undefined): CsvLanguage | undefined {
  const primary = tag?.trim().split(/[-_;]/)[0]?.toLowerCase();
  return primary === 'de' || primary === 'fr' || primary === 'es' || primary === 'en' ? primary : undefined;
}

/** The dialect for `?locale=`, else the first known language of Accept-Language, else English. */
export function csvDialect(locale: string | undefined, acceptLanguage: string | undefined): CsvDialect {
  let language = languageOf(locale);
  if (language === undefined && locale === undefined && acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      language = languageOf(part);
      if (language !== undefined) break;
    }
  }
  language ??= 'en';
  return language === 'en' ? { language, delimiter: ',', decimal: '.' } : { language, delimiter: ';', decimal: ',' };
}

/** An amount in minor units as a CSV number. */
export function csvAmount(minor: number | bigint, currency: string): { decimal: string } {
  return { decimal: formatAmount(BigInt(minor), currency) };
}

function line(cells: readonly CsvValue[], dialect: CsvDialect): string {
  return cells.map((cell) => csvLocaleCell(cell, dialect.delimiter, dialect.decimal)).join(dialect.delimiter) + '\r\n';
}

/**
 * Streams the CSV: `pages` yields the rows a page at a time (each page read when the previous
 * one has been written). `name` is the file name without extension ([a-z0-9-] only).
 */
export function sendCsv<Row>(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  locale: string | undefined,
  columns: readonly CsvColumn<Row>[],
  pages: () => AsyncIterable<Row[]>,
): FastifyReply {
  const dialect = csvDialect(locale, request.headers['accept-language']);
  async function* chunks(): AsyncGenerator<string> {
    yield '\uFEFF' + line(columns.map((column) => column.header[dialect.language]), dialect);
    for await (const rows of pages()) {
      if (rows.length > 0) yield rows.map((row) => line(columns.map((column) => column.value(row)), dialect)).join('');
    }
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.csv"`)
    .send(Readable.from(chunks(), { objectMode: false }));
}

/** Walks a keyset-paginated list to its end, `size` rows at a time. */
export async function* allPages<Row>(fetch: (cursor: string | undefined) => Promise<{ rows: Row[]; next: string | null }>): AsyncGenerator<Row[]> {
  let cursor: string | undefined;
  for (;;) {
    const { rows, next } = await fetch(cursor);
    yield rows;
    if (next === null) return;
    cursor = next;
  }
}

/** `?sort=` of a list: one of `fields` (ascending) or `-field` (descending); anything else is a 422 naming `sort`. */
export function SortParam(fields: readonly [string, ...string[]]) {
  const values = fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional();
}

/** Rows read per database round trip while exporting. */
export const CSV_PAGE = 500;

/** `?sort=` of customers and products: the original `created` (newest first, the default) and `name`, or a sortable field. */
export function CatalogueSortParam(fields: readonly [string, ...string[]]) {
  const values = ['created', ...fields.flatMap((field) => [field, `-${field}`])] as [string, ...string[]];
  return z.enum(values, { error: `must be one of ${values.join(', ')}` }).default('created');
}
