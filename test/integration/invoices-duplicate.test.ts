/**
 * POST /invoices/{id}/duplicate on both databases: a new draft with the source's customer,
 * currency, lines, allowances and charges, notes, terms and e-invoice references, line by
 * line and with the same totals; from every status; no number and no dates; the
 * invoice.created event; the sales role like creating; another organization's id → 404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizeInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('duplicate an invoice', (kind) => {
  let server: TestServer;
  let owner: Client;
  let customer: any;
  let product: any;
  let standard: any;
  let reduced: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    customer = await createCustomer(owner, { name: 'Duplicate Customer' });
    standard = await createTaxRate(owner, { percentage: '19' });
    reduced = await createTaxRate(owner, { percentage: '7' });
    const created = await owner.post('/api/v1/products', { name: unique('Brochure'), unit_price: '2.50', unit: 'piece', tax_rate_id: reduced.id });
    expect(created.status, created.text).toBe(201);
    product = created.body;
  });
  afterAll(() => server.close());

  /** A rich source: product and free lines at two rates, discounts, an allowance and a charge, e-invoice fields. */
  async function source(): Promise<any> {
    const draft = await draftInvoice(owner, {
      customerId: customer.id,
      currency: 'EUR',
      issue_date: '2026-11-20',
      due_date: '2026-12-04',
      lines: [
        { product_id: product.id, quantity: '120', discount: '5%' },
        { description: 'Design work', quantity: '7.5', unit_price: '85.00', unit: 'hour', tax_rate_id: standard.id, discount: '10.00' },
        { description: 'Shipping', quantity: '1', unit_price: '4.90', tax_rate_id: standard.id },
      ],
      allowances: [{ reason: 'Loyalty', amount: '3%', tax_rate_id: standard.id }],
      charges: [{ reason: 'Packaging', amount: '6.00', tax_rate_id: reduced.id }],
      notes: 'Thank you for your order.',
      terms: 'Payable within 14 days.',
    });
    const patched = await owner.patch(`/api/v1/invoices/${draft.id}`, {
      buyer_reference: '04011000-12345-67',
      purchase_order_reference: 'PO-4711',
      delivery_date: '2026-11-18',
    });
    expect(patched.status, patched.text).toBe(200);
    return patched.body;
  }

  function expectSameContent(copy: any, original: any): void {
    expect(copy.id).not.toBe(original.id);
    expect(copy.status).toBe('draft');
    expect(copy.number).toBeNull();
    expect(copy.issue_date).toBeNull();
    expect(copy.due_date).toBeNull();
    expect(copy.delivery_date).toBeNull();
    expect(copy.customer.id).toBe(original.customer.id);
    expect(copy.currency).toBe(original.currency);
    expect(copy.prices_include_tax).toBe(original.prices_include_tax);
    expect(copy.notes).toBe(original.notes);
    expect(copy.terms).toBe(original.terms);
    expect(copy.buyer_reference).toBe(original.buyer_reference);
    expect(copy.purchase_order_reference).toBe(original.purchase_order_reference);
    expect(copy.lines).toHaveLength(original.lines.length);
    copy.lines.forEach((line: any, i: number) => {
      const { id, ...rest } = line;
      const { id: originalId, ...expected } = original.lines[i];
      expect(id).not.toBe(originalId);
      expect(rest).toEqual(expected);
    });
    const withoutIds = (parts: any[]) => parts.map(({ id: _id, ...rest }) => rest);
    expect(withoutIds(copy.allowances)).toEqual(withoutIds(original.allowances));
    expect(withoutIds(copy.charges)).toEqual(withoutIds(original.charges));
    for (const field of ['subtotal', 'allowance_total', 'charge_total', 'tax_total', 'total']) expect(copy[field], field).toBe(original[field]);
    expect(copy.taxes).toEqual(original.taxes);
    expect(copy.amount_paid).toBe('0.00');
    expect(copy.amount_due).toBe(original.total);
  }

  it('copies a draft line by line, with the same totals, as a new draft', async () => {
    const original = await source();
    expect(original.allowances).toHaveLength(1);
    expect(original.charges).toHaveLength(1);
    const response = await owner.post(`/api/v1/invoices/${original.id}/duplicate`);
    expect(response.status, response.text).toBe(201);
    expectSameContent(response.body, original);
    // It is stored as returned.
    const read = await owner.get(`/api/v1/invoices/${response.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);
    // The source is untouched.
    expect((await owner.get(`/api/v1/invoices/${original.id}`)).body).toEqual(original);
  });

  it('duplicates open, paid and void invoices too, and emits invoice.created', async () => {
    const open = await finalizeInvoice(owner, (await source()).id);
    expect(open.status).toBe('open');
    const fromOpen = await owner.post(`/api/v1/invoices/${open.id}/duplicate`);
    expect(fromOpen.status, fromOpen.text).toBe(201);
    expectSameContent(fromOpen.body, open);

    const paid = await finalizeInvoice(owner, (await source()).id);
    const payment = await owner.post('/api/v1/payments', { invoice_id: paid.id, amount: paid.total, date: '2026-11-21', method: 'bank_transfer' });
    expect(payment.status, payment.text).toBe(201);
    expect((await owner.get(`/api/v1/invoices/${paid.id}`)).body.status).toBe('paid');
    const fromPaid = await owner.post(`/api/v1/invoices/${paid.id}/duplicate`);
    expect(fromPaid.status, fromPaid.text).toBe(201);
    expectSameContent(fromPaid.body, paid);
    expect(fromPaid.body.amount_due).toBe(paid.total);

    const toVoid = await finalizeInvoice(owner, (await source()).id);
    const voided = await owner.post(`/api/v1/invoices/${toVoid.id}/void`);
    expect(voided.status, voided.text).toBe(200);
    const fromVoid = await owner.post(`/api/v1/invoices/${toVoid.id}/duplicate`);
    expect(fromVoid.status, fromVoid.text).toBe(201);
    expectSameContent(fromVoid.body, voided.body);

    const events = (await owner.get('/api/v1/events?limit=100')).body.data as any[];
    const about = events.filter((e) => e.data.object?.id === fromVoid.body.id);
    expect(about.map((e) => e.type)).toEqual(['invoice.created']);
    expect(about[0].data.object).toEqual(fromVoid.body);

    // The copy is an ordinary draft: it can be changed and finalized with a number of its own.
    const finalized = await finalizeInvoice(owner, fromOpen.body.id);
    expect(finalized.number).not.toBe(open.number);
    expect(finalized.total).toBe(open.total);
  });

  it('takes the role that creates invoices, and answers 404 for another organization', async () => {
    const original = await source();
    const viewer = await userWithRole(owner, 'viewer');
    const refused = await viewer.post(`/api/v1/invoices/${original.id}/duplicate`);
    expect(refused.status).toBe(403);
    const sales = await userWithRole(owner, 'sales');
    const bySales = await sales.post(`/api/v1/invoices/${original.id}/duplicate`);
    expect(bySales.status, bySales.text).toBe(201);
    expect(bySales.body.status).toBe('draft');

    const other = await secondOrganization(owner, unique('Other'));
    const foreign = await other.post(`/api/v1/invoices/${original.id}/duplicate`);
    expect(foreign.status).toBe(404);
    expect((await owner.post('/api/v1/invoices/inv_doesnotexist/duplicate')).status).toBe(404);
  });

  it('replays with an Idempotency-Key instead of duplicating twice', async () => {
    const original = await source();
    const key = unique('dup-key');
    const first = await owner.post(`/api/v1/invoices/${original.id}/duplicate`, undefined, { 'Idempotency-Key': key });
    expect(first.status, first.text).toBe(201);
    const again = await owner.post(`/api/v1/invoices/${original.id}/duplicate`, undefined, { 'Idempotency-Key': key });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });
});
