/**
 * The subscriptions API on both databases, without the test clock: validation names the
 * field and changes nothing, hostile text is stored as text, organizations are isolated,
 * "Make recurring" copies an invoice, the upcoming invoice stores nothing, the cycle is fixed
 * once billed, and the test-clock routes do not exist.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('subscriptions API', (kind) => {
  let server: TestServer;
  let owner: Client;
  let customer: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    customer = await createCustomer(owner, { name: 'Subscriber' });
  });
  afterAll(() => server.close());

  const valid = () => ({ customer_id: customer.id, interval: 'month', start_date: '2027-01-01', lines: [{ description: 'Plan', quantity: '1', unit_price: '10.00' }] });

  async function count(): Promise<number> {
    return (await owner.get('/api/v1/subscriptions?limit=100')).body.data.length;
  }

  it('refuses bad input naming the field, and stores nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid(), customer_id: undefined }, 'customer_id'],
      [{ ...valid(), interval: 'fortnight' }, 'interval'],
      [{ ...valid(), start_date: '2027-02-30' }, 'start_date'],
      [{ ...valid(), interval: 'week', billing_anchor_day: 3 }, 'billing_anchor_day'],
      [{ ...valid(), billing_anchor_day: 32 }, 'billing_anchor_day'],
      [{ ...valid(), end_date: '2026-12-31' }, 'end_date'],
      [{ ...valid(), interval_count: 0 }, 'interval_count'],
      [{ ...valid(), interval_count: '3' }, 'interval_count'],
      [{ ...valid(), lines: [] }, 'lines'],
      [{ ...valid(), lines: [{ description: 'X', quantity: 'lots', unit_price: '1' }] }, 'lines.0.quantity'],
      [{ ...valid(), lines: [{ description: 'X', quantity: '1', unit_price: '1', tax_rate_id: 'txr_missing' }] }, 'lines.0.tax_rate_id'],
      [{ ...valid(), collection: 'sometimes' }, 'collection'],
      [{ ...valid(), billing: 'in_arrears', metered_items: [{ metric_code: 'api_calls', unit_price: '0.01' }] }, 'metered_items.0.metric_code'],
      [{ ...valid(), metered_items: [{ metric_code: 'API Calls!', unit_price: '0.01' }] }, 'metered_items.0.metric_code'],
      [{ ...valid(), customer_id: 'cus_missing' }, 'customer_id'],
      [{ ...valid(), invoice_id: 'inv_missing' }, 'invoice_id'],
      [{ ...valid(), notes: 'x'.repeat(5001) }, 'notes'],
      [{ ...valid(), surprise: true }, ''],
    ];
    for (const [body, path] of cases) {
      const response = await owner.post('/api/v1/subscriptions', body);
      expect([409, 422], `${path}: ${response.text}`).toContain(response.status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      if (path !== '') expect(JSON.stringify(response.body.errors), path).toContain(`"${path}"`);
    }
    expect((await owner.post('/api/v1/subscriptions', 'not json', { 'content-type': 'application/json' })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses a line without a tax rate beside taxed lines, which its invoices could not be finalized with (BR-O-11)', async () => {
    const before = await count();
    const vat = await createTaxRate(owner, { name: 'VAT 19 (mix)', category: 'S', percentage: '19' });
    const mixed = await owner.post('/api/v1/subscriptions', {
      ...valid(),
      lines: [
        { description: 'Plan', quantity: '1', unit_price: '10.00', tax_rate_id: vat.id },
        { description: 'Fee', quantity: '1', unit_price: '2.00' },
      ],
    });
    expect(mixed.status, mixed.text).toBe(422);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ path: 'lines.1.tax_rate_id' })]);
    expect(await count()).toBe(before);
    // All untaxed, or all taxed, is fine.
    expect((await owner.post('/api/v1/subscriptions', valid())).status).toBe(201);
  });

  it('keeps hostile text as text and never answers 500', async () => {
    const hostile = ["'; drop table subscriptions; --", '<script>alert(1)</script>', "=cmd|' /C calc'!A0", 'x\u0000y'];
    for (const text of hostile) {
      const response = await owner.post('/api/v1/subscriptions', { ...valid(), notes: text, lines: [{ description: text, quantity: '1', unit_price: '1.00' }] });
      expect(response.status, response.text).toBeLessThan(500);
      if (response.status === 201) expect(response.body.lines[0].description).toBe(text);
    }
    expect((await owner.get('/api/v1/subscriptions?status=active&limit=1')).status).toBe(200);
    expect((await owner.get('/api/v1/subscriptions?status=%27%20or%201=1')).status).toBe(422);
  });

  it('creates, lists, reads and changes a subscription; roles and organizations are kept apart', async () => {
    const created = await owner.post('/api/v1/subscriptions', { ...valid(), interval_count: 3, billing_anchor_day: 31, start_date: '2027-01-31' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', interval: 'month', interval_count: 3, next_invoice_date: '2027-01-31', customer: { name: 'Subscriber' }, amount: '10.00' });
    const changed = await owner.patch(`/api/v1/subscriptions/${created.body.id}`, { end_date: '2027-12-31', lines: [{ description: 'Quarterly plan', quantity: '2', unit_price: '15.00' }] });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ end_date: '2027-12-31', amount: '30.00', lines: [{ description: 'Quarterly plan', quantity: '2' }] });
    expect((await owner.get(`/api/v1/subscriptions?customer_id=${customer.id}&limit=100`)).body.data.map((s: any) => s.id)).toContain(created.body.id);

    const sales = await userWithRole(owner, 'sales');
    expect((await sales.get(`/api/v1/subscriptions/${created.body.id}`)).status).toBe(200);
    expect((await sales.post(`/api/v1/subscriptions/${created.body.id}/pause`)).status).toBe(403);

    const other = await secondOrganization(owner);
    expect((await other.get(`/api/v1/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await other.post(`/api/v1/subscriptions/${created.body.id}/cancel`)).status).toBe(404);
    expect((await other.get('/api/v1/subscriptions')).body.data).toEqual([]);
    const foreign = await other.post('/api/v1/subscriptions', valid());
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].path).toBe('customer_id');
  });

  it('makes an invoice recurring, previews the next invoice without storing it, and fixes the cycle once billed', async () => {
    const vat = await createTaxRate(owner, { name: 'VAT 19', category: 'S', percentage: '19' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Support {month}', quantity: '2', unit_price: '50.00', tax_rate_id: vat.id }] });
    const made = await owner.post('/api/v1/subscriptions', { invoice_id: invoice.id, interval: 'month', start_date: '2026-11-23', collection: 'finalize' });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ customer_id: customer.id, created_from_invoice_id: invoice.id, amount: '119.00', lines: [{ description: 'Support {month}', quantity: '2', tax_rate_id: vat.id }] });

    const invoicesBefore = (await owner.get('/api/v1/invoices?limit=100')).body.data.length;
    const upcoming = await owner.get(`/api/v1/subscriptions/${made.body.id}/upcoming-invoice`);
    expect(upcoming.status, upcoming.text).toBe(200);
    expect(upcoming.body).toMatchObject({ id: null, number: null, billing_date: '2026-11-23', total: '119.00', period_start: '2026-11-23', period_end: '2026-12-22' });
    expect(upcoming.body.lines[0].description).toBe('Support November');
    expect((await owner.get('/api/v1/invoices?limit=100')).body.data.length).toBe(invoicesBefore);

    // Due today: the scheduler's next look bills it.
    await server.app.scheduler.runDue();
    const generated = (await owner.get(`/api/v1/invoices?subscription_id=${made.body.id}`)).body.data;
    expect(generated).toHaveLength(1);
    expect(generated[0]).toMatchObject({ status: 'open', issue_date: '2026-11-23', total: '119.00', subscription_id: made.body.id });
    const cycle = await owner.patch(`/api/v1/subscriptions/${made.body.id}`, { interval: 'year' });
    expect(cycle.status).toBe(409);
    expect(cycle.body.errors[0].path).toBe('interval');
    expect((await owner.patch(`/api/v1/subscriptions/${made.body.id}`, { collection: 'send' })).status).toBe(200);
  });

  it('keeps a customer with recurring billing from being deleted', async () => {
    const subscriber = await createCustomer(owner, { name: 'Keeps billing' });
    const created = await owner.post('/api/v1/subscriptions', { ...valid(), customer_id: subscriber.id });
    expect(created.status, created.text).toBe(201);
    const deleted = await owner.delete(`/api/v1/customers/${subscriber.id}`);
    expect(deleted.status, deleted.text).toBe(409);
    expect((await owner.get(`/api/v1/subscriptions/${created.body.id}`)).status).toBe(200);
  });

  it('has no test clock unless SETTLE_TEST_CLOCK is set', async () => {
    expect((await owner.get('/api/v1/test-clock')).status).toBe(404);
    expect((await owner.post('/api/v1/test-clock', { now: '2030-01-01T00:00:00Z' })).status).toBe(404);
  });
});
