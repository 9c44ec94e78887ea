/**
 * GET /reports/sales, /reports/revenue and /reports/taxes on both databases, against a data
 * set computed by hand (amounts in the comments): two currencies; invoices with past issue
 * dates across a year boundary, weeks, months and quarters; an allowance; two tax rates and
 * lines without tax; a credit note; payments including an overpayment whose credit is then
 * applied to another invoice (moved credit, not new cash), and a refund. Voided and draft
 * invoices and another organization's data never count.
 *
 * Calendar: 2025-12-29, 2026-01-05, 2026-01-12, 2026-01-19, 2026-01-26, 2026-02-02,
 * 2026-02-09, 2026-02-16, 2026-03-30 and 2026-04-06 are Mondays.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const FORMULA_NAME = '=HYPERLINK("http://evil.example","7%")';

/** A sales period, as the API writes it. */
const s = (period: string, net: string, tax: string, total: string, count: number) => ({ period, net, tax, total, count });
/** A revenue period: cash only. */
const r = (period: string, total: string, count: number) => ({ period, net: null, tax: null, total, count });

/** "1234.56" → 123456n (both currencies here have two decimals). */
const cents = (amount: string): bigint => {
  expect(amount).toMatch(/^-?\d+\.\d{2}$/);
  return BigInt(amount.replace('.', ''));
};

const EXPECTED_SALES = {
  day: {
    EUR: [
      s('2025-12-30', '100.00', '19.00', '119.00', 1),
      s('2026-01-02', '240.00', '39.60', '279.60', 1),
      s('2026-01-05', '33.33', '2.33', '35.66', 1),
      s('2026-02-03', '-50.00', '-9.50', '-59.50', 0),
      s('2026-02-10', '80.00', '0.00', '80.00', 1),
      s('2026-02-20', '20.00', '0.00', '20.00', 1),
      s('2026-04-01', '1000.00', '190.00', '1190.00', 1),
    ],
    USD: [s('2026-01-15', '300.00', '0.00', '300.00', 1), s('2026-03-31', '450.00', '0.00', '450.00', 1)],
  },
  week: {
    EUR: [
      // 2025-12-30 and 2026-01-02 share ISO week 2026-W01, which starts in 2025.
      s('2025-12-29', '340.00', '58.60', '398.60', 2),
      s('2026-01-05', '33.33', '2.33', '35.66', 1),
      s('2026-02-02', '-50.00', '-9.50', '-59.50', 0),
      s('2026-02-09', '80.00', '0.00', '80.00', 1),
      s('2026-02-16', '20.00', '0.00', '20.00', 1),
      s('2026-03-30', '1000.00', '190.00', '1190.00', 1),
    ],
    USD: [s('2026-01-12', '300.00', '0.00', '300.00', 1), s('2026-03-30', '450.00', '0.00', '450.00', 1)],
  },
  month: {
    EUR: [
      s('2025-12-01', '100.00', '19.00', '119.00', 1),
      s('2026-01-01', '273.33', '41.93', '315.26', 2),
      s('2026-02-01', '50.00', '-9.50', '40.50', 2),
      s('2026-04-01', '1000.00', '190.00', '1190.00', 1),
    ],
    USD: [s('2026-01-01', '300.00', '0.00', '300.00', 1), s('2026-03-01', '450.00', '0.00', '450.00', 1)],
  },
  quarter: {
    EUR: [
      s('2025-10-01', '100.00', '19.00', '119.00', 1),
      s('2026-01-01', '323.33', '32.43', '355.76', 4),
      s('2026-04-01', '1000.00', '190.00', '1190.00', 1),
    ],
    USD: [s('2026-01-01', '750.00', '0.00', '750.00', 2)],
  },
  year: {
    EUR: [s('2025-01-01', '100.00', '19.00', '119.00', 1), s('2026-01-01', '1323.33', '222.43', '1545.76', 5)],
    USD: [s('2026-01-01', '750.00', '0.00', '750.00', 2)],
  },
} as const;

