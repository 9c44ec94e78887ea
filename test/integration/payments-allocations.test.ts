/**
 * One payment over several invoices (POST /payments with customer_id) on both databases:
 * oldest due first exact to the cent, the rest as customer credit, explicit allocations,
 * every validation error, concurrent payments of one customer, and the reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

/** A payment date after any issue date of the suite (the server's clock is today's). */
const DATE = '2027-03-10';

describeEachDb('payments over several invoices', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  const invoiceFor = (customerId: string, price: string, due: string, extra: Record<string, unknown> = {}) =>
    finalizedInvoice(owner, { customerId, due_date: due, lines: [{ description: 'Work', quantity: '1', unit_price: price }], ...extra });
  const pay = (body: Record<string, unknown>) => owner.post('/api/v1/payments', { date: DATE, method: 'bank_transfer', ...body });
  const invoice = async (id: string) => (await owner.get(`/api/v1/invoices/${id}`)).body;
  const balances = async (customerId: string) => (await owner.get(`/api/v1/customers/${customerId}`)).body.balances;

  it('spreads 100.00 over 33.33, 33.33 and 50.00 oldest due first, exact to the cent', async () => {
    const customer = await createCustomer(owner);
    // Created newest first: the order comes from the due dates, not from creation.
    const c = await invoiceFor(customer.id, '50.00', '2027-02-20');
    const b = await invoiceFor(customer.id, '33.33', '2027-02-10');
    const a = await invoiceFor(customer.id, '33.33', '2027-02-01');
    const response = await pay({ customer_id: customer.id, amount: '100.00', reference: 'BATCH-1' });
    expect(response.status, response.text).toBe(201);
    const group = response.body;
    expect(group).toMatchObject({
      customer_id: customer.id,
      currency: 'EUR',
      amount: '100.00',
      applied_amount: '100.00',
      unapplied_amount: '0.00',
      date: DATE,
      method: 'bank_transfer',
      reference: 'BATCH-1',
    });
    expect(group.id).toMatch(/^pgr_/);
    expect(group.allocations.map((x: any) => [x.invoice_id, x.invoice_number, x.amount])).toEqual([
      [a.id, a.number, '33.33'],
      [b.id, b.number, '33.33'],
      [c.id, c.number, '33.34'],
    ]);
    expect(group.payments).toHaveLength(3);
    for (const [i, payment] of group.payments.entries()) {
      expect(payment).toMatchObject({ group_id: group.id, customer_id: customer.id, reference: 'BATCH-1', refunds: [] });
      expect(group.allocations[i].payment_id).toBe(payment.id);
    }
    expect(await invoice(a.id)).toMatchObject({ status: 'paid', amount_due: '0.00' });
    expect(await invoice(b.id)).toMatchObject({ status: 'paid', amount_due: '0.00' });
    expect(await invoice(c.id)).toMatchObject({ status: 'partially_paid', amount_paid: '33.34', amount_due: '16.66' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '16.66', credit: '0.00' }]);

    // The payments are ordinary payments: listed, with their group id.
    const listed = await owner.get(`/api/v1/payments?customer_id=${customer.id}`);
    expect(listed.body.data.map((p: any) => p.group_id)).toEqual([group.id, group.id, group.id]);
    // One public event per invoice payment, as for payments on one invoice.
    const events = await server.db.kysely.selectFrom('events').select(['type', 'resource_id']).where('type', '=', 'payment.created').execute();
    for (const payment of group.payments) expect(events.map((e) => e.resource_id)).toContain(payment.id);
  });

  it('keeps what is left after every open invoice as customer credit, on the last payment', async () => {
    const customer = await createCustomer(owner);
    const a = await invoiceFor(customer.id, '40.00', '2027-02-01');
    const b = await invoiceFor(customer.id, '25.50', '2027-02-02');
    const response = await pay({ customer_id: customer.id, amount: '100.00' });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ applied_amount: '65.50', unapplied_amount: '34.50' });
    expect(response.body.payments.map((p: any) => [p.invoice_id, p.amount, p.applied_amount, p.excess_amount])).toEqual([
      [a.id, '40.00', '40.00', '0.00'],
      [b.id, '60.00', '25.50', '34.50'],
    ]);
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '34.50' }]);
    // Refunding the last payment gives back the credit first, as for any overpayment.
    const refund = await owner.post(`/api/v1/payments/${response.body.payments[1].id}/refund`, { amount: '34.50', reason: 'returned' });
    expect(refund.status, refund.text).toBe(200);
    expect(await balances(customer.id)).toEqual([]);
    expect(await invoice(b.id)).toMatchObject({ status: 'paid' });
  });

  it('pays only open invoices of the customer in the payment currency; currency defaults to the customer one', async () => {
    const customer = await createCustomer(owner, { currency: 'USD' });
    const usd = await invoiceFor(customer.id, '10.00', '2027-02-01', { currency: 'USD' });
    const eur = await invoiceFor(customer.id, '10.00', '2027-01-01', { currency: 'EUR' });
    const other = await invoiceFor((await createCustomer(owner)).id, '10.00', '2027-01-01', { currency: 'USD' });
    const draft = await owner.post('/api/v1/invoices', { customer_id: customer.id, currency: 'USD', lines: [{ description: 'x', quantity: '1', unit_price: '5' }] });
    expect(draft.status).toBe(201);
    const response = await pay({ customer_id: customer.id, amount: '4.00' });
    expect(response.status, response.text).toBe(201);
    expect(response.body.currency).toBe('USD');
    expect(response.body.allocations.map((x: any) => x.invoice_id)).toEqual([usd.id]);
    const inEur = await pay({ customer_id: customer.id, amount: '4', currency: 'eur' });
    expect(inEur.status, inEur.text).toBe(201);
    expect(inEur.body.allocations.map((x: any) => [x.invoice_id, x.amount])).toEqual([[eur.id, '4.00']]);
    expect((await invoice(other.id)).amount_paid).toBe('0.00');
  });

  it('applies explicit allocations as given, the rest to credit', async () => {
    const customer = await createCustomer(owner);
    const a = await invoiceFor(customer.id, '30.00', '2027-02-01');
    const b = await invoiceFor(customer.id, '70.00', '2027-02-05');
    const response = await pay({
      customer_id: customer.id,
      amount: '80.00',
      allocations: [
        { invoice_id: b.id, amount: '70.00' },
        { invoice_id: a.id, amount: 5 },
      ],
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ applied_amount: '75.00', unapplied_amount: '5.00' });
    expect(response.body.allocations.map((x: any) => [x.invoice_id, x.amount])).toEqual([
      [b.id, '70.00'],
      [a.id, '5.00'],
    ]);
    expect(await invoice(a.id)).toMatchObject({ status: 'partially_paid', amount_due: '25.00' });
    expect(await invoice(b.id)).toMatchObject({ status: 'paid' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '25.00', credit: '5.00' }]);
  });

  it('refuses bad input with a problem naming the field, and changes nothing', async () => {
    const customer = await createCustomer(owner);
    const a = await invoiceFor(customer.id, '30.00', '2027-02-01');
    const paid = await invoiceFor(customer.id, '10.00', '2027-02-01');
    expect((await pay({ invoice_id: paid.id, amount: '10.00' })).status).toBe(201);
    const usd = await invoiceFor(customer.id, '10.00', '2027-02-01', { currency: 'USD' });
    const stranger = await invoiceFor((await createCustomer(owner)).id, '10.00', '2027-02-01');
    const empty = await createCustomer(owner);
    const other = await secondOrganization(owner, 'Allocations Other Ltd');
    const foreign = await createCustomer(other);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amount: '10.00' }, 422, 'invoice_id'],
      [{ invoice_id: a.id, customer_id: customer.id, amount: '10.00' }, 422, 'customer_id'],
      [{ customer_id: customer.id, amount: '10.00', allow_overpayment: true }, 422, ''],
      [{ customer_id: customer.id, amount: '0' }, 422, 'amount'],
      [{ customer_id: customer.id, amount: '10.001' }, 422, 'amount'],
      [{ customer_id: customer.id, amount: '10.00', currency: 'XXY' }, 422, 'currency'],
      [{ customer_id: customer.id, amount: '10.00', date: '2099-01-01' }, 422, 'date'],
      [{ customer_id: 'cus_nope', amount: '10.00' }, 422, 'customer_id'],
      [{ customer_id: foreign.id, amount: '10.00' }, 422, 'customer_id'],
      [{ customer_id: empty.id, amount: '10.00' }, 409, 'customer_id'],
      [{ customer_id: customer.id, amount: '10.00', currency: 'JPY' }, 409, 'customer_id'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [] }, 422, 'allocations'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id }] }, 422, 'allocations.0.amount'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '-1' }] }, 422, 'allocations.0.amount'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '1.005' }] }, 422, 'allocations.0.amount'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '1', x: 1 }] }, 422, 'allocations.0'],
      [{ customer_id: customer.id, amount: '50.00', allocations: [{ invoice_id: a.id, amount: '30.01' }] }, 409, 'allocations.0.amount'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '10.01' }] }, 422, 'allocations'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '1' }, { invoice_id: a.id, amount: '1' }] }, 422, 'allocations.1.invoice_id'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: a.id, amount: '1' }, { invoice_id: paid.id, amount: '1' }] }, 422, 'allocations.1.invoice_id'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: usd.id, amount: '1' }] }, 422, 'allocations.0.invoice_id'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: stranger.id, amount: '1' }] }, 422, 'allocations.0.invoice_id'],
      [{ customer_id: customer.id, amount: '10.00', allocations: [{ invoice_id: 'inv_nope', amount: '1' }] }, 422, 'allocations.0.invoice_id'],
    ];
    await expectUnchanged(server, async () => {
      for (const [body, status, path] of cases) {
        const response = await pay(body);
        expect(response.status, `${JSON.stringify(body)} → ${response.text}`).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const paths = (response.body.errors ?? []).map((e: any) => e.path);
        expect(paths.some((p: string) => p.startsWith(path)), `${JSON.stringify(body)} → ${response.text}`).toBe(true);
      }
      const notObject = await owner.post('/api/v1/payments', [1, 2]);
      expect(notObject.status).toBe(422);
    });
  });

  it('keeps the single-invoice form exactly as it was', async () => {
    const inv = await finalizedInvoice(owner);
    const response = await pay({ invoice_id: inv.id, amount: '20.00' });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ invoice_id: inv.id, amount: '20.00', applied_amount: '20.00', group_id: null });
    expect(response.body.allocations).toBeUndefined();
    const over = await pay({ invoice_id: inv.id, amount: '90.00' });
    expect(over.status).toBe(409);
  });

  it('runs concurrent payments of one customer one after the other: no deadlock, no 500, amounts consistent', async () => {
    const customer = await createCustomer(owner);
    const invoices = [];
    for (let i = 0; i < 4; i++) invoices.push(await invoiceFor(customer.id, '25.00', `2027-02-0${i + 1}`));
    const single = invoices[3];
    const responses = await Promise.all([
      ...Array.from({ length: 6 }, () => pay({ customer_id: customer.id, amount: '15.00' })),
      pay({ invoice_id: single.id, amount: '5.00' }),
      owner.post(`/api/v1/invoices/${invoices[0].id}/void`),
    ]);
    for (const r of responses) expect([200, 201, 409], r.text).toContain(r.status);
    const total = responses.slice(0, 7).filter((r) => r.status === 201).length;
    expect(total).toBeGreaterThanOrEqual(7 - 1);
    const after = await Promise.all(invoices.map((inv) => invoice(inv.id)));
    const paid = after.reduce((sum, inv) => sum + Math.round(Number(inv.amount_paid) * 100), 0);
    // 6 × 15.00 + 5.00 received; whatever no invoice could take is credit.
    const credit = Math.round(Number((await balances(customer.id))[0].credit) * 100);
    expect(paid + credit).toBe(9500);
    for (const inv of after) expect(Number(inv.amount_paid) + Number(inv.amount_due)).toBeCloseTo(inv.status === 'void' ? Number(inv.amount_due) : 25, 5);
  });

  describe('reports', () => {
    it('count the whole payment as collected on its date, and the invoices as paid', async () => {
      const summary = async () => (await owner.get(`/api/v1/reports/summary?from=2027-06-15&to=2027-06-15`)).body.currencies.find((c: any) => c.currency === 'EUR');
      const before = await summary();
      const customer = await createCustomer(owner);
      await invoiceFor(customer.id, '60.00', '2027-02-01');
      await invoiceFor(customer.id, '30.00', '2027-02-02');
      const mid = await summary();
      const response = await owner.post('/api/v1/payments', { customer_id: customer.id, amount: '100.00', date: '2027-06-15', method: 'cash' });
      expect(response.status, response.text).toBe(201);
      const after = await summary();
      const cents = (s: any, key: string) => Math.round(Number(s?.[key] ?? 0) * 100);
      expect(cents(after, 'collected') - cents(before, 'collected')).toBe(10000);
      expect(cents(mid, 'outstanding') - cents(after, 'outstanding')).toBe(9000);
      const revenue = (await owner.get('/api/v1/reports/revenue?group_by=day&from=2027-06-15&to=2027-06-15')).body;
      const day = revenue.currencies.find((c: any) => c.currency === 'EUR').periods.find((p: any) => p.period.startsWith('2027-06-15'));
      expect(day.total).toBe('100.00');
      expect(day.count).toBe(2);
    });
  });
});
