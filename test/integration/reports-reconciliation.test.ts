/**
 * The reports reconcile across a period, on both databases, over a year of varied activity
 * (see support/report-scenario.ts):
 *
 *   sales (invoices less credit notes, /reports/sales) − collected (payments less refunds,
 *   /reports/summary) = the change of what customers owe over the period,
 *
 * where what customers owe at the end of a day is the sum of their statement balances
 * (/customers/{id}/statement?to=), and what they owe now (no `to`) is the amount due on open,
 * partially paid and uncollectible invoices less their unused credit. The summary's
 * `outstanding` is that, without uncollectible invoices and before credit; aging totals equal it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { buildReportScenario, cents, type ScenarioDocuments } from '../support/report-scenario.ts';

const PERIODS: [string, string][] = [
  ['2025-11-01', '2026-11-30'],
  ['2025-12-15', '2026-03-10'],
  ['2026-02-03', '2026-02-20'],
  ['2026-04-01', '2026-06-30'],
  ['2026-07-19', '2026-11-23'],
];

describeEachDb('reports reconcile over a period', (kind) => {
  let server: TestServer;
  let owner: Client;
  let docs: ScenarioDocuments;

  const get = async (path: string) => {
    const response = await owner.get(`/api/v1${path}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const perCurrency = (rows: { currency: string }[], value: (row: any) => bigint) => {
    const sums: Record<string, bigint> = { EUR: 0n, USD: 0n };
    for (const row of rows) sums[row.currency] = (sums[row.currency] ?? 0n) + value(row);
    return sums;
  };

  /** What customers owe per currency at the end of `to` (all documents without it): the sum of their statements. */
  async function owed(to?: string): Promise<Record<string, bigint>> {
    const sums: Record<string, bigint> = { EUR: 0n, USD: 0n };
    for (const customer of docs.customers) {
      for (const currency of ['EUR', 'USD']) {
        const statement = await get(`/customers/${customer.id}/statement?currency=${currency}${to === undefined ? '' : `&to=${to}`}`);
        sums[currency] = (sums[currency] ?? 0n) + cents(statement.closing_balance as string);
      }
    }
    return sums;
  }

  async function salesLessCollected(from: string, to: string): Promise<Record<string, bigint>> {
    const sales = await get(`/reports/sales?group_by=month&from=${from}&to=${to}`);
    const summary = await get(`/reports/summary?from=${from}&to=${to}`);
    const result = perCurrency(
      (sales.currencies as { currency: string; periods: { total: string }[] }[]).map((c) => ({ currency: c.currency, total: c.periods.reduce((s, p) => s + cents(p.total), 0n) })),
      (c) => c.total as bigint,
    );
    for (const c of summary.currencies as { currency: string; collected: string }[]) result[c.currency] = (result[c.currency] ?? 0n) - cents(c.collected);
    return result;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    docs = await buildReportScenario(server, owner);
  }, 120_000);
  afterAll(() => server.close());

  it('sales − collected = the change of what customers owe, over any period', async () => {
    for (const [from, to] of PERIODS) {
      const before = await owed(addDays(from, -1));
      const after = await owed(to);
      const change = { EUR: (after.EUR ?? 0n) - (before.EUR ?? 0n), USD: (after.USD ?? 0n) - (before.USD ?? 0n) };
      expect(await salesLessCollected(from, to), `${from}…${to}`).toEqual(change);
      expect(change.EUR !== 0n || change.USD !== 0n, `${from}…${to} moves something`).toBe(true);
    }
  });

  it('over all time: invoiced (net of credit notes) − collected = what customers owe now = amount due less unused credit', async () => {
    const summary = await get('/reports/summary');
    const credited = perCurrency(docs.creditNotes, (n) => cents(n.total));
    expect(Object.values(credited).some((v) => v > 0n)).toBe(true);
    const now = await owed();
    const due = perCurrency(
      docs.invoices.filter((i) => ['open', 'partially_paid', 'uncollectible'].includes(i.status)),
      (i) => cents(i.amount_due),
    );
    const customers = (await get('/customers?limit=200')).data as { balances: { currency: string; credit: string }[] }[];
    const credit = perCurrency(customers.flatMap((c) => c.balances), (b) => cents(b.credit));
    for (const c of summary.currencies as { currency: string; invoiced: string; collected: string; outstanding: string }[]) {
      // "Invoiced" is net of credit notes (one vocabulary in every report).
      expect(cents(c.invoiced) - cents(c.collected), c.currency).toBe(now[c.currency]);
      expect(now[c.currency], c.currency).toBe((due[c.currency] ?? 0n) - (credit[c.currency] ?? 0n));
      const uncollectible = perCurrency(docs.invoices.filter((i) => i.status === 'uncollectible' && i.currency === c.currency), (i) => cents(i.amount_due));
      expect(cents(c.outstanding), c.currency).toBe((due[c.currency] ?? 0n) - (uncollectible[c.currency] ?? 0n));
    }
    expect(Object.values(credit).some((v) => v > 0n)).toBe(true);
    expect(docs.invoices.some((i) => i.status === 'uncollectible' && cents(i.amount_due) > 0n)).toBe(true);

    const aging = await get('/reports/aging');
    for (const c of aging.currencies as { currency: string; totals: { total: string } }[]) {
      expect(c.totals.total).toBe((summary.currencies as { currency: string; outstanding: string }[]).find((s) => s.currency === c.currency)?.outstanding);
    }
  });
});
