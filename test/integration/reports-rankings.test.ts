/**
 * GET /reports/top-customers, /reports/top-products and /reports/customer-analytics on both
 * databases, with figures computed by hand: explicit past issue dates, products (one named
 * like a spreadsheet formula), lines without a product, partial and full payments, a refund,
 * a voided invoice and a draft left out, a second currency, and another organization whose
 * data must never show.
 *
 * EUR (today 2026-11-23):
 *   I1 Alice 2026-09-10: Widget 1.5 × 10.00, =SUM(1) 2 × 5.00, free 1 × 75.00 = 100.00; paid 100.00 on 09-20 (10 days)
 *   I2 Alice 2026-10-05: Widget 0.25 × 10.00, Gadget 3 × 20.00 = 62.50; 20.00 paid on 10-15
 *   I3 Bob   2026-10-10: Widget 20 × 10.00 = 200.00; paid in cash on 10-20, recorded 10-21 (10 days: the payment's own date counts)
 *   I4 Bob   2026-11-02: free 1 × 40.00; paid 11-05 in cash, 15.00 refunded today (owed again)
 *   I6 Dave  2026-11-15: free 1 × 30.00, open
 *   (Bob 2026-11-11: 77.00 voided; Alice: 999.00 draft)
 * USD: I5 Carol 2026-11-03: Widget 1.125 × 8.00 = 9.00; paid on 11-13 (10 days)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const TODAY = '2026-11-23T10:00:00.000Z';

describeEachDb('reports: top customers, top products, customer analytics', (kind) => {
  let server: TestServer;
  let owner: Client;
  const ids: Record<string, string> = {};

  async function product(client: Client, name: string, unit_price: string): Promise<string> {
    const response = await client.post('/api/v1/products', { name, unit_price });
    expect(response.status, response.text).toBe(201);
    return response.body.id as string;
  }

  async function pay(invoiceId: string, amount: string, date: string, method = 'bank_transfer', recordedAt = `${date}T12:00:00.000Z`) {
    server.clock.set(recordedAt);
    try {
      const response = await owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method });
      expect(response.status, response.text).toBe(201);
      return response.body;
    } finally {
      server.clock.set(TODAY);
    }
  }

  async function report(path: string, client: Client = owner) {
    const response = await client.get(`/api/v1/reports/${path}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    const alice = await createCustomer(owner, { name: 'Alice' });
    const bob = await createCustomer(owner, { name: 'Bob' });
    const dave = await createCustomer(owner, { name: 'Dave' });
    const carol = await createCustomer(owner, { name: 'Carol', currency: 'USD' });
    Object.assign(ids, { alice: alice.id, bob: bob.id, dave: dave.id, carol: carol.id });
    ids.widget = await product(owner, 'Widget', '10.00');
    ids.formula = await product(owner, '=SUM(1)', '5.00');
    ids.gadget = await product(owner, 'Gadget', '20.00');

    const i1 = await finalizedInvoice(owner, {
      customerId: alice.id,
      issue_date: '2026-09-10',
      due_date: '2026-10-10',
      lines: [
        { product_id: ids.widget, description: 'Widget', quantity: '1.5', unit_price: '10.00' },
        { product_id: ids.formula, description: 'Formula', quantity: '2', unit_price: '5.00' },
        { description: 'Set-up', quantity: '1', unit_price: '75.00' },
      ],
    });
    expect(i1.total).toBe('100.00');
    await pay(i1.id as string, '100.00', '2026-09-20');

    const i2 = await finalizedInvoice(owner, {
      customerId: alice.id,
      issue_date: '2026-10-05',
      due_date: '2026-11-04',
      lines: [
        { product_id: ids.widget, description: 'Widget', quantity: '0.25', unit_price: '10.00' },
        { product_id: ids.gadget, description: 'Gadget', quantity: '3', unit_price: '20.00' },
      ],
    });
    expect(i2.total).toBe('62.50');
    await pay(i2.id as string, '20.00', '2026-10-15');

    const i3 = await finalizedInvoice(owner, {
      customerId: bob.id,
      issue_date: '2026-10-10',
      due_date: '2026-11-09',
      lines: [{ product_id: ids.widget, description: 'Widget', quantity: '20', unit_price: '10.00' }],
    });
    await pay(i3.id as string, '200.00', '2026-10-20', 'cash', '2026-10-21T09:00:00.000Z');

    const i4 = await finalizedInvoice(owner, { customerId: bob.id, issue_date: '2026-11-02', due_date: '2026-12-02', lines: [{ description: 'Repair', quantity: '1', unit_price: '40.00' }] });
    const cash = await pay(i4.id as string, '40.00', '2026-11-05', 'cash');
    const refund = await owner.post(`/api/v1/payments/${cash.id}/refund`, { amount: '15.00', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);

    // Issued in date order: issue dates never go backwards within a number series.
    const i5 = await finalizedInvoice(owner, {
      customerId: carol.id,
      issue_date: '2026-11-03',
      due_date: '2026-12-03',
      lines: [{ product_id: ids.widget, description: 'Widget', quantity: '1.125', unit_price: '8.00' }],
    });
    expect(i5).toMatchObject({ currency: 'USD', total: '9.00' });
    await pay(i5.id as string, '9.00', '2026-11-13');

    const voided = await finalizedInvoice(owner, { customerId: bob.id, issue_date: '2026-11-11', due_date: '2026-12-11', lines: [{ product_id: ids.gadget, description: 'Gadget', quantity: '1', unit_price: '77.00' }] });
    const voiding = await owner.post(`/api/v1/invoices/${voided.id}/void`, { reason: 'Wrong customer' });
    expect(voiding.status, voiding.text).toBe(200);
    await draftInvoice(owner, { customerId: alice.id, issue_date: '2026-11-01', lines: [{ product_id: ids.gadget, description: 'Gadget', quantity: '9', unit_price: '111.00' }] });

    await finalizedInvoice(owner, { customerId: dave.id, issue_date: '2026-11-15', due_date: '2026-12-15', lines: [{ description: 'Audit', quantity: '1', unit_price: '30.00' }] });

    // Another organization: never in these reports.
    const other = await secondOrganization(owner);
    const foreignProduct = await product(other, 'Foreign widget', '100.00');
    const foreign = await finalizedInvoice(other, {
      currency: 'USD',
      issue_date: '2026-11-05',
      due_date: '2026-11-30',
      lines: [{ product_id: foreignProduct, description: 'Foreign', quantity: '90', unit_price: '100.00' }],
    });
    const foreignPayment = await other.post('/api/v1/payments', { invoice_id: foreign.id, amount: '9000.00', date: '2026-11-07', method: 'card' });
    expect(foreignPayment.status, foreignPayment.text).toBe(201);
  });
  afterAll(() => server.close());

  const carolRow = () => ({ customer_id: ids.carol, customer_name: 'Carol', invoiced: '9.00', collected: '9.00', outstanding: '0.00', invoice_count: 1 });

  it('ranks customers per currency by invoiced, with collected (less refunds) and outstanding now', async () => {
    expect(await report('top-customers')).toEqual({
      from: null,
      to: null,
      currencies: [
        {
          currency: 'EUR',
          customers: [
            { customer_id: ids.bob, customer_name: 'Bob', invoiced: '240.00', collected: '225.00', outstanding: '15.00', invoice_count: 2 },
            { customer_id: ids.alice, customer_name: 'Alice', invoiced: '162.50', collected: '120.00', outstanding: '42.50', invoice_count: 2 },
            { customer_id: ids.dave, customer_name: 'Dave', invoiced: '30.00', collected: '0.00', outstanding: '30.00', invoice_count: 1 },
          ],
        },
        { currency: 'USD', customers: [carolRow()] },
      ],
    });
  });

  it('limits top customers to the period (outstanding stays as of today) and to `limit` per currency', async () => {
    const october = await report('top-customers?from=2026-10-01&to=2026-10-31');
    expect(october.currencies).toEqual([
      {
        currency: 'EUR',
        customers: [
          { customer_id: ids.bob, customer_name: 'Bob', invoiced: '200.00', collected: '200.00', outstanding: '15.00', invoice_count: 1 },
          { customer_id: ids.alice, customer_name: 'Alice', invoiced: '62.50', collected: '20.00', outstanding: '42.50', invoice_count: 1 },
          { customer_id: ids.dave, customer_name: 'Dave', invoiced: '0.00', collected: '0.00', outstanding: '30.00', invoice_count: 0 },
        ],
      },
    ]);
    const top = await report('top-customers?limit=1');
    expect(top.currencies.map((c: { currency: string; customers: { customer_name: string }[] }) => [c.currency, c.customers.map((x) => x.customer_name)])).toEqual([
      ['EUR', ['Bob']],
      ['USD', ['Carol']],
    ]);
  });

  it('ranks products by net amount with exact quantities; lines without a product are "Other items"', async () => {
    expect(await report('top-products')).toEqual({
      from: null,
      to: null,
      currencies: [
        {
          currency: 'EUR',
          products: [
            { product_id: ids.widget, name: 'Widget', quantity: '21.75', net_amount: '217.50', invoice_count: 3 },
            { product_id: null, name: 'Other items', quantity: '3', net_amount: '145.00', invoice_count: 3 },
            { product_id: ids.gadget, name: 'Gadget', quantity: '3', net_amount: '60.00', invoice_count: 1 },
            { product_id: ids.formula, name: '=SUM(1)', quantity: '2', net_amount: '10.00', invoice_count: 1 },
          ],
        },
        { currency: 'USD', products: [{ product_id: ids.widget, name: 'Widget', quantity: '1.125', net_amount: '9.00', invoice_count: 1 }] },
      ],
    });
    const untilOctober = await report('top-products?to=2026-10-31&limit=2');
    expect(untilOctober.currencies).toEqual([
      {
        currency: 'EUR',
        products: [
          { product_id: ids.widget, name: 'Widget', quantity: '21.75', net_amount: '217.50', invoice_count: 3 },
          { product_id: null, name: 'Other items', quantity: '1', net_amount: '75.00', invoice_count: 1 },
        ],
      },
    ]);
  });

  it('exports CSV with a header, one row per line and formula-like text neutralised', async () => {
    const products = await owner.get('/api/v1/reports/top-products?format=csv');
    expect(products.status, products.text).toBe(200);
    expect(products.headers.get('content-type')).toContain('text/csv');
    expect(products.headers.get('content-disposition')).toContain('top-products.csv');
    expect(products.text).toBe(
      [
        'currency,product_id,name,quantity,net_amount,invoice_count',
        `EUR,${ids.widget},Widget,21.75,217.50,3`,
        'EUR,,Other items,3,145.00,3',
        `EUR,${ids.gadget},Gadget,3,60.00,1`,
        `EUR,${ids.formula},'=SUM(1),2,10.00,1`,
        `USD,${ids.widget},Widget,1.125,9.00,1`,
      ].join('\r\n') + '\r\n',
    );
    const customers = await owner.get('/api/v1/reports/top-customers?format=csv&limit=1');
    expect(customers.status, customers.text).toBe(200);
    expect(customers.text).toBe(
      [
        'currency,customer_id,customer_name,invoiced,collected,outstanding,invoice_count',
        `EUR,${ids.bob},Bob,240.00,225.00,15.00,2`,
        `USD,${ids.carol},Carol,9.00,9.00,0.00,1`,
      ].join('\r\n') + '\r\n',
    );
  });

  it('computes days to pay, DSO and new vs returning customers over all time', async () => {
    expect(await report('customer-analytics')).toEqual({
      from: null,
      to: null,
      currencies: [
        {
          currency: 'EUR',
          // (10 + 10) / 2: days to the payment's own date, not to when it was recorded (Bob: 10-20, not 10-21).
          days_to_pay: {
            average_days: 10,
            invoice_count: 2,
            customers: [
              { customer_id: ids.alice, customer_name: 'Alice', average_days: 10, invoice_count: 1 },
              { customer_id: ids.bob, customer_name: 'Bob', average_days: 10, invoice_count: 1 },
            ],
          },
          // Receivables today equal the outstanding amounts: 42.50 + 15.00 + 30.00.
          dso: { receivables: '87.50', sales: '432.50', days: null, dso: null },
          customers_by_month: [
            { month: '2026-09', new_customers: 1, returning_customers: 0 },
            { month: '2026-10', new_customers: 1, returning_customers: 1 },
            { month: '2026-11', new_customers: 1, returning_customers: 1 },
          ],
        },
        {
          currency: 'USD',
          days_to_pay: { average_days: 10, invoice_count: 1, customers: [{ customer_id: ids.carol, customer_name: 'Carol', average_days: 10, invoice_count: 1 }] },
          dso: { receivables: '0.00', sales: '9.00', days: null, dso: null },
          customers_by_month: [{ month: '2026-11', new_customers: 1, returning_customers: 0 }],
        },
      ],
    });
  });

  it('computes DSO from receivables at `to`, rebuilt from dated payments and refunds', async () => {
    // October: at 10-31, 362.50 invoiced − 320.00 paid = 42.50; sales 262.50; 42.50 × 31 / 262.50 = 5.019 → 5.0.
    const october = await report('customer-analytics?from=2026-10-01&to=2026-10-31');
    expect(october.currencies).toEqual([
      {
        currency: 'EUR',
        days_to_pay: { average_days: 10, invoice_count: 1, customers: [{ customer_id: ids.bob, customer_name: 'Bob', average_days: 10, invoice_count: 1 }] },
        dso: { receivables: '42.50', sales: '262.50', days: 31, dso: '5.0' },
        customers_by_month: [{ month: '2026-10', new_customers: 1, returning_customers: 1 }],
      },
    ]);
    // November: 432.50 − 360.00 paid + 15.00 refunded = 87.50; sales 70.00; 87.50 × 30 / 70.00 = 37.5.
    const november = await report('customer-analytics?from=2026-11-01&to=2026-11-30');
    expect(november.currencies).toEqual([
      {
        currency: 'EUR',
        days_to_pay: { average_days: null, invoice_count: 0, customers: [] },
        dso: { receivables: '87.50', sales: '70.00', days: 30, dso: '37.5' },
        customers_by_month: [{ month: '2026-11', new_customers: 1, returning_customers: 1 }],
      },
      {
        currency: 'USD',
        days_to_pay: { average_days: 10, invoice_count: 1, customers: [{ customer_id: ids.carol, customer_name: 'Carol', average_days: 10, invoice_count: 1 }] },
        dso: { receivables: '0.00', sales: '9.00', days: 30, dso: '0.0' },
        customers_by_month: [{ month: '2026-11', new_customers: 1, returning_customers: 0 }],
      },
    ]);
    // The day before the refund, Bob's second invoice was fully paid: 72.50 receivable.
    const beforeRefund = await report('customer-analytics?from=2026-11-01&to=2026-11-22');
    expect(beforeRefund.currencies[0].dso).toEqual({ receivables: '72.50', sales: '70.00', days: 22, dso: '22.8' });
  });

  it('is refused to a viewer and a sales user', async () => {
    for (const role of ['viewer', 'sales'] as const) {
      const client = await userWithRole(owner, role);
      for (const path of ['top-customers', 'top-products', 'customer-analytics']) {
        const response = await client.get(`/api/v1/reports/${path}`);
        expect(response.status, `${role} ${path}`).toBe(403);
      }
    }
    const accountant = await userWithRole(owner, 'accountant');
    expect((await report('top-products', accountant)).currencies).toHaveLength(2);
  });

  it('refuses a bad limit or bad dates with 422 naming the field', async () => {
    for (const [path, field] of [
      ['top-customers?limit=0', 'limit'],
      ['top-customers?limit=abc', 'limit'],
      ['top-products?limit=101', 'limit'],
      ['top-products?limit=1.5', 'limit'],
      ['top-products?from=2026-13-01', 'from'],
      ['top-customers?from=yesterday', 'from'],
      ['top-customers?format=xlsx', 'format'],
      ['customer-analytics?from=2026-02-30', 'from'],
      ['customer-analytics?from=2026-11-02&to=2026-11-01', 'to'],
    ] as const) {
      const response = await owner.get(`/api/v1/reports/${path}`);
      expect(response.status, `${path}: ${response.text}`).toBe(422);
      expect(response.body.errors.map((e: { path: string }) => e.path), path).toContain(field);
    }
  });
});
