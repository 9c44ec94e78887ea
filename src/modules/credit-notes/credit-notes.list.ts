/**
 * GET /credit-notes: filters, search (number, invoice number, customer), `?sort=`, the total
 * count and the CSV export. Credit notes are newest first unless sorted.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { CurrencyCode, IsoDate, ListQuery } from '../../kernel/http/schemas.ts';
import { allPages, csvDialect, CsvLocale, CSV_PAGE, IdSelection, ListFormat, sendCsv, SortParam, type CsvColumn, type CsvLanguage } from '../../kernel/http/csv-export.ts';
import { containsPattern } from '../../db/dialect.ts';
import { amount, applySort, countRows, sortedPage, text, type SortSpec } from '../../db/sorted-list.ts';
import { decodeCursor, toPage, type Page } from '../../shared/pagination.ts';
import { creditNoteOut } from './credit-notes.repo.ts';
import { CreditNote } from './credit-notes.schemas.ts';

export const CREDIT_NOTE_SORT_FIELDS = ['number', 'issue_date', 'total', 'customer_name'] as const;

export const CreditNoteListQuery = ListQuery.extend({
  invoice_id: z.string().max(64).optional(),
  customer_id: z.string().max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  currency: CurrencyCode.optional(),
  q: z.string().max(200).optional(),
  ids: IdSelection,
  sort: SortParam(CREDIT_NOTE_SORT_FIELDS),
  format: ListFormat,
  locale: CsvLocale,
});
export type CreditNoteListQueryInput = z.output<typeof CreditNoteListQuery>;

export const CreditNoteListItem = CreditNote.extend({ customer_name: z.string() }).meta({ id: 'CreditNoteListItem' });
export type CreditNoteListItemOut = z.output<typeof CreditNoteListItem>;

export const CreditNoteList = z.object({
  data: z.array(CreditNoteListItem),
  next_cursor: z.string().nullable(),
  total: z.number().int().meta({ description: 'How many credit notes match the filters (all pages)' }),
});

const CREDIT_NOTE_SORT: SortSpec = {
  number: [text('credit_notes.number')],
  issue_date: [text('credit_notes.issue_date')],
  total: amount('credit_notes.currency', 'credit_notes.total'),
  customer_name: [text('customers.name')],
};

function filtered(db: Executor, orgId: string, query: CreditNoteListQueryInput) {
  let q = db
    .selectFrom('credit_notes')
    .innerJoin('invoices', (join) => join.onRef('invoices.id', '=', 'credit_notes.invoice_id').on('invoices.organization_id', '=', orgId))
    .innerJoin('customers', (join) => join.onRef('customers.id', '=', 'credit_notes.customer_id').on('customers.organization_id', '=', orgId))
    .where('credit_notes.organization_id', '=', orgId)
    .selectAll('credit_notes')
    .select(['invoices.number as invoice_number', 'customers.name as customer_name']);
  if (query.ids !== undefined) q = q.where('credit_notes.id', 'in', query.ids);
  if (query.invoice_id) q = q.where('credit_notes.invoice_id', '=', query.invoice_id);
  if (query.customer_id) q = q.where('credit_notes.customer_id', '=', query.customer_id);
  if (query.currency) q = q.where('credit_notes.currency', '=', query.currency);
  if (query.from) q = q.where('credit_notes.issue_date', '>=', query.from);
  if (query.to) q = q.where('credit_notes.issue_date', '<=', query.to);
  if (query.q !== undefined && query.q.trim() !== '') {
    const pattern = sql`${containsPattern(query.q.trim())} escape '\\'`;
    q = q.where((eb) =>
      eb.or([eb(sql`lower(credit_notes.number)`, 'like', pattern), eb(sql`lower(invoices.number)`, 'like', pattern), eb(sql`lower(customers.name)`, 'like', pattern)]),
    );
  }
  return q;
}

async function readCreditNotes(ctx: RequestContext, query: CreditNoteListQueryInput): Promise<Page<CreditNoteListItemOut>> {
  const q = filtered(ctx.db.kysely, ctx.orgId, query);
  const out = (row: Awaited<ReturnType<typeof q.execute>>[number]) => ({ ...creditNoteOut(row, row.invoice_number), customer_name: row.customer_name });
  if (query.sort !== undefined) {
    const rows = await applySort(q, CREDIT_NOTE_SORT, query.sort, 'credit_notes.id', query.cursor, query.limit).execute();
    return sortedPage(rows, query.limit, query.sort, out);
  }
  let page = q;
  if (query.cursor !== undefined) page = page.where('credit_notes.id', '<', String(decodeCursor(query.cursor, 1)[0]));
  const rows = await page.orderBy('credit_notes.id', 'desc').limit(query.limit + 1).execute();
  return toPage(rows, query.limit, (row) => [row.id], out);
}

/** A page of credit notes and how many match the filters in all. */
export async function listCreditNotes(ctx: RequestContext, query: CreditNoteListQueryInput): Promise<Page<CreditNoteListItemOut> & { total: number }> {
  const [page, total] = await Promise.all([readCreditNotes(ctx, query), countRows(filtered(ctx.db.kysely, ctx.orgId, query))]);
  return { ...page, total };
}

