/**
 * Recurring billing driven by the test clock, on both databases: a year of a monthly
 * subscription gives exactly 12 invoices with the right periods, dates, numbers and totals;
 * pause skips periods; cancel at period end stops after the current one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('subscriptions with the test clock', (kind) => {
  let server: TestServer;
  let owner: Client;
  let vat: any;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SETTLE_TEST_CLOCK: 'true' } });
    owner = await setupOwner(server.url);
    vat = await createTaxRate(owner, { name: 'VAT 19%', category: 'S', percentage: '19' });
  });
  afterAll(() => server.close());

  async function invoicesOf(subscriptionId: string): Promise<any[]> {
    const response = await owner.get(`/api/v1/invoices?subscription_id=${subscriptionId}&limit=100`);
    expect(response.status, response.text).toBe(200);
    return response.body.data.reverse();
  }

  async function advance(now: string): Promise<void> {
    const moved = await owner.post('/api/v1/test-clock', { now });
    expect(moved.status, moved.text).toBe(200);
  }

  it('bills a monthly subscription exactly 12 times in a year', async () => {
    const customer = await createCustomer(owner, { name: 'Monthly Customer' });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2026-12-01',
      billing: 'in_advance',
      collection: 'finalize',
      payment_terms_days: 14,
      lines: [{ description: 'Hosting {month} {year}', quantity: '1', unit_price: '100.00', tax_rate_id: vat.id }],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', next_invoice_date: '2026-12-01', invoice_count: 0, amount: '119.00' });

    await advance('2027-11-30T12:00:00Z');
    const invoices = await invoicesOf(created.body.id);
    expect(invoices).toHaveLength(12);
    const months = ['12', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'];
    invoices.forEach((invoice, i) => {
      const year = i === 0 ? '2026' : '2027';
      expect(invoice).toMatchObject({ status: expect.stringMatching(/open|paid/), issue_date: `${year}-${months[i]}-01`, period_start: `${year}-${months[i]}-01`, total: '119.00' });
    });
    expect(invoices[1].period_end).toBe('2027-01-31');
    expect(invoices[2].period_end).toBe('2027-02-28');
    const numbers = invoices.map((i) => i.number);
    expect(new Set(numbers).size).toBe(12);
    const subscription = (await owner.get(`/api/v1/subscriptions/${created.body.id}`)).body;
    expect(subscription).toMatchObject({ invoice_count: 12, next_invoice_date: '2027-12-01' });
  });

  async function subscribe(fields: Record<string, unknown>): Promise<any> {
    const customer = await createCustomer(owner, { name: `Customer ${Math.random().toString(36).slice(2, 8)}` });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      lines: [{ description: 'Plan', quantity: '1', unit_price: '50.00' }],
      ...fields,
    });
    expect(created.status, created.text).toBe(201);
    return created.body;
  }

  it('skips the periods that start while paused and bills nothing back on resume', async () => {
    const sub = await subscribe({ start_date: '2028-01-01' });
    await advance('2028-02-10T12:00:00Z');
    const paused = await owner.post(`/api/v1/subscriptions/${sub.id}/pause`);
    expect(paused.status, paused.text).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', paused_at: '2028-02-10', next_invoice_date: null });
    await advance('2028-05-10T12:00:00Z');
    expect((await invoicesOf(sub.id)).map((i) => i.period_start)).toEqual(['2028-01-01', '2028-02-01']);
    const resumed = await owner.post(`/api/v1/subscriptions/${sub.id}/resume`);
    expect(resumed.status, resumed.text).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'active', next_invoice_date: '2028-06-01' });
    await advance('2028-07-15T12:00:00Z');
    expect((await invoicesOf(sub.id)).map((i) => i.period_start)).toEqual(['2028-01-01', '2028-02-01', '2028-06-01', '2028-07-01']);
    expect((await owner.post(`/api/v1/subscriptions/${sub.id}/resume`)).status).toBe(409);
  });

  it('cancels at the end of the current period: that period is billed, nothing after', async () => {
    const sub = await subscribe({ start_date: '2029-01-01', billing: 'in_arrears' });
    await advance('2029-02-10T12:00:00Z');
    expect((await invoicesOf(sub.id)).map((i) => [i.period_start, i.period_end, i.issue_date])).toEqual([['2029-01-01', '2029-01-31', '2029-02-01']]);
    const canceled = await owner.post(`/api/v1/subscriptions/${sub.id}/cancel`, { at_period_end: true });
    expect(canceled.status, canceled.text).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'active', cancel_at_period_end: true, end_date: '2029-02-28', next_invoice_date: '2029-03-01' });
    await advance('2029-06-01T12:00:00Z');
    expect((await invoicesOf(sub.id)).map((i) => i.period_start)).toEqual(['2029-01-01', '2029-02-01']);
    expect((await owner.get(`/api/v1/subscriptions/${sub.id}`)).body).toMatchObject({ status: 'canceled', next_invoice_date: null, invoice_count: 2 });
    // Canceled now: nothing more, not even the current period.
    const other = await subscribe({ start_date: '2029-06-01' });
    await advance('2029-06-01T12:01:00Z'); // the scheduler's next look, about a minute later
    expect(await invoicesOf(other.id)).toHaveLength(1);
    const now = await owner.post(`/api/v1/subscriptions/${other.id}/cancel`);
    expect(now.body).toMatchObject({ status: 'canceled', next_invoice_date: null });
    await advance('2029-09-01T12:00:00Z');
    expect(await invoicesOf(other.id)).toHaveLength(1);
    expect((await owner.patch(`/api/v1/subscriptions/${other.id}`, { notes: 'x' })).status).toBe(409);
  });

  it('stops after max_invoices and names the periods in the customer language', async () => {
    const sub = await subscribe({ start_date: '2029-10-01', max_invoices: 3, lines: [{ description: 'Wartung {month} {year} ({period_start} – {period_end})', quantity: '1', unit_price: '10.00' }] });
    await advance('2030-03-01T12:00:00Z');
    const invoices = await invoicesOf(sub.id);
    expect(invoices).toHaveLength(3);
    const full = (await owner.get(`/api/v1/invoices/${invoices[0].id}`)).body;
    expect(full.lines[0].description).toMatch(/^Wartung October 2029 \(Oct 1, 2029 – Oct 31, 2029\)$/);
    expect((await owner.get(`/api/v1/subscriptions/${sub.id}`)).body).toMatchObject({ status: 'ended', invoice_count: 3, next_invoice_date: null });
  });

  it('bills on the day as the time zone of the organization counts it', async () => {
    const zone = await owner.patch('/api/v1/organization', { time_zone: 'America/New_York' });
    expect(zone.status, zone.text).toBe(200);
    expect(zone.body).toMatchObject({ time_zone: 'America/New_York', time_zone_set: true });
    const sub = await subscribe({ start_date: '2031-01-01' });
    await advance('2031-01-01T04:59:00Z'); // 23:59 on 31 December in New York
    expect(await invoicesOf(sub.id)).toHaveLength(0);
    await advance('2031-01-01T05:00:00Z');
    expect((await invoicesOf(sub.id)).map((i) => i.issue_date)).toEqual(['2031-01-01']);
    const back = await owner.patch('/api/v1/organization', { time_zone: null });
    expect(back.body).toMatchObject({ time_zone: 'Europe/Berlin', time_zone_set: false });
  });

  it('issues a period billed late today, after the last invoice issued by hand, its period unchanged', async () => {
    await advance('2032-03-10T12:00:00Z');
    const customer = await createCustomer(owner, { name: 'Manual' });
    const manual = await owner.post('/api/v1/invoices', { customer_id: customer.id, lines: [{ description: 'One-off', quantity: '1', unit_price: '5.00' }], finalize: true });
    expect(manual.status, manual.text).toBe(201);
    expect(manual.body.issue_date).toBe('2032-03-10');
    const sub = await subscribe({ start_date: '2032-01-01' });
    await advance('2032-03-10T13:00:00Z');
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.period_start, i.issue_date])).toEqual([
      ['2032-01-01', '2032-03-10'],
      ['2032-02-01', '2032-03-10'],
      ['2032-03-01', '2032-03-10'],
    ]);
  });

  it('sends each generated invoice through the e-mail outbox when collection is send', async () => {
    const customer = await createCustomer(owner, { name: 'Mailed', email: 'billing@mailed.example' });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'week',
      start_date: '2033-01-03',
      collection: 'send',
      lines: [{ description: 'Weekly box', quantity: '1', unit_price: '12.00' }],
    });
    expect(created.status, created.text).toBe(201);
    await advance('2033-01-18T12:00:00Z');
    const invoices = await invoicesOf(created.body.id);
    expect(invoices.map((i) => i.period_start)).toEqual(['2033-01-03', '2033-01-10', '2033-01-17']);
    for (const invoice of invoices) {
      expect(invoice).toMatchObject({ status: 'open', sent_to: 'billing@mailed.example' });
      const emails = (await owner.get(`/api/v1/emails?invoice_id=${invoice.id}`)).body.data;
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({ to: 'billing@mailed.example', status: 'outbox' });
    }
  });

  it('moves only forward', async () => {
    const now = (await owner.get('/api/v1/test-clock')).body.now;
    const back = await owner.post('/api/v1/test-clock', { now: '2030-01-01T00:00:00Z' });
    expect(back.status).toBe(409);
    expect(back.body.errors[0].path).toBe('now');
    expect(Date.parse((await owner.get('/api/v1/test-clock')).body.now)).toBeGreaterThanOrEqual(Date.parse(now));
    expect((await owner.post('/api/v1/test-clock', { now: 'tomorrow' })).status).toBe(422);
    // The owner's alone: an admin neither reads nor moves it.
    const admin = await userWithRole(owner, 'admin');
    expect((await admin.get('/api/v1/test-clock')).status).toBe(403);
    expect((await admin.post('/api/v1/test-clock', { now: '2099-01-01T00:00:00Z' })).status).toBe(403);
  });
});
