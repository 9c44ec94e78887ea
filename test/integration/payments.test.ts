/**
 * Payments over HTTP on both databases: partial and full payment, overpayment into customer
 * credit, applying credit, refunds (credit first), void with payments, currencies with 0 and
 * 3 decimals, history filters and pagination.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('payments', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function pay(invoiceId: string, amount: string | number, extra: Record<string, unknown> = {}) {
    return owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date: '2026-11-20', method: 'bank_transfer', ...extra });
  }

  async function invoice(id: string) {
    const response = await owner.get(`/api/v1/invoices/${id}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  async function paidAt(id: string): Promise<string | null> {
    const row = await server.db.kysely.selectFrom('invoices').select('paid_at').where('id', '=', id).executeTakeFirstOrThrow();
    return row.paid_at;
  }

  async function balances(customerId: string) {
    const response = await owner.get(`/api/v1/customers/${customerId}`);
    expect(response.status, response.text).toBe(200);
    return response.body.balances;
  }

  it('records a partial then a full payment: open → partially paid → paid, exact amounts', async () => {
    const inv = await finalizedInvoice(owner);
    expect(inv).toMatchObject({ status: 'open', total: '100.00', amount_due: '100.00' });
    expect(await balances(inv.customer_id)).toEqual([{ currency: 'EUR', outstanding: '100.00', credit: '0.00' }]);

    const first = await pay(inv.id, '40.10', { reference: 'TX-1', notes: 'first instalment' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({
      invoice_id: inv.id,
      invoice_number: inv.number,
      customer_id: inv.customer_id,
      currency: 'EUR',
      amount: '40.10',
      applied_amount: '40.10',
      excess_amount: '0.00',
      refunded_amount: '0.00',
      date: '2026-11-20',
      method: 'bank_transfer',
      reference: 'TX-1',
      notes: 'first instalment',
      refunds: [],
    });
    expect(first.body.id).toMatch(/^pay_/);
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amount_paid: '40.10', amount_due: '59.90' });
    expect(await paidAt(inv.id)).toBeNull();
    expect(await balances(inv.customer_id)).toEqual([{ currency: 'EUR', outstanding: '59.90', credit: '0.00' }]);

    const second = await pay(inv.id, 59.9, { method: 'card' });
    expect(second.status, second.text).toBe(201);
    expect(second.body).toMatchObject({ amount: '59.90', applied_amount: '59.90', method: 'card', reference: null });
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', amount_paid: '100.00', amount_due: '0.00' });
    expect(await paidAt(inv.id)).toBe('2026-11-23T10:00:00.000Z');
    expect(await balances(inv.customer_id)).toEqual([]);

    // Nothing more can be paid on a paid invoice.
    await expectUnchanged(server, async () => {
      const more = await pay(inv.id, '1.00');
      expect(more.status).toBe(409);
    });

    expect((await owner.get(`/api/v1/payments/${first.body.id}`)).body).toEqual(first.body);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${second.body.id}`);
    expect(audit.body.data[0]).toMatchObject({ action: 'payment.recorded' });
    const after = typeof audit.body.data[0].after === 'string' ? JSON.parse(audit.body.data[0].after) : audit.body.data[0].after;
    expect(after.invoice).toMatchObject({ status: 'paid', amount_due: '0.00' });
  });

  it('refuses an overpayment unless allowed; the excess becomes customer credit that pays another invoice', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });

    await expectUnchanged(server, async () => {
      const refused = await pay(inv.id, '150.00');
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('100.00');
      expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['amount']);
    });

    const over = await pay(inv.id, '150.00', { allow_overpayment: true });
    expect(over.status, over.text).toBe(201);
    expect(over.body).toMatchObject({ amount: '150.00', applied_amount: '100.00', excess_amount: '50.00' });
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', amount_paid: '100.00', amount_due: '0.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '50.00' }]);
    const listed = await owner.get(`/api/v1/customers?q=${encodeURIComponent(customer.name)}`);
    expect(listed.body.data[0].balances).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '50.00' }]);

    const second = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Work', quantity: '1', unit_price: '80.00' }] });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '80.00', credit: '50.00' }]);

    await expectUnchanged(server, async () => {
      const tooMuch = await owner.post(`/api/v1/invoices/${second.id}/apply-credit`, { amount: '50.01' });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.errors.map((e: { path: string }) => e.path)).toEqual(['amount']);
    });

    const applied = await owner.post(`/api/v1/invoices/${second.id}/apply-credit`, {});
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({
      invoice_id: second.id,
      method: 'customer_credit',
      amount: '50.00',
      applied_amount: '50.00',
      excess_amount: '0.00',
      date: '2026-11-23',
    });
    expect(await invoice(second.id)).toMatchObject({ status: 'partially_paid', amount_paid: '50.00', amount_due: '30.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '30.00', credit: '0.00' }]);

    await expectUnchanged(server, async () => {
      const none = await owner.post(`/api/v1/invoices/${second.id}/apply-credit`);
      expect(none.status).toBe(409);
    });

    // A payment made from credit received no money: it cannot be refunded.
    await expectUnchanged(server, async () => {
      const refund = await owner.post(`/api/v1/payments/${applied.body.id}/refund`, { reason: 'try' });
      expect(refund.status).toBe(409);
    });
  });

  it('applies only part of the credit when asked, and never more than is due', async () => {
    const customer = await createCustomer(owner);
    const a = await finalizedInvoice(owner, { customerId: customer.id });
    expect((await pay(a.id, '200.00', { allow_overpayment: true })).status).toBe(201);
    const b = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Small', quantity: '1', unit_price: '30.00' }] });

    await expectUnchanged(server, async () => {
      const overDue = await owner.post(`/api/v1/invoices/${b.id}/apply-credit`, { amount: '30.01' });
      expect(overDue.status).toBe(409);
      expect(overDue.body.detail).toContain('30.00');
    });
    const part = await owner.post(`/api/v1/invoices/${b.id}/apply-credit`, { amount: '10' });
    expect(part.status, part.text).toBe(201);
    expect(part.body.amount).toBe('10.00');
    const rest = await owner.post(`/api/v1/invoices/${b.id}/apply-credit`);
    expect(rest.body.amount).toBe('20.00');
    expect(await invoice(b.id)).toMatchObject({ status: 'paid', amount_due: '0.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '70.00' }]);
    const paid = await owner.post(`/api/v1/invoices/${b.id}/apply-credit`);
    expect(paid.status).toBe(409);
  });

  it('refunds partially and fully; the invoice is owed again; never more than refundable', async () => {
    const inv = await finalizedInvoice(owner);
    const payment = (await pay(inv.id, '100.00')).body;

    const partial = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '30.00', reason: 'Goodwill' });
    expect(partial.status, partial.text).toBe(200);
    expect(partial.body).toMatchObject({ refunded_amount: '30.00', refunds: [{ amount: '30.00', reason: 'Goodwill', date: '2026-11-23' }] });
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amount_paid: '70.00', amount_due: '30.00' });
    expect(await paidAt(inv.id)).toBeNull();

    await expectUnchanged(server, async () => {
      const tooMuch = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '70.01', reason: 'x' });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.errors.map((e: { path: string }) => e.path)).toEqual(['amount']);
      expect(tooMuch.body.detail).toContain('70.00');
    });

    const rest = await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'Cancelled' });
    expect(rest.status, rest.text).toBe(200);
    expect(rest.body.refunded_amount).toBe('100.00');
    expect(rest.body.refunds.map((r: { amount: string }) => r.amount)).toEqual(['30.00', '70.00']);
    expect(await invoice(inv.id)).toMatchObject({ status: 'open', amount_paid: '0.00', amount_due: '100.00' });

    await expectUnchanged(server, async () => {
      const again = await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'again' });
      expect(again.status).toBe(409);
    });
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${payment.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['payment.refunded', 'payment.refunded', 'payment.recorded']);
  });

  it('refunds an overpaid payment out of the credit first, then out of the invoice', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });
    const payment = (await pay(inv.id, '130.00', { allow_overpayment: true })).body;
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '30.00' }]);

    const first = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '20.00', reason: 'Return excess' });
    expect(first.status, first.text).toBe(200);
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', amount_paid: '100.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '10.00' }]);

    const second = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '25.00', reason: 'Partial return' });
    expect(second.status, second.text).toBe(200);
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amount_paid: '85.00', amount_due: '15.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '15.00', credit: '0.00' }]);
  });

  it('cannot refund excess that was already spent as credit on another invoice', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });
    const payment = (await pay(inv.id, '130.00', { allow_overpayment: true })).body;
    const other = await finalizedInvoice(owner, { customerId: customer.id });
    expect((await owner.post(`/api/v1/invoices/${other.id}/apply-credit`)).body.amount).toBe('30.00');

    await expectUnchanged(server, async () => {
      const all = await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'all' });
      expect(all.status).toBe(409);
      expect(all.body.detail).toContain('100.00');
    });
    const possible = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '100.00', reason: 'what is left' });
    expect(possible.status, possible.text).toBe(200);
    expect(await invoice(inv.id)).toMatchObject({ status: 'open', amount_paid: '0.00', amount_due: '100.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '170.00', credit: '0.00' }]);
  });

  it('takes back the credit a credit note left on a paid invoice when its payment is refunded', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });
    const payment = (await pay(inv.id, '100.00')).body;
    const note = await owner.post(`/api/v1/invoices/${inv.id}/credit-notes`, { amount: '30.00', reason: 'Discount after payment' });
    expect(note.body).toMatchObject({ applied_amount: '0.00', credit_amount: '30.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '30.00' }]);

    const refund = await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'Order cancelled' });
    expect(refund.status, refund.text).toBe(200);
    // The customer got the 100.00 back: the 30.00 credit goes with it, and 70.00 is owed again.
    expect(await invoice(inv.id)).toMatchObject({ status: 'open', amount_paid: '0.00', amount_credited: '30.00', amount_due: '70.00' });
    expect(await balances(customer.id)).toEqual([{ currency: 'EUR', outstanding: '70.00', credit: '0.00' }]);
  });

  it('does not refund in cash what a credit note surplus already paid elsewhere', async () => {
    const customer = await createCustomer(owner);
    const inv = await finalizedInvoice(owner, { customerId: customer.id });
    const payment = (await pay(inv.id, '100.00')).body;
    await owner.post(`/api/v1/invoices/${inv.id}/credit-notes`, { amount: '30.00', reason: 'Discount after payment' });
    const other = await finalizedInvoice(owner, { customerId: customer.id });
    expect((await owner.post(`/api/v1/invoices/${other.id}/apply-credit`)).status).toBe(201);
    await expectUnchanged(server, async () => {
      const all = await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'all' });
      expect(all.status).toBe(409);
      expect(all.body.detail).toContain('70.00');
    });
    expect((await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '70.00', reason: 'what is left' })).status).toBe(200);
    expect(await invoice(inv.id)).toMatchObject({ amount_paid: '30.00', amount_credited: '30.00', amount_due: '40.00' });
  });

  it('refuses to void an invoice with payments; after a full refund it can be voided', async () => {
    const inv = await finalizedInvoice(owner);
    const payment = (await pay(inv.id, '10.00')).body;
    // Partially paid: void is refused whatever the reason.
    await expectUnchanged(server, async () => {
      const voided = await owner.post(`/api/v1/invoices/${inv.id}/void`, {});
      expect(voided.status, voided.text).toBe(409);
    });
    expect((await owner.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'wrong invoice' })).status).toBe(200);
    const voided = await owner.post(`/api/v1/invoices/${inv.id}/void`, {});
    expect(voided.status, voided.text).toBe(200);
    await expectUnchanged(server, async () => {
      const late = await pay(inv.id, '10.00');
      expect(late.status).toBe(409);
    });
  });

  it('pays in JPY (no decimals) and BHD (3 decimals) with exact formatting', async () => {
    const yen = await finalizedInvoice(owner, { currency: 'JPY', lines: [{ description: 'Yen work', quantity: '1', unit_price: '10000' }] });
    expect(yen.amount_due).toBe('10000');
    const p = await pay(yen.id, '2500');
    expect(p.status, p.text).toBe(201);
    expect(p.body).toMatchObject({ currency: 'JPY', amount: '2500', applied_amount: '2500', excess_amount: '0' });
    expect(await invoice(yen.id)).toMatchObject({ amount_paid: '2500', amount_due: '7500' });

    const dinar = await finalizedInvoice(owner, { currency: 'BHD', lines: [{ description: 'Dinar work', quantity: '1', unit_price: '100.000' }] });
    const d = await pay(dinar.id, '12.345');
    expect(d.status, d.text).toBe(201);
    expect(d.body).toMatchObject({ currency: 'BHD', amount: '12.345' });
    expect(await invoice(dinar.id)).toMatchObject({ amount_paid: '12.345', amount_due: '87.655' });
    const over = await pay(dinar.id, '90', { allow_overpayment: true });
    expect(over.body).toMatchObject({ amount: '90.000', applied_amount: '87.655', excess_amount: '2.345' });
    const refund = await owner.post(`/api/v1/payments/${d.body.id}/refund`, { amount: '0.005', reason: 'rounding' });
    expect(refund.body).toMatchObject({ refunded_amount: '0.005', refunds: [{ amount: '0.005' }] });
    expect(await balances(dinar.customer_id)).toEqual([{ currency: 'BHD', outstanding: '0.005', credit: '2.345' }]);
  });

  it('lists the payment history newest first, filtered by invoice, customer and date, with a cursor', async () => {
    const customer = await createCustomer(owner);
    const a = await finalizedInvoice(owner, { customerId: customer.id });
    const b = await finalizedInvoice(owner, { customerId: customer.id });
    const dates = ['2026-10-01', '2026-10-15', '2026-11-01', '2026-11-01', '2026-11-10'];
    const ids: string[] = [];
    for (const [i, date] of dates.entries()) {
      const response = await pay(i % 2 === 0 ? a.id : b.id, '5.00', { date });
      expect(response.status, response.text).toBe(201);
      ids.push(response.body.id);
    }
    const newestFirst = [ids[4], ids[3], ids[2], ids[1], ids[0]];

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/payments?customer_id=${customer.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      expect(page.status, page.text).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst);

    const byInvoice = await owner.get(`/api/v1/payments?invoice_id=${b.id}`);
    expect(byInvoice.body.data.map((p: { id: string }) => p.id)).toEqual([ids[3], ids[1]]);
    expect(byInvoice.body.data[0].invoice_number).toBe(b.number);
    const byDate = await owner.get(`/api/v1/payments?customer_id=${customer.id}&from=2026-10-15&to=2026-11-01`);
    expect(byDate.body.data.map((p: { id: string }) => p.id)).toEqual([ids[3], ids[2], ids[1]]);
    const none = await owner.get(`/api/v1/payments?customer_id=${customer.id}&from=2026-12-01`);
    expect(none.body).toEqual({ data: [], next_cursor: null, total: 0 });

    const refunded = await owner.post(`/api/v1/payments/${ids[0]}/refund`, { amount: '1.00', reason: 'listed' });
    expect(refunded.status).toBe(200);
    const withRefund = await owner.get(`/api/v1/payments?invoice_id=${a.id}`);
    const oldest = withRefund.body.data.find((p: { id: string }) => p.id === ids[0]);
    expect(oldest).toMatchObject({ refunded_amount: '1.00', refunds: [{ amount: '1.00', reason: 'listed' }] });
  });
});
