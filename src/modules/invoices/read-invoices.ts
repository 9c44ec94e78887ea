/**
 * Reading invoices: one, or a filtered page of them. (The printed document: documents/invoice-files.ts.)
 */
import { customFieldCsvColumns } from '../../kernel/http/csv-custom-fields.ts';
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { sortedPage } from '../../db/sorted-list.ts';
import { allPages, csvDialect, sendCsv, CSV_PAGE, type CsvColumn, type CsvLanguage } from '../../kernel/http/csv-export.ts';
import { formatAmount, parseAmount } from '../../domain/money/index.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invoiceCustomer, invoiceSummaryOut, loadInvoiceOut, todayOf } from './invoice-view.ts';
import { InvoicesRepo } from './invoices.repo.ts';
import type { InvoiceListQueryInput, InvoiceOut, InvoiceSummaryOut } from './invoices.schemas.ts';

/** One invoice as the API returns it; pass the transaction's executor to read inside a change (an event's object). */
export async function getInvoice(ctx: RequestContext, id: string, executor: Executor = ctx.db.kysely): Promise<InvoiceOut> {
  const repo = new InvoicesRepo(executor, ctx.orgId);
  const row = await repo.find(id);
  if (!row) throw AppError.notFound('Invoice');
  return loadInvoiceOut(repo, row, ctx);
}

/** Newest first (or `?sort=`); items carry the totals but not the lines; `total` counts every match. */
export async function listInvoices(ctx: RequestContext, query: InvoiceListQueryInput): Promise<Page<InvoiceSummaryOut> & { total: number }> {
  const repo = new InvoicesRepo(ctx.db.kysely, ctx.orgId);
  const today = todayOf(ctx);
  const [page, total] = await Promise.all([readPage(ctx, query, today), repo.count(query, today)]);
  return { ...page, total };
}

async function readPage(ctx: RequestContext, query: InvoiceListQueryInput, today: string): Promise<Page<InvoiceSummaryOut>> {
  const repo = new InvoicesRepo(ctx.db.kysely, ctx.orgId);
  const rows = await repo.list(query, today);
  const page =
    query.sort === undefined ? toPage(rows, query.limit, (row) => [row.id], (row) => row) : sortedPage(rows, query.limit, query.sort, (row) => row);
  const live = await repo.customers(page.data.filter((row) => row.customer_snapshot === null).map((row) => row.customer_id));
  return { ...page, data: page.data.map((row) => invoiceSummaryOut(row, invoiceCustomer(row, live.get(row.customer_id)), today)) };
}

const STATUS: Record<string, Record<CsvLanguage, string>> = {
  draft: { en: 'Draft', de: 'Entwurf', fr: 'Brouillon', es: 'Borrador' },
  open: { en: 'Open', de: 'Offen', fr: 'Ouverte', es: 'Abierta' },
  partially_paid: { en: 'Partially paid', de: 'Teilweise bezahlt', fr: 'Partiellement payée', es: 'Pagada parcialmente' },
  paid: { en: 'Paid', de: 'Bezahlt', fr: 'Payée', es: 'Pagada' },
  void: { en: 'Void', de: 'Storniert', fr: 'Annulée', es: 'Anulada' },
  uncollectible: { en: 'Uncollectible', de: 'Uneinbringlich', fr: 'Irrécouvrable', es: 'Incobrable' },
};

function statusText(status: string, language: CsvLanguage): string {
  return STATUS[status]?.[language] ?? status;
}

const dec = (value: string) => ({ decimal: value });

/** The columns of the invoice list's CSV: numbers and names, no internal ids. */
function invoiceColumns(language: CsvLanguage): CsvColumn<InvoiceSummaryOut>[] {
  return [
    { header: { en: 'Number', de: 'Nummer', fr: 'Numéro', es: 'Número' }, value: (i) => i.number },
    { header: { en: 'Status', de: 'Status', fr: 'Statut', es: 'Estado' }, value: (i) => statusText(i.status, language) },
    { header: { en: 'Customer', de: 'Kunde', fr: 'Client', es: 'Cliente' }, value: (i) => i.customer.name },
    { header: { en: 'Issue date', de: 'Rechnungsdatum', fr: 'Date d’émission', es: 'Fecha de emisión' }, value: (i) => i.issue_date },
    { header: { en: 'Due date', de: 'Fälligkeitsdatum', fr: 'Échéance', es: 'Vencimiento' }, value: (i) => i.due_date },
    { header: { en: 'Currency', de: 'Währung', fr: 'Devise', es: 'Moneda' }, value: (i) => i.currency },
    { header: { en: 'Net', de: 'Netto', fr: 'HT', es: 'Base imponible' }, value: (i) => dec(netOf(i)) },
    { header: { en: 'Tax', de: 'USt.', fr: 'TVA', es: 'IVA' }, value: (i) => dec(i.tax_total) },
    { header: { en: 'Total', de: 'Brutto', fr: 'TTC', es: 'Total' }, value: (i) => dec(i.total) },
    { header: { en: 'Paid', de: 'Bezahlt', fr: 'Payé', es: 'Pagado' }, value: (i) => dec(i.amount_paid) },
    { header: { en: 'Credited', de: 'Gutgeschrieben', fr: 'Avoirs', es: 'Abonado' }, value: (i) => dec(i.amount_credited) },
    { header: { en: 'Amount due', de: 'Offener Betrag', fr: 'Reste dû', es: 'Importe pendiente' }, value: (i) => dec(i.amount_due) },
    { header: { en: 'Tax rates', de: 'Steuersätze', fr: 'Taux de TVA', es: 'Tipos de IVA' }, value: (i) => i.taxes.map((t) => `${t.name ?? ''} ${t.percentage}%`.trim()).join(' | ') },
  ];
}

/** Subtotal − allowances + charges, the taxable amount of the whole invoice. */
function netOf(i: InvoiceSummaryOut): string {
  const minor = (value: string) => parseAmount(value, i.currency);
  return formatAmount(minor(i.subtotal) - minor(i.allowance_total) + minor(i.charge_total), i.currency);
}

/** GET /invoices?format=csv: every invoice matching the filters, in the list's order. */
export async function sendInvoicesCsv(ctx: RequestContext, request: FastifyRequest, reply: FastifyReply, query: InvoiceListQueryInput): Promise<FastifyReply> {
  const today = todayOf(ctx);
  const language = csvDialect(query.locale, request.headers['accept-language']).language;
  const name = { en: 'invoices', de: 'rechnungen', fr: 'factures', es: 'facturas' }[language];
  return sendCsv(request, reply, `${name}-${today}`, query.locale, [...invoiceColumns(language), ...(await customFieldCsvColumns<InvoiceSummaryOut>(ctx.db.kysely, ctx.orgId, 'invoice'))], () =>
    allPages(async (cursor) => {
      const page = await readPage(ctx, { ...query, cursor, limit: CSV_PAGE }, today);
      return { rows: page.data, next: page.next_cursor };
    }),
  );
}
