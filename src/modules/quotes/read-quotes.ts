/** Reading quotes: one, or a filtered page of them (newest first). */
import type { RequestContext } from '../../kernel/context.ts';
import { toPage, type Page } from '../../shared/pagination.ts';
import { todayOf } from '../invoices/invoice-view.ts';
import { InvoicesRepo } from '../invoices/invoices.repo.ts';
import { quoteSummaryOut } from './quote-view.ts';
import { QuotesRepo } from './quotes.repo.ts';
import type { QuoteListQueryInput, QuoteSummaryOut } from './quotes.schemas.ts';

export async function listQuotes(ctx: RequestContext, query: QuoteListQueryInput): Promise<Page<QuoteSummaryOut> & { total: number }> {
  const repo = new QuotesRepo(ctx.db.kysely, ctx.orgId);
  const today = todayOf(ctx);
  const [rows, total] = await Promise.all([repo.list(query, today), repo.count(query, today)]);
  const page = toPage(rows, query.limit, (row) => [row.id], (row) => row);
  const customers = await new InvoicesRepo(ctx.db.kysely, ctx.orgId).customers(page.data.map((row) => row.customer_id));
  return {
    ...page,
    total,
    data: page.data.map((row) => {
      const customer = customers.get(row.customer_id);
      if (!customer) throw new Error(`invariant: customer ${row.customer_id} of quote ${row.id} is missing`);
      return quoteSummaryOut(row, customer, today);
    }),
  };
}