function creditNoteColumns(): CsvColumn<CreditNoteListItemOut>[] {
  const dec = (value: string) => ({ decimal: value });
  return [
    { header: { en: 'Number', de: 'Nummer', fr: 'Numéro', es: 'Número' }, value: (c) => c.number },
    { header: { en: 'Issue date', de: 'Datum', fr: 'Date', es: 'Fecha' }, value: (c) => c.issue_date },
    { header: { en: 'Invoice', de: 'Rechnung', fr: 'Facture', es: 'Factura' }, value: (c) => c.invoice_number },
    { header: { en: 'Customer', de: 'Kunde', fr: 'Client', es: 'Cliente' }, value: (c) => c.customer_name },
    { header: { en: 'Reason', de: 'Grund', fr: 'Motif', es: 'Motivo' }, value: (c) => c.reason },
    { header: { en: 'Currency', de: 'Währung', fr: 'Devise', es: 'Moneda' }, value: (c) => c.currency },
    { header: { en: 'Net', de: 'Netto', fr: 'HT', es: 'Base imponible' }, value: (c) => dec(c.subtotal) },
    { header: { en: 'Tax', de: 'USt.', fr: 'TVA', es: 'IVA' }, value: (c) => dec(c.tax_total) },
    { header: { en: 'Total', de: 'Brutto', fr: 'TTC', es: 'Total' }, value: (c) => dec(c.total) },
    { header: { en: 'Applied to invoice', de: 'Mit Rechnung verrechnet', fr: 'Imputé sur la facture', es: 'Aplicado a la factura' }, value: (c) => dec(c.applied_amount) },
    { header: { en: 'Customer credit', de: 'Kundenguthaben', fr: 'Avoir client', es: 'Saldo del cliente' }, value: (c) => dec(c.credit_amount) },
  ];
}

/** GET /credit-notes?format=csv: every credit note matching the filters. */
export function sendCreditNotesCsv(ctx: RequestContext, request: FastifyRequest, reply: FastifyReply, query: CreditNoteListQueryInput): FastifyReply {
  const language: CsvLanguage = csvDialect(query.locale, request.headers['accept-language']).language;
  const name = { en: 'credit-notes', de: 'gutschriften', fr: 'avoirs', es: 'notas-de-credito' }[language];
  return sendCsv(request, reply, `${name}-${todayIn(ctx)}`, query.locale, creditNoteColumns(), () =>
    allPages(async (cursor) => {
      const page = await readCreditNotes(ctx, { ...query, cursor, limit: CSV_PAGE });
      return { rows: page.data, next: page.next_cursor };
    }),
  );
}

