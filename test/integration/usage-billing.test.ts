/**
 * Usage billed by subscriptions, driven by the test clock, on both databases: a monthly
 * in-arrears subscription bills exactly the period's usage (each transaction id once, also
 * when resent in a burst), an event dated inside an invoiced period is refused and changes
 * nothing, and a bill-immediately item makes one invoice per event — not two when the event
 * is sent again.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner, unique } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('usage billing', (kind) => {
  let server: TestServer;
  let owner: Client;
  let sales: Client;
  let vat: any;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SETTLE_TEST_CLOCK: 'true' } });
    owner = await setupOwner(server.url);
    const token = await owner.post('/api/v1/api-tokens', { name: 'Usage sender', role: 'sales' });
    sales = owner.withToken(token.body.token);
    vat = await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
    for (const metric of [
      { code: 'transfer_gb', name: 'Transfer', aggregation: 'sum', field: 'gb' },
      { code: 'deliveries', name: 'Delivery', aggregation: 'count' },
      { code: 'freight_kg', name: 'Freight', aggregation: 'sum', field: 'kg' },
    ]) {
      expect((await owner.post('/api/v1/billable-metrics', metric)).status).toBe(201);
    }
  });
  afterAll(() => server.close());

  async function advance(now: string): Promise<void> {
    const moved = await owner.post('/api/v1/test-clock', { now });
    expect(moved.status, moved.text).toBe(200);
  }

  async function invoicesOf(subscriptionId: string): Promise<any[]> {
    const response = await owner.get(`/api/v1/invoices?subscription_id=${subscriptionId}&limit=100`);
    expect(response.status, response.text).toBe(200);
    const full = [];
    for (const invoice of response.body.data.reverse()) full.push((await owner.get(`/api/v1/invoices/${invoice.id}`)).body);
    return full;
  }

  async function storedEvents(customerId: string): Promise<number> {
    const row = await server.db.kysely.selectFrom('usage_events').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('bills a monthly in-arrears period its exact usage, each transaction id once, and refuses late events', async () => {
    const customer = await createCustomer(owner, { name: 'Metered Customer' });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2026-12-01',
      billing: 'in_arrears',
      collection: 'finalize',
      lines: [{ description: 'Base fee {month} {year}', quantity: '1', unit_price: '10.00', tax_rate_id: vat.id }],
      metered_items: [{ metric_code: 'transfer_gb', unit_price: '0.10', tax_rate_id: vat.id }],
    });
    expect(created.status, created.text).toBe(201);
    const send = (timestamp: string, gb: string | number, transactionId = unique('tx')) =>
      sales.post('/api/v1/usage-events', { transaction_id: transactionId, customer_id: customer.id, metric_code: 'transfer_gb', timestamp, properties: { gb } });

    await advance('2026-12-15T12:00:00Z');
    // 30 November 23:30 UTC is 1 December in Berlin (the organization's zone, from its country).
    expect((await send('2026-11-30T23:30:00Z', '1.5')).status).toBe(201);
    expect((await send('2026-11-30T22:59:59Z', 1000)).status).toBe(201); // 30 November: before the subscription
    const repeated = unique('tx');
    expect((await send('2026-12-10T08:00:00Z', '2.25', repeated)).status).toBe(201);
    expect((await send('2026-12-10T08:00:00Z', '2.25', repeated)).status).toBe(200);
    // A burst of one transaction id from a sender that retries hard: counted once.
    const burst = unique('burst');
    const answers = await Promise.all(Array.from({ length: 8 }, () => send('2026-12-12T08:00:00Z', 4, burst)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
    const batch = await sales.post('/api/v1/usage-events/batch', {
      events: [
        { transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'transfer_gb', timestamp: '2026-12-14T00:00:00+01:00', properties: { gb: '0.000001' } },
        { transaction_id: repeated, customer_id: customer.id, metric_code: 'transfer_gb', timestamp: '2026-12-14T00:00:00Z', properties: { gb: 99 } },
      ],
    });
    expect(batch.body).toMatchObject({ created: 1, duplicates: 1 });

    await advance('2026-12-31T12:00:00Z');
    expect((await send('2026-12-31T22:59:59Z', 10)).status).toBe(201); // 31 December 23:59:59 in Berlin
    expect((await send('2026-12-31T23:00:00Z', 7)).status).toBe(201); // 1 January in Berlin: next period
    expect(await invoicesOf(created.body.id)).toHaveLength(0);

    await advance('2027-01-01T12:00:00Z');
    const [invoice, ...others] = await invoicesOf(created.body.id);
    expect(others).toHaveLength(0);
    // 1.5 + 2.25 + 4 + 0.000001 + 10 = 17.750001 GB × 0.10 = 1.78 (rounded per line), + 10.00 base, + 19 % VAT.
    expect(invoice).toMatchObject({ status: 'open', period_start: '2026-12-01', period_end: '2026-12-31', issue_date: '2027-01-01', subtotal: '11.78', total: '14.02' });
    expect(invoice.lines.map((l: any) => [l.quantity, l.unit_price])).toEqual([
      ['1', '10.00'],
      ['17.750001', '0.10'],
    ]);

    // A late event for December: refused, naming timestamp, and nothing changes.
    const before = await storedEvents(customer.id);
    const late = await send('2026-12-20T10:00:00Z', 3);
    expect(late.status, late.text).toBe(409);
    expect(late.body.errors).toEqual([{ path: 'timestamp', message: expect.stringContaining('2026-12-01 – 2026-12-31') }]);
    const lateBatch = await sales.post('/api/v1/usage-events/batch', {
      events: [
        { transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'transfer_gb', timestamp: '2027-01-01T10:00:00Z', properties: { gb: 1 } },
        { transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'transfer_gb', timestamp: '2026-12-31T22:00:00Z', properties: { gb: 1 } },
      ],
    });
    expect(lateBatch.status, lateBatch.text).toBe(409);
    expect(lateBatch.body.errors.map((e: any) => e.path)).toEqual(['events.1.timestamp']);
    expect(await storedEvents(customer.id)).toBe(before);
    // A December event sent again after the invoice is still answered with the first one.
    const resent = await send('2026-12-10T08:00:00Z', '2.25', repeated);
    expect(resent.status, resent.text).toBe(200);
    // January is open; 30 November was never in a period this subscription billed.
    expect((await send('2027-01-01T09:00:00Z', 1)).status).toBe(201);
    expect((await send('2026-11-30T12:00:00Z', 1)).status).toBe(201);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.total).toBe('14.02');

    await advance('2027-02-01T12:00:00Z');
    const invoices = await invoicesOf(created.body.id);
    expect(invoices).toHaveLength(2);
    expect(invoices[1]).toMatchObject({ period_start: '2027-01-01', period_end: '2027-01-31' });
    expect(invoices[1].lines[1].quantity).toBe('8');
  });

  it('bills a bill-immediately item once per event, never twice for a resent one', async () => {
    const customer = await createCustomer(owner, { name: 'Delivery Customer' });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2027-02-01',
      collection: 'finalize',
      metered_items: [
        { metric_code: 'deliveries', unit_price: '4.50', tax_rate_id: vat.id, bill_immediately: true },
        { metric_code: 'freight_kg', unit_price: '0.20', bill_immediately: true, description: 'Freight' },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const delivery = (transactionId: string, timestamp = '2027-02-01T15:00:00Z') => ({ transaction_id: transactionId, customer_id: customer.id, metric_code: 'deliveries', timestamp });

    const first = await sales.post('/api/v1/usage-events', delivery('dlv-1'));
    expect(first.status, first.text).toBe(201);
    let invoices = await invoicesOf(created.body.id);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ status: 'open', period_start: '2027-02-01', period_end: '2027-02-01', issue_date: '2027-02-01', subtotal: '4.50', total: '5.36' });
    expect(invoices[0].lines[0]).toMatchObject({ description: 'Delivery (dlv-1)', quantity: '1', unit_price: '4.50' });

    // Sent again (alone, in a burst, inside a batch): no second invoice.
    expect((await sales.post('/api/v1/usage-events', delivery('dlv-1'))).status).toBe(200);
    await Promise.all(Array.from({ length: 5 }, () => sales.post('/api/v1/usage-events', delivery('dlv-2'))));
    const batch = await sales.post('/api/v1/usage-events/batch', {
      events: [delivery('dlv-1'), delivery('dlv-3'), delivery('dlv-2'), delivery('dlv-3'), { transaction_id: 'frt-1', customer_id: customer.id, metric_code: 'freight_kg', properties: { kg: '12.5' } }, { transaction_id: 'frt-0', customer_id: customer.id, metric_code: 'freight_kg', properties: { kg: 0 } }],
    });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body).toMatchObject({ created: 3, duplicates: 3 });
    invoices = await invoicesOf(created.body.id);
    expect(invoices.map((i) => i.lines[0].description).sort()).toEqual(['Delivery (dlv-1)', 'Delivery (dlv-2)', 'Delivery (dlv-3)', 'Freight']);
    expect(invoices.find((i) => i.lines[0].description === 'Freight')).toMatchObject({ subtotal: '2.50', lines: [expect.objectContaining({ quantity: '12.5' })] });
    const keys = await server.db.kysely.selectFrom('invoices').select('billing_key').where('subscription_id', '=', created.body.id).execute();
    expect(keys.every((k) => k.billing_key?.startsWith('usage:use_'))).toBe(true);
    // Same-day events are not "late": invoices billing one event close no period.
    expect((await sales.post('/api/v1/usage-events', delivery('dlv-4', '2027-02-01T16:00:00Z'))).status).toBe(201);
    expect(await invoicesOf(created.body.id)).toHaveLength(5);
    // An event before the subscription starts bills nothing.
    expect((await sales.post('/api/v1/usage-events', delivery('dlv-0', '2027-01-15T16:00:00Z'))).status).toBe(201);
    expect(await invoicesOf(created.body.id)).toHaveLength(5);
  });

  it('sends an invoice billed at once when the subscription sends, and a paused subscription bills nothing', async () => {
    const customer = await createCustomer(owner, { name: 'Sent Customer', email: 'sent@example.com' });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2027-02-01',
      collection: 'send',
      metered_items: [{ metric_code: 'deliveries', unit_price: '1.00', bill_immediately: true }],
    });
    expect(created.status, created.text).toBe(201);
    const recorded = await sales.post('/api/v1/usage-events', { transaction_id: unique('dlv'), customer_id: customer.id, metric_code: 'deliveries' });
    expect(recorded.status, recorded.text).toBe(201);
    // Sent by a job after the commit (this process's worker is woken for it).
    await vi.waitFor(
      async () => {
        await server.app.jobs.runDueJobs();
        const [invoice] = await invoicesOf(created.body.id);
        expect(invoice).toMatchObject({ status: 'open', sent_to: 'sent@example.com' });
      },
      { timeout: 10_000, interval: 100 },
    );

    expect((await owner.post(`/api/v1/subscriptions/${created.body.id}/pause`)).status).toBe(200);
    expect((await sales.post('/api/v1/usage-events', { transaction_id: unique('dlv'), customer_id: customer.id, metric_code: 'deliveries' })).status).toBe(201);
    expect(await invoicesOf(created.body.id)).toHaveLength(1);
  });
});
