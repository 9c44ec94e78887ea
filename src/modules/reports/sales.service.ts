/**
 * Sales, revenue and tax reports. Per-day sums come from the database; grouping into
 * weeks, months, quarters and years happens here (domain/periods), so both databases give
 * identical periods. All money is bigint minor units until formatted; currencies are never
 * summed together.
 */
import { formatAmount, parseScaled, DECIMAL_SCALE } from '../../domain/money/index.ts';
import { periodStart, type PeriodUnit } from '../../domain/periods.ts';
import type { RequestContext } from '../../kernel/context.ts';
import type { ReportTable } from './report-response.ts';
import { SalesRepo, type DaySums } from './sales.repo.ts';
import type { SalesQueryInput, SalesReportOut, TaxesQueryInput, TaxesReportOut } from './sales.schemas.ts';

interface PeriodFigures {
  net: bigint;
  tax: bigint;
  total: bigint;
  count: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function groupByPeriod(
  unit: PeriodUnit,
  additions: DaySums[],
  subtractions: DaySums[],
  withNetAndTax: boolean,
): SalesReportOut['currencies'] {
  const currencies = new Map<string, Map<string, PeriodFigures>>();
  const add = (rows: DaySums[], sign: 1n | -1n, counted: boolean) => {
    for (const row of rows) {
      let periods = currencies.get(row.currency);
      if (!periods) currencies.set(row.currency, (periods = new Map<string, PeriodFigures>()));
      const period = periodStart(row.date, unit);
      let figures = periods.get(period);
      if (!figures) periods.set(period, (figures = { net: 0n, tax: 0n, total: 0n, count: 0 }));
      figures.net += sign * BigInt(row.net ?? '0');
      figures.tax += sign * BigInt(row.tax ?? '0');
      figures.total += sign * BigInt(row.total ?? '0');
      if (counted) figures.count += Number(row.count);
    }
  };
  add(additions, 1n, true);
  add(subtractions, -1n, false);

  return [...currencies.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([currency, periods]) => ({
      currency,
      periods: [...periods.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([period, f]) => ({
          period,
          net: withNetAndTax ? formatAmount(f.net, currency) : null,
          tax: withNetAndTax ? formatAmount(f.tax, currency) : null,
          total: formatAmount(f.total, currency),
          count: f.count,
        })),
    }));
}

/** Finalized, non-void invoices by issue date, less credit notes by their issue date. */
export async function salesReport(ctx: RequestContext, query: SalesQueryInput): Promise<SalesReportOut> {
  const repo = new SalesRepo(ctx.db.kysely, ctx.orgId);
  const range = { from: query.from, to: query.to, customerId: query.customer_id };
  const [invoices, creditNotes] = await Promise.all([repo.invoicesByDay(range), repo.creditNotesByDay(range)]);
  return { group_by: query.group_by, currencies: groupByPeriod(query.group_by, invoices, creditNotes, true) };
}

/** Cash received by payment date (not payments from customer credit), less refunds by refund date. */
export async function revenueReport(ctx: RequestContext, query: SalesQueryInput): Promise<SalesReportOut> {
  const repo = new SalesRepo(ctx.db.kysely, ctx.orgId);
  const range = { from: query.from, to: query.to, customerId: query.customer_id };
  const [payments, refunds] = await Promise.all([repo.paymentsByDay(range), repo.refundsByDay(range)]);
  return { group_by: query.group_by, currencies: groupByPeriod(query.group_by, payments, refunds, false) };
}

export function salesTable(report: SalesReportOut): ReportTable {
  return {
    header: ['currency', 'period', 'net', 'tax', 'total', 'count'],
    rows: report.currencies.flatMap((c) => c.periods.map((p) => [c.currency, p.period, p.net, p.tax, p.total, p.count])),
  };
}

export function revenueTable(report: SalesReportOut): ReportTable {
  return {
    header: ['currency', 'period', 'total', 'count'],
    rows: report.currencies.flatMap((c) => c.periods.map((p) => [c.currency, p.period, p.total, p.count])),
  };
}

interface RateFigures {
  tax_rate_id: string | null;
  name: string | null;
  /** Where the name comes from: the latest (day, invoice id) that named the rate. */
  namedAt: string | null;
  category: string;
  percentage: string;
  taxable: bigint;
  tax: bigint;
}

/**
 * Taxable and tax amounts per rate: the invoices' stored breakdowns less the credit notes',
 * summed per day in report_daily_taxes. The name is the one the latest invoice of the range
 * gave the rate (a rate renamed later shows its newer name).
 */
export async function taxesReport(ctx: RequestContext, query: TaxesQueryInput): Promise<TaxesReportOut> {
  const repo = new SalesRepo(ctx.db.kysely, ctx.orgId);
  const rows = await repo.taxRowsByDay({ from: query.from, to: query.to });

  const currencies = new Map<string, Map<string, RateFigures>>();
  for (const row of rows) {
    let rates = currencies.get(row.currency);
    if (!rates) currencies.set(row.currency, (rates = new Map<string, RateFigures>()));
    const taxRateId = row.tax_rate_key === '' ? null : row.tax_rate_key;
    const key = JSON.stringify([row.category, row.percentage, taxRateId]);
    let figures = rates.get(key);
    if (!figures) {
      rates.set(key, (figures = { tax_rate_id: taxRateId, name: null, namedAt: null, category: row.category, percentage: row.percentage, taxable: 0n, tax: 0n }));
    }
    figures.taxable += BigInt(row.taxable);
    figures.tax += BigInt(row.tax);
    if (row.name !== null && row.name_invoice_id !== null) {
      const at = `${row.day}|${row.name_invoice_id}`;
      if (figures.namedAt === null || at > figures.namedAt) {
        figures.name = row.name;
        figures.namedAt = at;
      }
    }
  }

  // Credit notes do not store the rate's name: fall back to the tax rate itself.
  const unnamed = [...currencies.values()].flatMap((rates) => [...rates.values()]).filter((r) => r.name === null && r.tax_rate_id !== null);
  const names = await repo.taxRateNames([...new Set(unnamed.map((r) => r.tax_rate_id as string))]);
  for (const rate of unnamed) rate.name = names.get(rate.tax_rate_id as string) ?? null;

  const percent = (p: string): bigint => parseScaled(p, DECIMAL_SCALE);
  return {
    currencies: [...currencies.entries()]
      .sort(([a], [b]) => byText(a, b))
      .map(([currency, rates]) => ({
        currency,
        rates: [...rates.values()]
          .sort((a, b) => byText(a.category, b.category) || (percent(a.percentage) < percent(b.percentage) ? -1 : percent(a.percentage) > percent(b.percentage) ? 1 : 0) || byText(a.tax_rate_id ?? '', b.tax_rate_id ?? ''))
          .map((r) => ({
            tax_rate_id: r.tax_rate_id,
            name: r.name,
            category: r.category,
            percentage: r.percentage,
            taxable_amount: formatAmount(r.taxable, currency),
            tax_amount: formatAmount(r.tax, currency),
          })),
      })),
  };
}

export function taxesTable(report: TaxesReportOut): ReportTable {
  return {
    header: ['currency', 'tax_rate_id', 'name', 'category', 'percentage', 'taxable_amount', 'tax_amount'],
    rows: report.currencies.flatMap((c) => c.rates.map((r) => [c.currency, r.tax_rate_id, r.name, r.category, r.percentage, r.taxable_amount, r.tax_amount])),
  };
}