const EXPECTED_REVENUE = {
  day: {
    EUR: [r('2026-01-10', '119.00', 1), r('2026-01-31', '100.00', 1), r('2026-02-21', '20.00', 1), r('2026-04-03', '1190.00', 1), r('2026-04-07', '-90.00', 0)],
    USD: [r('2026-01-20', '500.00', 1), r('2026-04-02', '250.00', 1)],
  },
  week: {
    EUR: [r('2026-01-05', '119.00', 1), r('2026-01-26', '100.00', 1), r('2026-02-16', '20.00', 1), r('2026-03-30', '1190.00', 1), r('2026-04-06', '-90.00', 0)],
    USD: [r('2026-01-19', '500.00', 1), r('2026-03-30', '250.00', 1)],
  },
  month: {
    EUR: [r('2026-01-01', '219.00', 2), r('2026-02-01', '20.00', 1), r('2026-04-01', '1100.00', 1)],
    USD: [r('2026-01-01', '500.00', 1), r('2026-04-01', '250.00', 1)],
  },
  quarter: {
    EUR: [r('2026-01-01', '239.00', 3), r('2026-04-01', '1100.00', 1)],
    USD: [r('2026-01-01', '500.00', 1), r('2026-04-01', '250.00', 1)],
  },
  year: {
    EUR: [r('2026-01-01', '1339.00', 4)],
    USD: [r('2026-01-01', '750.00', 2)],
  },
} as const;

const GROUPINGS = ['day', 'week', 'month', 'quarter', 'year'] as const;

