/**
 * Top customers and top products, per currency (never summed across currencies), ranked by
 * the money invoiced in the period. Amounts stay bigint minor units until formatted;
 * quantities are summed as exact scaled integers.
 */
import { DECIMAL_SCALE, formatAmount, formatScaledTrimmed, parseScaled } from '../../domain/money/index.ts';
import type { RequestContext } from '../../server/context.ts';
import type { ReportTable } from './report-response.ts';
import { RankingsRepo, type KeyedTotal } from './rankings.repo.ts';
import type { RankingQueryInput, TopCustomersOut, TopProductsOut } from './rankings.schemas.ts';

export const OTHER_ITEMS = 'Other items';

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups rows per currency then key, creating each entry with `make`. */
function groupInto<T>(target: Map<string, Map<string, T>>, rows: KeyedTotal[], make: () => T, apply: (entry: T, total: bigint, count: number) => void): void {
  for (const row of rows) {
    let perCurrency = target.get(row.currency);
    if (!perCurrency) target.set(row.currency, (perCurrency = new Map<string, T>()));
    const key = row.key ?? '';
    let entry = perCurrency.get(key);
    if (!entry) perCurrency.set(key, (entry = make()));
    apply(entry, BigInt(row.total ?? '0'), Number(row.count));
  }
}

interface CustomerFigures {
  invoiced: bigint;
  received: bigint;
  refunded: bigint;
  outstanding: bigint;
  invoice_count: number;
}

/** The ids whose amount reaches the `limit`-th largest: the only ones that can be ranked in. */
function candidates<F>(figures: Map<string, F>, amount: (f: F) => bigint, limit: number): string[] {
  const amounts = [...figures.values()].map(amount).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const threshold = amounts[Math.min(limit, amounts.length) - 1];
  if (threshold === undefined) return [];
  return [...figures.entries()].filter(([, f]) => amount(f) >= threshold).map(([id]) => id);
}

export async function topCustomers(ctx: RequestContext, query: RankingQueryInput): Promise<TopCustomersOut> {
  const repo = new RankingsRepo(ctx.db.kysely, ctx.orgId);
  const period = { from: query.from, to: query.to };
  const [invoiced, received, refunded, outstanding] = await Promise.all([
    repo.invoicedByCustomer(period),
    repo.receivedByCustomer(period),
    repo.refundedByCustomer(period),
    repo.outstandingByCustomer(),
  ]);
  const groups = new Map<string, Map<string, CustomerFigures>>();
  const make = (): CustomerFigures => ({ invoiced: 0n, received: 0n, refunded: 0n, outstanding: 0n, invoice_count: 0 });
  groupInto(groups, invoiced, make, (f, total, count) => {
    f.invoiced = total;
    f.invoice_count = count;
  });
  groupInto(groups, received, make, (f, total) => (f.received = total));
  groupInto(groups, refunded, make, (f, total) => (f.refunded = total));
  groupInto(groups, outstanding, make, (f, total) => (f.outstanding = total));

  // Names are needed only for the customers that can make the list: the top `limit` by
  // amount, and any tied with the last of them (names break ties) — not all 100,000.
  const ids = new Set<string>();
  for (const perCurrency of groups.values()) for (const id of candidates(perCurrency, (f) => f.invoiced, query.limit)) ids.add(id);
  const names = new Map((await repo.customerNames([...ids])).map((c) => [c.id, c.name]));

  const currencies = [...groups.entries()]
    .sort(([a], [b]) => byCode(a, b))
    .map(([currency, perCurrency]) => ({
      currency,
      customers: [...perCurrency.entries()]
        .map(([id, f]) => ({ id, name: names.get(id) ?? '', f }))
        .sort((a, b) => (a.f.invoiced !== b.f.invoiced ? (a.f.invoiced > b.f.invoiced ? -1 : 1) : byCode(a.name, b.name) || byCode(a.id, b.id)))
        .slice(0, query.limit)
        .map(({ id, name, f }) => ({
          customer_id: id,
          customer_name: name,
          invoiced: formatAmount(f.invoiced, currency),
          collected: formatAmount(f.received - f.refunded, currency),
          outstanding: formatAmount(f.outstanding, currency),
          invoice_count: f.invoice_count,
        })),
    }));
  return { from: query.from ?? null, to: query.to ?? null, currencies };
}

export function topCustomersTable(report: TopCustomersOut): ReportTable {
  return {
    header: ['currency', 'customer_id', 'customer_name', 'invoiced', 'collected', 'outstanding', 'invoice_count'],
    rows: report.currencies.flatMap(({ currency, customers }) =>
      customers.map((c) => [currency, c.customer_id, c.customer_name, c.invoiced, c.collected, c.outstanding, c.invoice_count]),
    ),
  };
}

interface ProductFigures {
  net: bigint;
  quantity: bigint;
  invoice_count: number;
}

export async function topProducts(ctx: RequestContext, query: RankingQueryInput): Promise<TopProductsOut> {
  const repo = new RankingsRepo(ctx.db.kysely, ctx.orgId);
  const period = { from: query.from, to: query.to };
  const [sales, quantities] = await Promise.all([repo.salesByProduct(period), repo.quantitiesByProduct(period)]);
  const groups = new Map<string, Map<string, ProductFigures>>();
  groupInto(groups, sales, () => ({ net: 0n, quantity: 0n, invoice_count: 0 }), (f, total, count) => {
    f.net = total;
    f.invoice_count = count;
  });
  for (const row of quantities) {
    const entry = groups.get(row.currency)?.get(row.key ?? '');
    if (entry) entry.quantity += parseScaled(row.quantity, DECIMAL_SCALE) * BigInt(row.count);
  }

  const ids = new Set<string>();
  for (const perCurrency of groups.values()) for (const id of candidates(perCurrency, (f) => f.net, query.limit)) if (id !== '') ids.add(id);
  const names = new Map((await repo.productNames([...ids])).map((p) => [p.id, p.name]));

  const currencies = [...groups.entries()]
    .sort(([a], [b]) => byCode(a, b))
    .map(([currency, perCurrency]) => ({
      currency,
      products: [...perCurrency.entries()]
        .map(([id, f]) => ({ id: id === '' ? null : id, name: id === '' ? OTHER_ITEMS : (names.get(id) ?? ''), f }))
        // Ranked by net amount, then name; the "Other items" row after products with the same amount.
        .sort((a, b) =>
          a.f.net !== b.f.net ? (a.f.net > b.f.net ? -1 : 1) : Number(a.id === null) - Number(b.id === null) || byCode(a.name, b.name) || byCode(a.id ?? '', b.id ?? ''),
        )
        .slice(0, query.limit)
        .map(({ id, name, f }) => ({
          product_id: id,
          name,
          quantity: formatScaledTrimmed(f.quantity, DECIMAL_SCALE),
          net_amount: formatAmount(f.net, currency),
          invoice_count: f.invoice_count,
        })),
    }));
  return { from: query.from ?? null, to: query.to ?? null, currencies };
}

export function topProductsTable(report: TopProductsOut): ReportTable {
  return {
    header: ['currency', 'product_id', 'name', 'quantity', 'net_amount', 'invoice_count'],
    rows: report.currencies.flatMap(({ currency, products }) =>
      products.map((p) => [currency, p.product_id, p.name, p.quantity, p.net_amount, p.invoice_count]),
    ),
  };
}
