/**
 * Money under concurrency, on both databases: simultaneous payments never overpay an
 * invoice, simultaneous refunds never give back more than a payment brought in, and
 * simultaneous credit applications never spend the same credit twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('payments under concurrency', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  const pay = (invoiceId: string, amount: string, extra: Record<string, unknown> = {}) =>
    owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date: '2026-11-20', method: 'online', ...extra });

  it('10 concurrent payments of 30.00 on a 100.00 invoice: exactly 3 succeed, amount paid 90.00', async () => {
    const inv = await finalizedInvoice(owner);
    const responses = await Promise.all(Array.from({ length: 10 }, () => pay(inv.id, '30.00')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses, responses.map((r) => r.text.slice(0, 100)).join('\n')).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    const invoice = (await owner.get(`/api/v1/invoices/${inv.id}`)).body;
    expect(invoice).toMatchObject({ status: 'partially_paid', amount_paid: '90.00', amount_due: '10.00' });
    const history = await owner.get(`/api/v1/payments?invoice_id=${inv.id}`);
    expect(history.body.data).toHaveLength(3);
  });

  it('concurrent refunds never exceed the payment', async () => {
    const inv = await finalizedInvoice(owner);
    const payment = (await pay(inv.id, '100.00')).body;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '15.00', reason: `r${i}` })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(6);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(4);
    const after = (await owner.get(`/api/v1/payments/${payment.id}`)).body;
    expect(after.refunded_amount).toBe('90.00');
    expect(after.refunds).toHaveLength(6);
    expect((await owner.get(`/api/v1/invoices/${inv.id}`)).body).toMatchObject({ status: 'partially_paid', amount_paid: '10.00' });
  });

  it('concurrent refunds and credit applications never spend one credit twice', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });
    const payment = (await pay(inv.id, '150.00', { allow_overpayment: true })).body;
    const targets = await Promise.all(Array.from({ length: 4 }, () => finalizedInvoice(owner, { customerId: customer.id })));
    const responses = await Promise.all([
      ...targets.map((t) => owner.post(`/api/v1/invoices/${t.id}/apply-credit`, { amount: '20.00' })),
      ...Array.from({ length: 3 }, () => owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '20.00', reason: 'race' })),
    ]);
    for (const r of responses) expect([200, 201, 409], r.text).toContain(r.status);
    const [row] = await server.db.kysely
      .selectFrom('customer_credit_entries')
      .select((eb) => eb.fn.sum<number | string>('amount').as('total'))
      .where('customer_id', '=', customer.id)
      .execute();
    const credit = BigInt(row?.total ?? 0);
    expect(credit >= 0n).toBe(true);
    const applied = responses.slice(0, 4).filter((r) => r.status === 201).length;
    const refunded = (await owner.get(`/api/v1/payments/${payment.id}`)).body;
    // Every cent is accounted for: 50.00 of credit = applied + taken back by refunds + what is left.
    const refundedMinor = BigInt(refunded.refunded_amount.replace('.', ''));
    const paidMinor = BigInt((await owner.get(`/api/v1/invoices/${inv.id}`)).body.amount_paid.replace('.', ''));
    const fromInvoice = 10000n - paidMinor;
    expect(BigInt(applied) * 2000n + (refundedMinor - fromInvoice) + credit).toBe(5000n);
  });
});