describeEachDb('reports: sales, revenue and taxes', (kind) => {
  let server: TestServer;
  let owner: Client;
  let accountant: Client;
  let standard: any;
  let reduced: any;
  let euroCustomer: any;
  let usdCustomer: any;
  const invoices: any[] = [];
  const creditNotes: any[] = [];

  async function pay(client: Client, invoiceId: string, amount: string, date: string, extra: Record<string, unknown> = {}) {
    const response = await client.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method: 'bank_transfer', ...extra });
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  async function report(path: string, client: Client = accountant) {
    const response = await client.get(`/api/v1/reports/${path}`);
    expect(response.status, `${path}: ${response.text}`).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    // Everything below happens on or before "today"; the refund and the applied credit are dated today.
    server.clock.set('2026-04-07T09:00:00.000Z');
    owner = await setupOwner(server.url, { currency: 'EUR' });
    accountant = await userWithRole(owner, 'accountant');
    standard = await createTaxRate(owner, { name: 'Standard 19%', percentage: '19' });
    reduced = await createTaxRate(owner, { name: FORMULA_NAME, percentage: '7' });
    euroCustomer = await createCustomer(owner);
    const otherEuroCustomer = await createCustomer(owner);
    usdCustomer = await createCustomer(owner, { currency: 'USD' });

    const issue = async (fields: Parameters<typeof finalizedInvoice>[1], expected: Record<string, string>) => {
      const invoice = await finalizedInvoice(owner, fields);
      expect(invoice).toMatchObject(expected);
      invoices.push(invoice);
      return invoice;
    };
    // EUR I1, Tue 2025-12-30: 100.00 at 19% → 100.00 + 19.00 = 119.00.
    const i1 = await issue(
      { customerId: euroCustomer.id, issue_date: '2025-12-30', lines: [{ description: 'Audit', quantity: '1', unit_price: '100.00', tax_rate_id: standard.id }] },
      { issue_date: '2025-12-30', subtotal: '100.00', tax_total: '19.00', total: '119.00' },
    );
    // EUR I2, Fri 2026-01-02: 200.00 at 19% and 50.00 at 7%, less a 10.00 allowance at 19%:
    // net 240.00; tax 19% × 190.00 = 36.10 and 7% × 50.00 = 3.50 → 39.60; total 279.60.
    const i2 = await issue(
      {
        customerId: euroCustomer.id,
        issue_date: '2026-01-02',
        lines: [
          { description: 'Design', quantity: '2', unit_price: '100.00', tax_rate_id: standard.id },
          { description: 'Books', quantity: '1', unit_price: '50.00', tax_rate_id: reduced.id },
        ],
        allowances: [{ reason: 'Loyalty', amount: '10.00', tax_rate_id: standard.id }],
      },
      { subtotal: '250.00', allowance_total: '10.00', charge_total: '0.00', tax_total: '39.60', total: '279.60' },
    );
    // EUR I3, Mon 2026-01-05: 33.33 at 7% → tax 2.3331 rounds to 2.33; total 35.66.
    await issue(
      { customerId: euroCustomer.id, issue_date: '2026-01-05', lines: [{ description: 'Print', quantity: '1', unit_price: '33.33', tax_rate_id: reduced.id }] },
      { tax_total: '2.33', total: '35.66' },
    );
    // Issued in date order: issue dates never go backwards within a number series.
    // Not counted: a draft and a voided invoice.
    await draftInvoice(owner, { customerId: euroCustomer.id, issue_date: '2026-01-07', lines: [{ description: 'Draft', quantity: '1', unit_price: '999.00' }] });
    const voided = await finalizedInvoice(owner, { customerId: euroCustomer.id, issue_date: '2026-01-07', lines: [{ description: 'Oops', quantity: '1', unit_price: '77.00', tax_rate_id: standard.id }] });
    const voiding = await owner.post(`/api/v1/invoices/${voided.id}/void`, { reason: 'Wrong customer' });
    expect(voiding.status, voiding.text).toBe(200);

    // USD U1, Thu 2026-01-15: 300.00, overpaid with 500.00 on Tue 2026-01-20 (200.00 becomes credit).
    const u1 = await issue({ customerId: usdCustomer.id, issue_date: '2026-01-15', lines: [{ description: 'Setup', quantity: '1', unit_price: '300.00' }] }, { currency: 'USD', total: '300.00' });
    // EUR I4, Tue 2026-02-10: 80.00 without tax (category O).
    await issue({ customerId: euroCustomer.id, issue_date: '2026-02-10', lines: [{ description: 'Fee', quantity: '1', unit_price: '80.00' }] }, { total: '80.00' });
    // EUR I6, Fri 2026-02-20, another customer: 20.00 without tax; paid in cash Sat 2026-02-21.
    const i6 = await issue({ customerId: otherEuroCustomer.id, issue_date: '2026-02-20', lines: [{ description: 'Fee', quantity: '1', unit_price: '20.00' }] }, { total: '20.00' });
    // USD U2, Tue 2026-03-31: 450.00; the 200.00 credit applied today (not cash), 250.00 paid Thu 2026-04-02.
    const u2 = await issue({ customerId: usdCustomer.id, issue_date: '2026-03-31', lines: [{ description: 'Support', quantity: '1', unit_price: '450.00' }] }, { currency: 'USD', total: '450.00' });
    // EUR I5, Wed 2026-04-01: 1000.00 at 19% → 1190.00; paid Fri 2026-04-03, 90.00 refunded today (Tue 2026-04-07).
    const i5 = await issue(
      { customerId: euroCustomer.id, issue_date: '2026-04-01', lines: [{ description: 'Project', quantity: '1', unit_price: '1000.00', tax_rate_id: standard.id }] },
      { tax_total: '190.00', total: '1190.00' },
    );

    // EUR payments: I1 in full Sat 2026-01-10; I2 partly Sat 2026-01-31; I6 in cash; I5 in full, then a refund.
    await pay(owner, i1.id, '119.00', '2026-01-10');
    await pay(owner, i2.id, '100.00', '2026-01-31', { method: 'card' });
    await pay(owner, i6.id, '20.00', '2026-02-21', { method: 'cash' });
    const p5 = await pay(owner, i5.id, '1190.00', '2026-04-03');
    const refund = await owner.post(`/api/v1/payments/${p5.id}/refund`, { amount: '90.00', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);

    // Credit note on (paid) I1, Tue 2026-02-03: 59.50 gross at 19% → net 50.00, tax 9.50.
    const note = await owner.post(`/api/v1/invoices/${i1.id}/credit-notes`, { amount: '59.50', reason: 'Partial refund of scope', issue_date: '2026-02-03' });
    expect(note.status, note.text).toBe(201);
    expect(note.body).toMatchObject({ issue_date: '2026-02-03', subtotal: '50.00', tax_total: '9.50', total: '59.50' });
    creditNotes.push(note.body);

    // U1 overpaid with 500.00 on Tue 2026-01-20 (200.00 becomes credit).
    await pay(owner, u1.id, '500.00', '2026-01-20', { allow_overpayment: true });
    // U2: the 200.00 credit applied today (not cash), 250.00 paid Thu 2026-04-02.
    const applied = await owner.post(`/api/v1/invoices/${u2.id}/apply-credit`, {});
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({ method: 'customer_credit', amount: '200.00' });
    await pay(owner, u2.id, '250.00', '2026-04-02');

    // Another organization, same dates and currencies: must never show.
    const other = await secondOrganization(owner);
    const otherRate = await createTaxRate(other, { name: 'Other 19%', percentage: '19' });
    for (const currency of ['EUR', 'USD']) {
      const foreign = await finalizedInvoice(other, {
        currency,
        issue_date: '2026-01-02',
        lines: [{ description: 'Foreign', quantity: '1', unit_price: '9000.00', tax_rate_id: otherRate.id }],
      });
      await pay(other, foreign.id, '1000.00', '2026-01-02', { method: 'card' });
    }
  });
  afterAll(() => server.close());

  it('sums sales to the minor unit for every grouping, credit notes subtracted by their own date', async () => {
    for (const groupBy of GROUPINGS) {
      const body = await report(`sales?group_by=${groupBy}`);
      expect(body, groupBy).toEqual({
        group_by: groupBy,
        currencies: [
          { currency: 'EUR', periods: EXPECTED_SALES[groupBy].EUR },
          { currency: 'USD', periods: EXPECTED_SALES[groupBy].USD },
        ],
      });
    }
  });

  it('groups by month by default and limits to from/to and to a customer', async () => {
    expect((await report('sales')).group_by).toBe('month');
    expect((await report('sales')).currencies[0].periods).toEqual(EXPECTED_SALES.month.EUR);
    const firstQuarter = await report('sales?from=2026-01-01&to=2026-03-31&group_by=quarter');
    expect(firstQuarter.currencies).toEqual([
      { currency: 'EUR', periods: [s('2026-01-01', '323.33', '32.43', '355.76', 4)] },
      { currency: 'USD', periods: [s('2026-01-01', '750.00', '0.00', '750.00', 2)] },
    ]);
    const usdOnly = await report(`sales?customer_id=${usdCustomer.id}&group_by=year`);
    expect(usdOnly.currencies).toEqual([{ currency: 'USD', periods: EXPECTED_SALES.year.USD }]);
    // Without I6's customer: February is I4 (80.00) less the credit note (59.50).
    const euro = await report(`sales?customer_id=${euroCustomer.id}&from=2026-02-01&to=2026-02-28`);
    expect(euro.currencies).toEqual([{ currency: 'EUR', periods: [s('2026-02-01', '30.00', '-9.50', '20.50', 1)] }]);
    expect((await report('sales?from=2027-01-01')).currencies).toEqual([]);
    expect((await report('sales?customer_id=cus_not_there')).currencies).toEqual([]);
  });

  it('sums revenue (cash received less refunds; credit applied is not cash) for every grouping', async () => {
    for (const groupBy of GROUPINGS) {
      const body = await report(`revenue?group_by=${groupBy}`);
      expect(body, groupBy).toEqual({
        group_by: groupBy,
        currencies: [
          { currency: 'EUR', periods: EXPECTED_REVENUE[groupBy].EUR },
          { currency: 'USD', periods: EXPECTED_REVENUE[groupBy].USD },
        ],
      });
    }
    const usdOnly = await report(`revenue?customer_id=${usdCustomer.id}&group_by=year`);
    expect(usdOnly.currencies).toEqual([{ currency: 'USD', periods: EXPECTED_REVENUE.year.USD }]);
  });

  it('matches /reports/summary collected over the same ranges', async () => {
    const ranges: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-03-31'],
      ['2026-04-01', '2026-04-06'],
      ['2026-04-01', '2026-04-30'],
    ];
    for (const [from, to] of ranges) {
      const search = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join('&');
      const revenue = await report(`revenue?group_by=year&${search}`);
      const summary = await report(`summary?${search}`, owner);
      for (const entry of summary.currencies as { currency: string; collected: string }[]) {
        const periods = (revenue.currencies as { currency: string; periods: { total: string }[] }[]).find((c) => c.currency === entry.currency)?.periods ?? [];
        const total = periods.reduce((sum, p) => sum + cents(p.total), 0n);
        expect(total, `${entry.currency} ${search}`).toBe(cents(entry.collected));
      }
    }
  });

  it('reports taxes per rate, invoices less credit notes', async () => {
    expect(await report('taxes')).toEqual({
      currencies: [
        {
          currency: 'EUR',
          rates: [
            { tax_rate_id: null, name: null, category: 'O', percentage: '0', taxable_amount: '100.00', tax_amount: '0.00' },
            { tax_rate_id: reduced.id, name: FORMULA_NAME, category: 'S', percentage: '7', taxable_amount: '83.33', tax_amount: '5.83' },
            // 100.00 + 190.00 + 1000.00 − 50.00 = 1240.00; 19.00 + 36.10 + 190.00 − 9.50 = 235.60.
            { tax_rate_id: standard.id, name: 'Standard 19%', category: 'S', percentage: '19', taxable_amount: '1240.00', tax_amount: '235.60' },
          ],
        },
        { currency: 'USD', rates: [{ tax_rate_id: null, name: null, category: 'O', percentage: '0', taxable_amount: '750.00', tax_amount: '0.00' }] },
      ],
    });
    // Only the credit note in February: its rate is still named.
    const february = await report('taxes?from=2026-02-03&to=2026-02-03');
    expect(february.currencies).toEqual([
      { currency: 'EUR', rates: [{ tax_rate_id: standard.id, name: 'Standard 19%', category: 'S', percentage: '19', taxable_amount: '-50.00', tax_amount: '-9.50' }] },
    ]);
  });

  it('reconciles exactly with the invoices’ and credit notes’ own breakdowns', async () => {
    const expected = new Map<string, { taxable: bigint; tax: bigint }>();
    const add = (currency: string, taxes: { tax_rate_id: string | null; category: string; percentage: string; taxable_amount: string; tax_amount: string }[], sign: bigint) => {
      for (const t of taxes) {
        const key = `${currency}|${t.category}|${t.percentage}|${t.tax_rate_id ?? ''}`;
        const sums = expected.get(key) ?? { taxable: 0n, tax: 0n };
        sums.taxable += sign * cents(t.taxable_amount);
        sums.tax += sign * cents(t.tax_amount);
        expected.set(key, sums);
      }
    };
    for (const invoice of invoices) add(invoice.currency as string, invoice.taxes, 1n);
    for (const note of creditNotes) add(note.currency as string, note.taxes, -1n);

    const actual = new Map<string, { taxable: bigint; tax: bigint }>();
    for (const c of (await report('taxes')).currencies) {
      for (const t of c.rates) actual.set(`${c.currency}|${t.category}|${t.percentage}|${t.tax_rate_id ?? ''}`, { taxable: cents(t.taxable_amount), tax: cents(t.tax_amount) });
    }
    expect(actual).toEqual(expected);
  });

  it('gives, per period, the same tax as the tax report over that period', async () => {
    const lastDay = (monthStart: string) => {
      const [y, m] = monthStart.split('-').map(Number) as [number, number];
      return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    };
    const sales = await report('sales?group_by=month');
    let checked = 0;
    for (const c of sales.currencies) {
      for (const p of c.periods) {
        const taxes = await report(`taxes?from=${p.period}&to=${lastDay(p.period as string)}`);
        const rates = (taxes.currencies as { currency: string; rates: { tax_amount: string }[] }[]).find((t) => t.currency === c.currency)?.rates ?? [];
        expect(rates.reduce((sum, t) => sum + cents(t.tax_amount), 0n), `${c.currency} ${p.period}`).toBe(cents(p.tax));
        checked += 1;
      }
    }
    expect(checked).toBe(6);
    // And over the whole range: 19.00 + 222.43 = 241.43 = 5.83 + 235.60.
    const all = await report('taxes');
    expect(all.currencies[0].rates.reduce((sum: bigint, t: { tax_amount: string }) => sum + cents(t.tax_amount), 0n)).toBe(24143n);
  });

  it('exports CSV with the same figures, and formula-like text neutralised', async () => {
    const sales = await accountant.get('/api/v1/reports/sales?group_by=year&format=csv');
    expect(sales.status, sales.text).toBe(200);
    expect(sales.headers.get('content-type')).toContain('text/csv');
    expect(sales.headers.get('content-disposition')).toBe('attachment; filename="sales.csv"');
    expect(sales.text).toBe(
      [
        'currency,period,net,tax,total,count',
        'EUR,2025-01-01,100.00,19.00,119.00,1',
        'EUR,2026-01-01,1323.33,222.43,1545.76,5',
        'USD,2026-01-01,750.00,0.00,750.00,2',
        '',
      ].join('\r\n'),
    );

    const revenue = await accountant.get('/api/v1/reports/revenue?group_by=week&from=2026-04-01&format=csv');
    expect(revenue.status, revenue.text).toBe(200);
    expect(revenue.text).toBe(['currency,period,total,count', 'EUR,2026-03-30,1190.00,1', 'EUR,2026-04-06,-90.00,0', 'USD,2026-03-30,250.00,1', ''].join('\r\n'));

    const taxes = await accountant.get('/api/v1/reports/taxes?format=csv');
    expect(taxes.status, taxes.text).toBe(200);
    expect(taxes.text).toBe(
      [
        'currency,tax_rate_id,name,category,percentage,taxable_amount,tax_amount',
        'EUR,,,O,0,100.00,0.00',
        `EUR,${reduced.id},"'=HYPERLINK(""http://evil.example"",""7%"")",S,7,83.33,5.83`,
        `EUR,${standard.id},Standard 19%,S,19,1240.00,235.60`,
        'USD,,,O,0,750.00,0.00',
        '',
      ].join('\r\n'),
    );
  });

  it('is for accountants and above: a viewer and a sales user get 403', async () => {
    for (const role of ['viewer', 'sales'] as const) {
      const client = await userWithRole(owner, role);
      for (const path of ['sales', 'revenue', 'taxes', 'sales?format=csv']) {
        const response = await client.get(`/api/v1/reports/${path}`);
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect((await report('taxes', owner)).currencies).toHaveLength(2);
  });

  it('refuses bad parameters with 422 naming the field', async () => {
    for (const [path, field] of [
      ['sales?group_by=fortnight', 'group_by'],
      ['revenue?group_by=', 'group_by'],
      ['sales?from=2026-13-01', 'from'],
      ['revenue?from=yesterday', 'from'],
      ['sales?to=2026-02-29', 'to'],
      ['sales?from=2026-02-02&to=2026-02-01', 'to'],
      ['taxes?from=2026-02-30', 'from'],
      ['taxes?from=2026-03-02&to=2026-03-01', 'to'],
      ['sales?format=xlsx', 'format'],
    ] as const) {
      const response = await accountant.get(`/api/v1/reports/${path}`);
      expect(response.status, `${path}: ${response.text}`).toBe(422);
      expect(response.body.errors.map((e: { path: string }) => e.path), path).toContain(field);
    }
  });
});
