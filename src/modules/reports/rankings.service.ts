/**
 * Top customers and top products, per currency (never summed across currencies), ranked by
 * the money invoiced in the period — net of the credit notes issued in it, as everywhere. Amounts stay bigint minor units until formatted;
 * quantities are summed as exact scaled integers.
 */
import { DECIMAL_SCALE, formatAmount, formatScaledTrimmed } from '../../domain/money/index.ts';
import type { RequestContext } from '../../kernel/context.ts';
import type { ReportTable } from './report-response.ts';
import { RankingsRepo } from './rankings.repo.ts';
import { withReportSettings } from './report-queries.ts';
import type { RankingQueryInput, TopCustomersOut, TopProductsOut } from './rankings.schemas.ts';

export const OTHER_ITEMS = 'Other items';

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byAmountDesc = (a: bigint, b: bigint): number => (a > b ? -1 : a < b ? 1 : 0);

/** Rows grouped per currency, in currency order. */
function perCurrency<T extends { currency: string }>(rows: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.currency);
    if (group) group.push(row);
    else groups.set(row.currency, [row]);
  }
  return [...groups.entries()].sort(([a], [b]) => byCode(a, b));
}

/** The ids whose amount reaches the `limit`-th largest: the only ones that can be ranked in. */
function candidates<T>(rows: T[], amount: (row: T) => bigint, id: (row: T) => string, limit: number): string[] {
  const amounts = rows.map(amount).sort(byAmountDesc);
  const threshold = amounts[Math.min(limit, amounts.length) - 1];
  if (threshold === undefined) return [];
  return rows.filter((row) => amount(row) >= threshold).map(id);
}

export async function topCustomers(ctx: RequestContext, query: RankingQueryInput): Promise<TopCustomersOut> {
  const repo = new RankingsRepo(ctx.db.kysely, ctx.orgId);
  // Only the customers that can make the list per currency (the top `limit` by invoiced and any
  // tied with the last of them) come back; names break the ties — not all 100,000.
  const allTime = query.from === undefined && query.to === undefined;
  const [rows, credited] = await Promise.all([
    withReportSettings(ctx.db, (db) => new RankingsRepo(db, ctx.orgId).rankableCustomers({ from: query.from, to: query.to }, query.limit)),
    // All time, the rows are before credit notes: net them here (in a period the query already did).
    allTime ? repo.creditedByCustomer({}) : Promise.resolve([]),
  ]);
  const creditOf = new Map(credited.map((c) => [`${c.currency}|${c.customer_id}`, BigInt(c.credited)]));
  const names = new Map((await repo.customerNames([...new Set(rows.map((r) => r.customer_id))])).map((c) => [c.id, c.name]));

  const currencies = perCurrency(rows).map(([currency, customers]) => ({
    currency,
    customers: customers
      .map((row) => ({ row, name: names.get(row.customer_id) ?? '', invoiced: BigInt(row.invoiced) - (creditOf.get(`${currency}|${row.customer_id}`) ?? 0n) }))
      .sort((a, b) => byAmountDesc(a.invoiced, b.invoiced) || byCode(a.name, b.name) || byCode(a.row.customer_id, b.row.customer_id))
      .slice(0, query.limit)
      .map(({ row, name, invoiced }) => ({
        customer_id: row.customer_id,
        customer_name: name,
        invoiced: formatAmount(invoiced, currency),
        collected: formatAmount(BigInt(row.received) - BigInt(row.refunded), currency),
        outstanding: formatAmount(BigInt(row.outstanding), currency),
        invoice_count: Number(row.invoice_count),
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

export async function topProducts(ctx: RequestContext, query: RankingQueryInput): Promise<TopProductsOut> {
  const repo = new RankingsRepo(ctx.db.kysely, ctx.orgId);
  const totals = (await repo.productTotals({ from: query.from, to: query.to })).map((row) => ({ ...row, amount: BigInt(row.net) }));
  const ids = new Set<string>();
  for (const [, rows] of perCurrency(totals)) for (const id of candidates(rows, (r) => r.amount, (r) => r.key, query.limit)) if (id !== '') ids.add(id);
  const names = new Map((await repo.productNames([...ids])).map((p) => [p.id, p.name]));

  const currencies = perCurrency(totals).map(([currency, rows]) => ({
    currency,
    products: rows
      .map((row) => ({ row, id: row.key === '' ? null : row.key, name: row.key === '' ? OTHER_ITEMS : (names.get(row.key) ?? '') }))
      // Ranked by net amount, then name; the "Other items" row after products with the same amount.
      .sort((a, b) => byAmountDesc(a.row.amount, b.row.amount) || Number(a.id === null) - Number(b.id === null) || byCode(a.name, b.name) || byCode(a.id ?? '', b.id ?? ''))
      .slice(0, query.limit)
      .map(({ row, id, name }) => ({
        product_id: id,
        name,
        quantity: formatScaledTrimmed(BigInt(row.quantity), DECIMAL_SCALE),
        net_amount: formatAmount(row.amount, currency),
        invoice_count: Number(row.count),
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
