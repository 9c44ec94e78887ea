/**
 * GET /reports/aging and GET /customers/:id/statement on both databases, with a data set
 * built through the API and every figure computed by hand (clock: 2026-11-23):
 *
 *   EUR Alpha    A1 1000.00 issued 07-01 due 07-31, 250.00 paid 08-15      → 750.00, 115 days: over 90
 *                A2  400.00 issued 09-01 due 10-01, credit note 100.00      → 300.00,  53 days: 31–60
 *                A3  200.00 issued 11-01 due 12-01                          → 200.00, not due: current
 *                A4   80.00 issued 10-01 due 10-31, paid 10-20, 30.00 refunded 11-10 → 30.00, 23 days: 1–30
 *   EUR =HYPERLINK("x")  B1 500.00 due 08-25 (90 days: 61–90), B2 60.00 due today (current)
 *   EUR Zeta     C1  560.00 due 10-24 (30 days: 1–30) — ties with B at 560.00, sorted by name
 *   USD Delta    D1  300.00 due 09-22, 50.00 of credit applied → 250.00, 62 days: 61–90
 *                D2  100.00 paid 150.00 (50.00 credit), credit note 20.00 (more credit) → paid
 *   Left out: drafts, a voided invoice, paid invoices, another organization's invoices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const line = (unit_price: string) => [{ description: 'Work', quantity: '1', unit_price }];
const TODAY = '2026-11-23T10:00:00.000Z';
const HYPERLINK = '=HYPERLINK("x")';

describeEachDb('reports: aging and customer statements', (kind) => {
  let server: TestServer;
  let owner: Client;
  let accountant: Client;
  let other: Client;
  const ids = {} as Record<'alpha' | 'beta' | 'zeta' | 'delta' | 'foreignCustomer', string>;
  const numbers = {} as Record<'A1' | 'A2' | 'A3' | 'A4' | 'D1' | 'D2' | 'CN_A2' | 'CN_D2', string>;

  async function pay(client: Client, invoiceId: string, amount: string, date: string, extra: Record<string, unknown> = {}) {
    const response = await client.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method: 'bank_transfer', ...extra });
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  async function creditNote(invoiceId: string, amount: string, issueDate: string) {
    const response = await owner.post(`/api/v1/invoices/${invoiceId}/credit-notes`, { amount, reason: 'Correction', issue_date: issueDate });
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  async function aging(client: Client, search = '') {
    const response = await client.get(`/api/v1/reports/aging${search}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  async function statement(customerId: string, search = '') {
    const response = await accountant.get(`/api/v1/customers/${customerId}/statement${search}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    accountant = await userWithRole(owner, 'accountant');
    ids.alpha = (await createCustomer(owner, { name: 'Alpha' })).id;
    ids.beta = (await createCustomer(owner, { name: HYPERLINK })).id;
    ids.zeta = (await createCustomer(owner, { name: 'Zeta' })).id;
    ids.delta = (await createCustomer(owner, { name: 'Delta', currency: 'USD' })).id;

    const invoice = async (customerId: string, issue_date: string, due_date: string, amount: string) =>
      finalizedInvoice(owner, { customerId, issue_date, due_date, lines: line(amount) });

    // Issued in date order: issue dates never go backwards within a number series.
    // Left out: a voided invoice, a paid one (and a draft, below).
    const voided = await invoice(ids.zeta, '2026-06-01', '2026-06-15', '77.00');
    expect((await owner.post(`/api/v1/invoices/${voided.id}/void`, { reason: 'Wrong customer' })).status).toBe(200);
    const paid = await invoice(ids.zeta, '2026-06-01', '2026-06-15', '40.00');
    await pay(owner, paid.id, '40.00', '2026-06-20');

    const a1 = await invoice(ids.alpha, '2026-07-01', '2026-07-31', '1000.00');
    await pay(owner, a1.id, '250.00', '2026-08-15');
    await invoice(ids.beta, '2026-08-01', '2026-08-25', '500.00');
    const a2 = await invoice(ids.alpha, '2026-09-01', '2026-10-01', '400.00');
    const d1 = await invoice(ids.delta, '2026-09-15', '2026-09-22', '300.00');
    const a4 = await invoice(ids.alpha, '2026-10-01', '2026-10-31', '80.00');
    await invoice(ids.zeta, '2026-10-01', '2026-10-24', '560.00');
    const cnA2 = await creditNote(a2.id, '100.00', '2026-10-05');
    const cash = await pay(owner, a4.id, '80.00', '2026-10-20', { method: 'cash' });
    server.clock.set('2026-11-10T12:00:00.000Z');
    const refund = await owner.post(`/api/v1/payments/${cash.id}/refund`, { amount: '30.00', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);
    server.clock.set(TODAY);
    const a3 = await invoice(ids.alpha, '2026-11-01', '2026-12-01', '200.00');

    const d2 = await invoice(ids.delta, '2026-11-01', '2026-11-30', '100.00');
    await pay(owner, d2.id, '150.00', '2026-11-02', { allow_overpayment: true });
    const cnD2 = await creditNote(d2.id, '20.00', '2026-11-05');
    expect(cnD2).toMatchObject({ applied_amount: '0.00', credit_amount: '20.00' });
    const applied = await owner.post(`/api/v1/invoices/${d1.id}/apply-credit`, { amount: '50.00' });
    expect(applied.status, applied.text).toBe(201);
    await invoice(ids.beta, '2026-11-20', '2026-11-23', '60.00');
    await draftInvoice(owner, { customerId: ids.alpha, lines: line('999.00') });

    // Another organization: an overdue invoice, in USD like ours.
    other = await secondOrganization(owner);
    const foreignCustomer = await createCustomer(other, { name: 'Foreign' });
    ids.foreignCustomer = foreignCustomer.id;
    await finalizedInvoice(other, { customerId: foreignCustomer.id, currency: 'USD', issue_date: '2026-05-01', due_date: '2026-05-02', lines: line('9000.00') });

    Object.assign(numbers, { A1: a1.number, A2: a2.number, A3: a3.number, A4: a4.number, D1: d1.number, D2: d2.number, CN_A2: cnA2.number, CN_D2: cnD2.number });
  });
  afterAll(() => server.close());

  describe('aging', () => {
    it('buckets the current amount due per customer at today, to the minor unit', async () => {
      expect(await aging(accountant)).toEqual({
        as_of: '2026-11-23',
        currencies: [
          {
            currency: 'EUR',
            rows: [
              { customer_id: ids.alpha, customer_name: 'Alpha', current: '200.00', days_1_30: '30.00', days_31_60: '300.00', days_61_90: '0.00', days_over_90: '750.00', total: '1280.00' },
              { customer_id: ids.beta, customer_name: HYPERLINK, current: '60.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '500.00', days_over_90: '0.00', total: '560.00' },
              { customer_id: ids.zeta, customer_name: 'Zeta', current: '0.00', days_1_30: '560.00', days_31_60: '0.00', days_61_90: '0.00', days_over_90: '0.00', total: '560.00' },
            ],
            totals: { current: '260.00', days_1_30: '590.00', days_31_60: '300.00', days_61_90: '500.00', days_over_90: '750.00', total: '2400.00' },
          },
          {
            currency: 'USD',
            rows: [
              { customer_id: ids.delta, customer_name: 'Delta', current: '0.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '250.00', days_over_90: '0.00', total: '250.00' },
            ],
            totals: { current: '0.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '250.00', days_over_90: '0.00', total: '250.00' },
          },
        ],
      });
    });

    it('reconciles: totals are the sum of the rows and equal outstanding in the summary', async () => {
      const report = await aging(accountant);
      const summary = await owner.get('/api/v1/reports/summary');
      expect(summary.status).toBe(200);
      const cents = (s: string) => BigInt(s.replace('.', ''));
      for (const entry of report.currencies) {
        const keys = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total'] as const;
        for (const key of keys) {
          const sum = entry.rows.reduce((acc: bigint, row: Record<string, string>) => acc + cents(row[key] as string), 0n);
          expect(cents(entry.totals[key]), `${entry.currency} ${key}`).toBe(sum);
        }
        for (const row of entry.rows) {
          expect(cents(row.total)).toBe(keys.slice(0, 5).reduce((acc, key) => acc + cents(row[key]), 0n));
        }
        const outstanding = summary.body.currencies.find((c: { currency: string }) => c.currency === entry.currency).outstanding;
        expect(entry.totals.total, entry.currency).toBe(outstanding);
      }
      expect(report.currencies.map((c: { currency: string }) => c.currency)).toEqual(summary.body.currencies.map((c: { currency: string }) => c.currency));
    });

    it('moves buckets with as_of and leaves out invoices issued after it', async () => {
      const october = await aging(accountant, '?as_of=2026-10-31');
      expect(october.as_of).toBe('2026-10-31');
      expect(october.currencies[0]).toEqual({
        currency: 'EUR',
        rows: [
          { customer_id: ids.alpha, customer_name: 'Alpha', current: '30.00', days_1_30: '300.00', days_31_60: '0.00', days_61_90: '0.00', days_over_90: '750.00', total: '1080.00' },
          { customer_id: ids.zeta, customer_name: 'Zeta', current: '0.00', days_1_30: '560.00', days_31_60: '0.00', days_61_90: '0.00', days_over_90: '0.00', total: '560.00' },
          { customer_id: ids.beta, customer_name: HYPERLINK, current: '0.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '500.00', days_over_90: '0.00', total: '500.00' },
        ],
        totals: { current: '30.00', days_1_30: '860.00', days_31_60: '0.00', days_61_90: '500.00', days_over_90: '750.00', total: '2140.00' },
      });
      expect(october.currencies[1].rows[0]).toMatchObject({ days_31_60: '250.00', total: '250.00' });

      const newYear = await aging(accountant, '?as_of=2026-12-31');
      const alpha = newYear.currencies[0].rows.find((r: { customer_id: string }) => r.customer_id === ids.alpha);
      // A3 due 12-01: 30 days; A4 due 10-31: 61 days; A2 due 10-01: 91 days; A1: over 90.
      expect(alpha).toMatchObject({ current: '0.00', days_1_30: '200.00', days_31_60: '0.00', days_61_90: '30.00', days_over_90: '1050.00', total: '1280.00' });

      // Before anything was issued: nothing at all.
      expect((await aging(accountant, '?as_of=2026-01-01')).currencies).toEqual([]);
    });

    it('defaults as_of to today by the clock', async () => {
      server.clock.set('2026-11-24T08:00:00.000Z');
      try {
        const tomorrow = await aging(owner);
        expect(tomorrow.as_of).toBe('2026-11-24');
        const beta = tomorrow.currencies[0].rows.find((r: { customer_id: string }) => r.customer_id === ids.beta);
        expect(beta).toMatchObject({ current: '0.00', days_1_30: '60.00', days_61_90: '0.00', days_over_90: '500.00' });
      } finally {
        server.clock.set(TODAY);
      }
    });

    it('filters by customer', async () => {
      const report = await aging(accountant, `?customer_id=${ids.delta}`);
      expect(report.currencies).toHaveLength(1);
      expect(report.currencies[0].rows.map((r: { customer_id: string }) => r.customer_id)).toEqual([ids.delta]);
    });

    it("never shows another organization's invoices, and theirs never shows ours", async () => {
      const ours = await aging(accountant);
      expect(JSON.stringify(ours)).not.toContain('Foreign');
      expect(JSON.stringify(ours)).not.toContain('9000');
      expect((await aging(accountant, `?customer_id=${ids.foreignCustomer}`)).currencies).toEqual([]);
      const theirs = await aging(other);
      expect(theirs.currencies).toEqual([
        {
          currency: 'USD',
          rows: [{ customer_id: ids.foreignCustomer, customer_name: 'Foreign', current: '0.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '0.00', days_over_90: '9000.00', total: '9000.00' }],
          totals: { current: '0.00', days_1_30: '0.00', days_31_60: '0.00', days_61_90: '0.00', days_over_90: '9000.00', total: '9000.00' },
        },
      ]);
    });

    it('exports CSV: header, one line per customer and currency, a totals line, CRLF, formula-safe names', async () => {
      const response = await accountant.get('/api/v1/reports/aging?format=csv');
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="aging-2026-11-23.csv"');
      expect(response.text.endsWith('\r\n')).toBe(true);
      expect(response.text.replace(/\r\n/g, '')).not.toContain('\n');
      expect(response.text.split('\r\n')).toEqual([
        'as_of,currency,customer_id,customer_name,current,days_1_30,days_31_60,days_61_90,days_over_90,total',
        `2026-11-23,EUR,${ids.alpha},Alpha,200.00,30.00,300.00,0.00,750.00,1280.00`,
        `2026-11-23,EUR,${ids.beta},"'=HYPERLINK(""x"")",60.00,0.00,0.00,500.00,0.00,560.00`,
        `2026-11-23,EUR,${ids.zeta},Zeta,0.00,560.00,0.00,0.00,0.00,560.00`,
        '2026-11-23,EUR,,TOTAL,260.00,590.00,300.00,500.00,750.00,2400.00',
        `2026-11-23,USD,${ids.delta},Delta,0.00,0.00,0.00,250.00,0.00,250.00`,
        '2026-11-23,USD,,TOTAL,0.00,0.00,0.00,250.00,0.00,250.00',
        '',
      ]);
    });

    it('is for accountants: a viewer and a sales user get 403', async () => {
      for (const role of ['viewer', 'sales'] as const) {
        const client = await userWithRole(owner, role);
        const response = await client.get('/api/v1/reports/aging');
        expect(response.status, role).toBe(403);
        expect((await client.get(`/api/v1/customers/${ids.alpha}/statement`)).status, role).toBe(403);
      }
    });

    it('refuses a bad as_of or customer_id with 422 naming the field', async () => {
      for (const [search, field] of [
        ['?as_of=2026-02-30', 'as_of'],
        ['?as_of=yesterday', 'as_of'],
        ['?as_of=2026-13-01', 'as_of'],
        ['?customer_id=a%20b', 'customer_id'],
        ['?format=xlsx', 'format'],
      ] as const) {
        const response = await accountant.get(`/api/v1/reports/aging${search}`);
        expect(response.status, `${search}: ${response.text}`).toBe(422);
        expect(response.body.errors.map((e: { path: string }) => e.path), search).toContain(field);
      }
    });
  });

  describe('statement', () => {
    it('lists invoices, credit notes, payments and refunds with an exact running balance', async () => {
      expect(await statement(ids.alpha)).toEqual({
        customer_id: ids.alpha,
        currency: 'EUR',
        opening_balance: '0.00',
        entries: [
          { date: '2026-07-01', type: 'invoice', number: numbers.A1, amount: '1000.00', balance: '1000.00' },
          { date: '2026-08-15', type: 'payment', number: numbers.A1, amount: '-250.00', balance: '750.00' },
          { date: '2026-09-01', type: 'invoice', number: numbers.A2, amount: '400.00', balance: '1150.00' },
          { date: '2026-10-01', type: 'invoice', number: numbers.A4, amount: '80.00', balance: '1230.00' },
          { date: '2026-10-05', type: 'credit_note', number: numbers.CN_A2, amount: '-100.00', balance: '1130.00' },
          { date: '2026-10-20', type: 'payment', number: numbers.A4, amount: '-80.00', balance: '1050.00' },
          { date: '2026-11-01', type: 'invoice', number: numbers.A3, amount: '200.00', balance: '1250.00' },
          { date: '2026-11-10', type: 'refund', number: numbers.A4, amount: '30.00', balance: '1280.00' },
        ],
        closing_balance: '1280.00',
      });
    });

    it('reconciles: closing balance = amount due on open invoices − unused customer credit (credit applied is not a payment)', async () => {
      const delta = await statement(ids.delta);
      expect(delta).toEqual({
        customer_id: ids.delta,
        currency: 'USD',
        opening_balance: '0.00',
        entries: [
          { date: '2026-09-15', type: 'invoice', number: numbers.D1, amount: '300.00', balance: '300.00' },
          { date: '2026-11-01', type: 'invoice', number: numbers.D2, amount: '100.00', balance: '400.00' },
          { date: '2026-11-02', type: 'payment', number: numbers.D2, amount: '-150.00', balance: '250.00' },
          { date: '2026-11-05', type: 'credit_note', number: numbers.CN_D2, amount: '-20.00', balance: '230.00' },
        ],
        closing_balance: '230.00',
      });
      const customer = await owner.get(`/api/v1/customers/${ids.delta}`);
      expect(customer.body.balances).toEqual([{ currency: 'USD', outstanding: '250.00', credit: '20.00' }]);
      for (const id of [ids.alpha, ids.beta, ids.zeta]) {
        const balances = (await owner.get(`/api/v1/customers/${id}`)).body.balances;
        expect((await statement(id)).closing_balance).toBe(balances[0].outstanding);
        expect(balances[0].credit).toBe('0.00');
      }
    });

    it('opens with everything before from and stops at to', async () => {
      const period = await statement(ids.alpha, '?from=2026-09-01&to=2026-10-31');
      expect(period).toEqual({
        customer_id: ids.alpha,
        currency: 'EUR',
        opening_balance: '750.00',
        entries: [
          { date: '2026-09-01', type: 'invoice', number: numbers.A2, amount: '400.00', balance: '1150.00' },
          { date: '2026-10-01', type: 'invoice', number: numbers.A4, amount: '80.00', balance: '1230.00' },
          { date: '2026-10-05', type: 'credit_note', number: numbers.CN_A2, amount: '-100.00', balance: '1130.00' },
          { date: '2026-10-20', type: 'payment', number: numbers.A4, amount: '-80.00', balance: '1050.00' },
        ],
        closing_balance: '1050.00',
      });
      const after = await statement(ids.alpha, '?from=2026-12-01');
      expect(after).toMatchObject({ opening_balance: '1280.00', entries: [], closing_balance: '1280.00' });
    });

    it('is per currency: another currency on request, empty when nothing was billed in it', async () => {
      expect(await statement(ids.alpha, '?currency=usd')).toEqual({
        customer_id: ids.alpha,
        currency: 'USD',
        opening_balance: '0.00',
        entries: [],
        closing_balance: '0.00',
      });
    });

    it('exports CSV with opening and closing lines', async () => {
      const response = await accountant.get(`/api/v1/customers/${ids.delta}/statement?format=csv&from=2026-11-02`);
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.text.split('\r\n')).toEqual([
        'date,type,number,currency,amount,balance',
        ',opening_balance,,USD,,400.00',
        `2026-11-02,payment,${numbers.D2},USD,-150.00,250.00`,
        `2026-11-05,credit_note,${numbers.CN_D2},USD,-20.00,230.00`,
        ',closing_balance,,USD,,230.00',
        '',
      ]);
    });

    it("answers 404 for another organization's customer or an unknown one, 422 for bad dates", async () => {
      expect((await accountant.get(`/api/v1/customers/${ids.foreignCustomer}/statement`)).status).toBe(404);
      expect((await accountant.get('/api/v1/customers/cus_missing/statement')).status).toBe(404);
      expect((await other.get(`/api/v1/customers/${ids.alpha}/statement`)).status).toBe(404);
      for (const [search, field] of [
        ['?from=2026-02-30', 'from'],
        ['?to=soon', 'to'],
        ['?from=2026-11-02&to=2026-11-01', 'to'],
        ['?currency=EURO', 'currency'],
      ] as const) {
        const response = await accountant.get(`/api/v1/customers/${ids.alpha}/statement${search}`);
        expect(response.status, `${search}: ${response.text}`).toBe(422);
        expect(response.body.errors.map((e: { path: string }) => e.path), search).toContain(field);
      }
    });
  });
});
