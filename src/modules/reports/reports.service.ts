/**
 * Reports. The summary: per currency, what was invoiced and collected in a period, and what
 * is outstanding and overdue now (by the injected clock). Amounts are never summed across
 * currencies.
 */
import { formatAmount } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { todayIn } from '../../kernel/context.ts';
import { ReportsRepo, type CurrencyTotal } from './reports.repo.ts';
import type { SummaryOut, SummaryQueryInput } from './reports.schemas.ts';

interface Figures {
  invoiced: bigint;
  received: bigint;
  refunded: bigint;
  outstanding: bigint;
  overdue: bigint;
  invoice_count: number;
  overdue_count: number;
}

const zero = (): Figures => ({ invoiced: 0n, received: 0n, refunded: 0n, outstanding: 0n, overdue: 0n, invoice_count: 0, overdue_count: 0 });

export async function reportSummary(ctx: RequestContext, query: SummaryQueryInput): Promise<SummaryOut> {
  const repo = new ReportsRepo(ctx.db.kysely, ctx.orgId);
  const period = { from: query.from, to: query.to };
  const today = todayIn(ctx);
  const [invoiced, received, refunded, outstanding, overdue] = await Promise.all([
    repo.invoiced(period),
    repo.received(period),
    repo.refunded(period),
    repo.outstanding(),
    repo.outstanding(today),
  ]);

  const byCurrency = new Map<string, Figures>();
  const add = (rows: CurrencyTotal[], apply: (figures: Figures, total: bigint, count: number) => void) => {
    for (const row of rows) {
      let figures = byCurrency.get(row.currency);
      if (!figures) byCurrency.set(row.currency, (figures = zero()));
      apply(figures, BigInt(row.total ?? '0'), Number(row.count));
    }
  };
  add(invoiced, (f, total, count) => {
    f.invoiced = total;
    f.invoice_count = count;
  });
  add(received, (f, total) => (f.received = total));
  add(refunded, (f, total) => (f.refunded = total));
  add(outstanding, (f, total) => (f.outstanding = total));
  add(overdue, (f, total, count) => {
    f.overdue = total;
    f.overdue_count = count;
  });

  const currencies = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, f]) => ({
      currency,
      invoiced: formatAmount(f.invoiced, currency),
      collected: formatAmount(f.received - f.refunded, currency),
      outstanding: formatAmount(f.outstanding, currency),
      overdue: formatAmount(f.overdue, currency),
      invoice_count: f.invoice_count,
      overdue_count: f.overdue_count,
    }));
  return { from: query.from ?? null, to: query.to ?? null, currencies };
}
