/**
 * Reading invoices: one, or a filtered page of them. (The printed document: documents/invoice-files.ts.)
 */
import type { Executor, RequestContext } from '../../kernel/context.ts';
import { AppError } from '../../shared/errors.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
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

/** Newest first; items carry the totals but not the lines. */
export async function listInvoices(ctx: RequestContext, query: InvoiceListQueryInput): Promise<Page<InvoiceSummaryOut>> {
  const repo = new InvoicesRepo(ctx.db.kysely, ctx.orgId);
  const today = todayOf(ctx);
  const page = toPage(await repo.list(query, today), query.limit, (row) => [row.id], (row) => row);
  const live = await repo.customers(page.data.filter((row) => row.customer_snapshot === null).map((row) => row.customer_id));
  return { ...page, data: page.data.map((row) => invoiceSummaryOut(row, invoiceCustomer(row, live.get(row.customer_id)), today)) };
}
