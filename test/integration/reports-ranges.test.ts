/**
 * Reports over arbitrary date ranges — whole months, partial months at either end, a range
 * inside one month, across a year end, open-ended — equal the figures recomputed here from the
 * documents themselves (the list endpoints), on both databases. The reports read summaries
 * kept per day and per month, and the days of partial months from the documents; this is
 * what checks the seams. Also the customer analytics CSV.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { buildReportScenario, cents, type ScenarioDocuments } from '../support/report-scenario.ts';

const INVOICED = ['open', 'partially_paid', 'paid', 'uncollectible'];
const RANGES: [string | undefined, string | undefined][] = [
  [undefined, undefined],
  ['2025-11-01', '2026-11-30'],
  ['2025-12-15', '2026-03-10'],
  ['2026-02-01', '2026-02-28'],
  ['2026-02-03', '2026-02-20'],
  ['2025-12-31', '2026-01-01'],
  [undefined, '2026-05-20'],
  ['2026-05-20', undefined],
  ['2026-06-01', undefined],
];
const inRange = (date: string, [from, to]: [string | undefined, string | undefined]) => (from === undefined || date >= from) && (to === undefined || date <= to);
const query = ([from, to]: [string | undefined, string | undefined]) => [from === undefined ? '' : `from=${from}`, to === undefined ? '' : `to=${to}`].filter(Boolean).join('&');
const money = (minor: bigint) => `${minor < 0n ? '-' : ''}${(minor < 0n ? -minor : minor) / 100n}.${String((minor < 0n ? -minor : minor) % 100n).padStart(2, '0')}`;

describeEachDb('reports over arbitrary date ranges', (kind) => {
  let server: TestServer;
  let owner: Client;
  let docs: ScenarioDocuments;

  const report = async (path: string) => {
    const response = await owner.get(`/api/v1/reports/${path}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    docs = await buildReportScenario(server, owner);
  }, 120_000);
  afterAll(() => server.close());

  it('builds a varied data set', () => {
    const statuses = new Set(docs.invoices.map((i) => i.status));
    for (const status of ['open', 'partially_paid', 'paid', 'void', 'uncollectible']) expect(statuses, status).toContain(status);
    expect(docs.payments.some((p) => p.method === 'customer_credit')).toBe(true);
    expect(docs.payments.some((p) => p.refunds.length > 0)).toBe(true);
    expect(docs.creditNotes.some((n) => n.credit_amount !== '0.00')).toBe(true);
  });

  it('ranks customers with invoiced, collected and invoice counts of the range, outstanding now', async () => {
    const name = new Map(docs.customers.map((c) => [c.id, c.name]));
    for (const range of RANGES) {
      const expected = new Map<string, { currency: string; invoiced: bigint; count: number; collected: bigint; outstanding: bigint; present: boolean }>();
      const entry = (currency: string, customerId: string) => {
        const key = `${currency}|${customerId}`;
        let e = expected.get(key);
        if (!e) expected.set(key, (e = { currency, invoiced: 0n, count: 0, collected: 0n, outstanding: 0n, present: false }));
        return e;
      };
      for (const i of docs.invoices) {
        if (INVOICED.includes(i.status) && inRange(i.issue_date, range)) {
          const e = entry(i.currency, i.customer_id);
          e.invoiced += cents(i.total);
          e.count += 1;
          e.present = true;
        }
        if ((i.status === 'open' || i.status === 'partially_paid') && cents(i.amount_due) > 0n) {
          const e = entry(i.currency, i.customer_id);
          e.outstanding += cents(i.amount_due);
          e.present = true;
        }
      }
      // Invoiced is net of the credit notes issued in the range.
      for (const n of docs.creditNotes) {
        if (inRange(n.issue_date, range)) Object.assign(entry(n.currency, n.customer_id), { present: true }).invoiced -= cents(n.total);
      }
      for (const p of docs.payments.filter((p) => p.method !== 'customer_credit')) {
        if (inRange(p.date, range)) Object.assign(entry(p.currency, p.customer_id), { present: true }).collected += cents(p.amount);
        for (const r of p.refunds) if (inRange(r.date, range)) Object.assign(entry(p.currency, p.customer_id), { present: true }).collected -= cents(r.amount);
      }
      const body = await report(`top-customers?limit=100&${query(range)}`);
      const got = (body.currencies as { currency: string; customers: any[] }[]).flatMap((c) => c.customers.map((x) => ({ currency: c.currency, ...x })));
      const want = [...expected.entries()]
        .filter(([, e]) => e.present)
        .map(([key, e]) => ({
          currency: e.currency,
          customer_id: key.split('|')[1],
          customer_name: name.get(key.split('|')[1] as string),
          invoiced: money(e.invoiced),
          collected: money(e.collected),
          outstanding: money(e.outstanding),
          invoice_count: e.count,
        }));
      const byKey = (a: { currency: string; customer_id?: string }) => `${a.currency}|${a.customer_id}`;
      expect([...got].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1)), query(range)).toEqual([...want].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1)));
      for (const c of body.currencies as { customers: { invoiced: string }[] }[]) {
        const amounts = c.customers.map((x) => cents(x.invoiced));
        expect(amounts, 'ranked by invoiced').toEqual([...amounts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      }
    }
  });

  it('cuts the ranking at `limit` by amount, not by its text, all time and in a range', async () => {
    for (const range of [[undefined, undefined], ['2026-01-01', '2026-09-15']] as [string | undefined, string | undefined][]) {
      const full = await report(`top-customers?limit=100&${query(range)}`);
      for (const limit of [1, 2, 3]) {
        const cut = await report(`top-customers?limit=${limit}&${query(range)}`);
        expect(cut.currencies, `limit ${limit} ${query(range)}`).toEqual(
          (full.currencies as { currency: string; customers: unknown[] }[]).map((c) => ({ currency: c.currency, customers: c.customers.slice(0, limit) })),
        );
      }
    }
    // Amounts whose text order differs from their order: 9.00 > 80.00 > 70.00 as text.
    const other = await secondOrganization(owner, 'Digits Ltd');
    for (const [name, price] of [['Nine', '9.00'], ['Eighty', '80.00'], ['Seventy', '70.00']]) {
      await finalizedInvoice(other, { customer: { name, currency: 'USD' }, issue_date: '2026-05-05', lines: [{ description: 'x', quantity: '1', unit_price: price }] });
    }
    for (const search of ['', '&from=2026-05-01&to=2026-05-31', '&from=2026-05-04&to=2026-05-06']) {
      const top = await other.get(`/api/v1/reports/top-customers?limit=2${search}`);
      expect(top.status, top.text).toBe(200);
      expect(top.body.currencies[0].customers.map((c: { customer_name: string; invoiced: string }) => [c.customer_name, c.invoiced]), search).toEqual([
        ['Eighty', '80.00'],
        ['Seventy', '70.00'],
      ]);
    }
  });

  it('counts new and returning customers per month, days to pay and sales, over any range', async () => {
    const invoiced = docs.invoices.filter((i) => INVOICED.includes(i.status));
    const firstMonth = new Map<string, string>();
    for (const i of invoiced) {
      const month = (i.issue_date as string).slice(0, 7);
      const known = firstMonth.get(i.customer_id);
      if (known === undefined || month < known) firstMonth.set(i.customer_id, month);
    }
    const settled = new Map<string, string>();
    for (const p of docs.payments) if (cents(p.applied_amount) > 0n && (settled.get(p.invoice_id) ?? '') < p.date) settled.set(p.invoice_id, p.date);
    for (const n of docs.creditNotes) if (cents(n.applied_amount) > 0n && (settled.get(n.invoice_id) ?? '') < n.issue_date) settled.set(n.invoice_id, n.issue_date);
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

    for (const range of RANGES) {
      const body = await report(`customer-analytics?${query(range)}`);
      const sales = await report(`sales?group_by=year&${query(range)}`);
      for (const currency of ['EUR', 'USD']) {
        const section = (body.currencies as any[]).find((c) => c.currency === currency);
        // New and returning customers per month.
        const months = new Map<string, Set<string>>();
        for (const i of invoiced.filter((i) => i.currency === currency && inRange(i.issue_date, range))) {
          const month = (i.issue_date as string).slice(0, 7);
          months.set(month, (months.get(month) ?? new Set()).add(i.customer_id as string));
        }
        const wantMonths = [...months.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([month, ids]) => {
            const fresh = [...ids].filter((id) => firstMonth.get(id) === month).length;
            return { month, new_customers: fresh, returning_customers: ids.size - fresh };
          });
        expect(section?.customers_by_month ?? [], `${currency} ${query(range)}`).toEqual(wantMonths);

        // Days to pay: settled on the own date of the last payment or credit note that paid part of it.
        const perCustomer = new Map<string, { sum: number; count: number }>();
        for (const i of docs.invoices.filter((i) => i.status === 'paid' && i.currency === currency)) {
          const on = [i.issue_date as string, settled.get(i.id) ?? ''].sort().at(-1) as string;
          if (!inRange(on, range)) continue;
          const e = perCustomer.get(i.customer_id) ?? { sum: 0, count: 0 };
          e.sum += days(i.issue_date, on);
          e.count += 1;
          perCustomer.set(i.customer_id, e);
        }
        const got = Object.fromEntries((section?.days_to_pay.customers ?? []).map((c: any) => [c.customer_id, [c.average_days, c.invoice_count]]));
        const want = Object.fromEntries([...perCustomer.entries()].map(([id, e]) => [id, [Math.floor((2 * e.sum + e.count) / (2 * e.count)), e.count]]));
        expect(got, `days to pay ${currency} ${query(range)}`).toEqual(want);

        // Sales: invoices less credit notes of the range.
        const wantSales =
          invoiced.filter((i) => i.currency === currency && inRange(i.issue_date, range)).reduce((s, i) => s + cents(i.total), 0n) -
          docs.creditNotes.filter((n) => n.currency === currency && inRange(n.issue_date, range)).reduce((s, n) => s + cents(n.total), 0n);
        const periods = ((sales.currencies as any[]).find((c) => c.currency === currency)?.periods ?? []) as { total: string }[];
        expect(periods.reduce((s, p) => s + cents(p.total), 0n), `sales ${currency} ${query(range)}`).toBe(wantSales);
      }
    }
  });

  it('exports customer analytics as CSV: one table, a section column, formula-like names neutralised', async () => {
    const response = await owner.get('/api/v1/reports/customer-analytics?from=2026-01-01&to=2026-06-30&format=csv');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="customer-analytics.csv"');
    const json = await report('customer-analytics?from=2026-01-01&to=2026-06-30');
    const lines = response.text.split('\r\n');
    expect(lines[0]).toBe('currency,section,customer_id,customer_name,month,average_days,invoice_count,receivables,sales,days,dso,new_customers,returning_customers');
    expect(lines.at(-1)).toBe('');
    const expected: string[] = [];
    for (const c of json.currencies) {
      expected.push(`${c.currency},dso,,,,,,${c.dso.receivables},${c.dso.sales},${c.dso.days},${c.dso.dso ?? ''},,`);
      expected.push(`${c.currency},days_to_pay,,TOTAL,,${c.days_to_pay.average_days ?? ''},${c.days_to_pay.invoice_count},,,,,,`);
      for (const d of c.days_to_pay.customers) expected.push(`${c.currency},days_to_pay,${d.customer_id},${d.customer_name},,${d.average_days},${d.invoice_count},,,,,,`);
      for (const m of c.customers_by_month) expected.push(`${c.currency},customers_by_month,,,${m.month},,,,,,,${m.new_customers},${m.returning_customers}`);
    }
    expect(lines.slice(1, -1)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(6);

    const formula = await owner.post('/api/v1/customers', { name: '=cmd|calc', currency: 'EUR' });
    expect(formula.status, formula.text).toBe(201);
    const invoice = await owner.post('/api/v1/invoices', { customer_id: formula.body.id, issue_date: '2026-11-20', lines: [{ description: 'x', quantity: '1', unit_price: '10.00' }] });
    expect((await owner.post(`/api/v1/invoices/${invoice.body.id}/finalize`)).status).toBe(200);
    expect((await owner.post('/api/v1/payments', { invoice_id: invoice.body.id, amount: '10.00', date: '2026-11-21', method: 'cash' })).status).toBe(201);
    const csv = await owner.get('/api/v1/reports/customer-analytics?from=2026-11-01&to=2026-11-30&format=csv');
    expect(csv.text).toContain(`EUR,days_to_pay,${formula.body.id},'=cmd|calc,,1,1,,,,,,`);
    const bad = await owner.get('/api/v1/reports/customer-analytics?format=pdf');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('format');
  });

  it('lists only the slowest payers in customer analytics with ?limit, the averages still of all', async () => {
    for (const range of RANGES) {
      const full = await report(`customer-analytics?${query(range)}`);
      for (const limit of [1, 2, 3]) {
        const cut = await report(`customer-analytics?limit=${limit}&${query(range)}`);
        const expected = (full.currencies as { days_to_pay: { customers: { customer_id: string; customer_name: string; average_days: number }[] } }[]).map((c) => ({
          ...c,
          days_to_pay: {
            ...c.days_to_pay,
            customers: [...c.days_to_pay.customers]
              .sort((a, b) => b.average_days - a.average_days || (a.customer_name < b.customer_name ? -1 : a.customer_name > b.customer_name ? 1 : 0))
              .slice(0, limit),
            customer_count: c.days_to_pay.customers.length,
          },
        }));
        expect(cut.currencies, `limit ${limit} ${query(range)}`).toEqual(expected);
      }
    }
  });

  it('lists only the largest customers in aging with ?limit, totals and counts still of all', async () => {
    const check = async (search: string) => {
      const full = await report(`aging?${search}`);
      for (const limit of [1, 2, 5]) {
        const cut = await report(`aging?limit=${limit}&${search}`);
        expect(cut, `limit ${limit} ${search}`).toEqual({
          as_of: full.as_of,
          currencies: (full.currencies as { rows: unknown[] }[]).map((c) => ({ ...c, rows: c.rows.slice(0, limit), customer_count: c.rows.length })),
        });
      }
      return full;
    };
    const today = await check('');
    expect((today.currencies as { rows: unknown[] }[]).some((c) => c.rows.length > 2)).toBe(true);
    await check('as_of=2026-06-30');
    await check(`customer_id=${docs.customers[0]?.id}`);
    // An open invoice issued after as_of (here: tomorrow) is left out: the summaries hold it, so they are not used.
    const later = await owner.post('/api/v1/invoices', { customer_id: docs.customers[1]?.id, issue_date: '2026-11-24', lines: [{ description: 'x', quantity: '1', unit_price: '1234.00' }] });
    expect((await owner.post(`/api/v1/invoices/${later.body.id}/finalize`)).status).toBe(200);
    await check('');
    await check('as_of=2026-11-24');
    const bad = await owner.get('/api/v1/reports/aging?limit=0');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('limit');
  });
});
