/**
 * GET /reports/summary on both databases, with figures computed by hand: two currencies,
 * partial and full payments, a refund, a payment from customer credit (not new cash), an
 * invoice made overdue by moving the clock, drafts and voided invoices left out, another
 * organization's data never included, and bad dates refused naming the field.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizeInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const line = (unit_price: string) => [{ description: 'Work', quantity: '1', unit_price }];

describeEachDb('reports: summary', (kind) => {
  let server: TestServer;
  let owner: Client;

  async function pay(invoiceId: string, amount: string, date: string, extra: Record<string, unknown> = {}) {
    const response = await owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method: 'bank_transfer', ...extra });
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  async function summary(client: Client, search = '') {
    const response = await client.get(`/api/v1/reports/summary${search}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    const customer = await createCustomer(owner);
    const american = await createCustomer(owner, { currency: 'USD' });

    // EUR 1: finalized on 2026-10-01 (due 2026-10-31 with 30 days' terms), 30.00 paid: 70.00 overdue.
    server.clock.set('2026-10-01T09:00:00.000Z');
    const first = await finalizedInvoice(owner, { customerId: customer.id, lines: line('100.00') });
    server.clock.set('2026-11-23T10:00:00.000Z');
    expect(first).toMatchObject({ issue_date: '2026-10-01', due_date: '2026-10-31' });
    await pay(first.id, '30.00', '2026-11-05');

    // Issued in date order: issue dates never go backwards within a number series.
    // USD 4: 300.00, overpaid with 500.00: paid, 200.00 left as customer credit.
    const fourth = await finalizedInvoice(owner, { customerId: american.id, issue_date: '2026-11-01', due_date: '2026-11-30', lines: line('300.00') });
    await pay(fourth.id, '500.00', '2026-11-02', { allow_overpayment: true });
    // USD 5: 450.00, due 2026-11-20; the 200.00 credit applied (no new cash): 250.00 overdue.
    const fifth = await finalizedInvoice(owner, { customerId: american.id, issue_date: '2026-11-03', due_date: '2026-11-20', lines: line('450.00') });
    const applied = await owner.post(`/api/v1/invoices/${fifth.id}/apply-credit`, {});
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({ method: 'customer_credit', amount: '200.00' });

    // EUR 2: 250.00 open, not yet due.
    await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-10', due_date: '2026-12-10', lines: line('250.00') });

    // Neither a draft nor a voided invoice counts.
    await draftInvoice(owner, { customerId: customer.id, lines: line('999.00') });
    const voided = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-11', lines: line('77.00') });
    const voiding = await owner.post(`/api/v1/invoices/${voided.id}/void`, { reason: 'Wrong customer' });
    expect(voiding.status, voiding.text).toBe(200);

    // EUR 3: 50.00 paid in cash, then 20.00 refunded today (2026-11-23): 20.00 due again, not overdue.
    const third = await finalizedInvoice(owner, { customerId: customer.id, issue_date: '2026-11-12', due_date: '2026-12-12', lines: line('50.00') });
    const cash = await pay(third.id, '50.00', '2026-11-15', { method: 'cash' });
    const refund = await owner.post(`/api/v1/payments/${cash.id}/refund`, { amount: '20.00', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);

    // Another organization's invoices and payments must never show.
    const other = await secondOrganization(owner);
    const foreign = await finalizedInvoice(other, { currency: 'USD', issue_date: '2026-11-05', due_date: '2026-11-06', lines: line('9000.00') });
    const foreignPayment = await other.post('/api/v1/payments', { invoice_id: foreign.id, amount: '1000.00', date: '2026-11-07', method: 'card' });
    expect(foreignPayment.status, foreignPayment.text).toBe(201);
    const draftOnly = await finalizeInvoice(other, (await draftInvoice(other, { currency: 'GBP', lines: line('5.00') })).id as string);
    expect(draftOnly.status).toBe('open');
  });
  afterAll(() => server.close());

  it('sums all time per currency: invoiced, collected (refunds out, customer credit not cash), outstanding and overdue now', async () => {
    expect(await summary(owner)).toEqual({
      from: null,
      to: null,
      currencies: [
        { currency: 'EUR', invoiced: '400.00', collected: '60.00', outstanding: '340.00', overdue: '70.00', invoice_count: 3, overdue_count: 1 },
        { currency: 'USD', invoiced: '750.00', collected: '500.00', outstanding: '250.00', overdue: '250.00', invoice_count: 2, overdue_count: 1 },
      ],
    });
  });

  it('limits invoiced and collected to the period; outstanding and overdue stay as of today', async () => {
    const november = await summary(owner, '?from=2026-11-01&to=2026-11-30');
    expect(november.currencies).toEqual([
      { currency: 'EUR', invoiced: '300.00', collected: '60.00', outstanding: '340.00', overdue: '70.00', invoice_count: 2, overdue_count: 1 },
      { currency: 'USD', invoiced: '750.00', collected: '500.00', outstanding: '250.00', overdue: '250.00', invoice_count: 2, overdue_count: 1 },
    ]);
    // The refund was made on 2026-11-23: before that day the cash payment counts in full.
    const beforeRefund = await summary(owner, '?from=2026-11-01&to=2026-11-22');
    expect(beforeRefund.currencies[0]).toMatchObject({ currency: 'EUR', invoiced: '300.00', collected: '80.00' });
    const october = await summary(owner, '?to=2026-10-31');
    expect(october.currencies).toEqual([
      { currency: 'EUR', invoiced: '100.00', collected: '0.00', outstanding: '340.00', overdue: '70.00', invoice_count: 1, overdue_count: 1 },
      { currency: 'USD', invoiced: '0.00', collected: '0.00', outstanding: '250.00', overdue: '250.00', invoice_count: 0, overdue_count: 1 },
    ]);
  });

  it('follows the clock: an invoice becomes overdue the day after its due date', async () => {
    // A session would have expired by then: read with an API token.
    const token = await owner.post('/api/v1/api-tokens', { name: 'Reports', role: 'viewer' });
    expect(token.status, token.text).toBe(201);
    server.clock.set('2026-12-11T10:00:00.000Z');
    try {
      const later = await summary(owner.withToken(token.body.token as string));
      expect(later.currencies[0]).toMatchObject({ currency: 'EUR', outstanding: '340.00', overdue: '320.00', overdue_count: 2 });
    } finally {
      server.clock.set('2026-11-23T10:00:00.000Z');
    }
  });

  it('is readable by a viewer', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    expect((await summary(viewer)).currencies).toHaveLength(2);
  });

  it('refuses bad dates with 422 naming the field', async () => {
    for (const [search, field] of [
      ['?from=2026-13-01', 'from'],
      ['?from=yesterday', 'from'],
      ['?to=2026-02-30', 'to'],
      ['?from=2026-11-02&to=2026-11-01', 'to'],
    ] as const) {
      const response = await owner.get(`/api/v1/reports/summary${search}`);
      expect(response.status, `${search}: ${response.text}`).toBe(422);
      expect(response.body.errors.map((e: { path: string }) => e.path), search).toContain(field);
    }
  });
});
