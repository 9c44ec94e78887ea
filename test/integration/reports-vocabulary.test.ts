/**
 * One vocabulary across the reports, on both databases: "Invoiced" is invoiced net of credit
 * notes in every report that shows it — the summary (dashboard), the sales report, top
 * customers (all time, a whole month, a few days) and the DSO's sales in the analytics.
 *
 * EUR, today 2026-11-20:
 *   Anna 2026-11-02: 1000.00; a credit note of 500.00 on 2026-11-10 → Anna 500.00 net
 *   Ben  2026-11-03:  600.00                                        → Ben  600.00
 * November: 1600.00 invoiced − 500.00 credited = 1100.00; Ben ranks before Anna.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const line = (unit_price: string) => [{ description: 'Work', quantity: '1', unit_price }];

describeEachDb('reports: Invoiced is net of credit notes everywhere', (kind) => {
  let server: TestServer;
  let owner: Client;
  const ids: Record<string, string> = {};

  async function report(path: string) {
    const response = await owner.get(`/api/v1/reports/${path}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    const anna = await createCustomer(owner, { name: 'Anna' });
    const ben = await createCustomer(owner, { name: 'Ben' });
    Object.assign(ids, { anna: anna.id, ben: ben.id });

    server.clock.set('2026-11-03T09:00:00.000Z');
    const first = await finalizedInvoice(owner, { customerId: anna.id, issue_date: '2026-11-02', due_date: '2026-12-02', lines: line('1000.00') });
    await finalizedInvoice(owner, { customerId: ben.id, issue_date: '2026-11-03', due_date: '2026-12-03', lines: line('600.00') });
    server.clock.set('2026-11-10T09:00:00.000Z');
    const note = await owner.post(`/api/v1/invoices/${first.id}/credit-notes`, { amount: '500.00', reason: 'Damaged goods' });
    expect(note.status, note.text).toBe(201);
    expect(note.body).toMatchObject({ total: '500.00', issue_date: '2026-11-10' });
    server.clock.set('2026-11-20T09:00:00.000Z');
  });
  afterAll(() => server.close());

  it('the summary (dashboard) counts invoiced net of credit notes, all time and in a range', async () => {
    expect((await report('summary')).currencies).toEqual([expect.objectContaining({ currency: 'EUR', invoiced: '1100.00', invoice_count: 2 })]);
    expect((await report('summary?from=2026-11-01&to=2026-11-30')).currencies).toEqual([expect.objectContaining({ invoiced: '1100.00' })]);
    // Only the credit note's day: it lowers Invoiced on its own.
    expect((await report('summary?from=2026-11-05&to=2026-11-20')).currencies).toEqual([expect.objectContaining({ invoiced: '-500.00', invoice_count: 0 })]);
    // Before it: the invoices alone.
    expect((await report('summary?from=2026-11-01&to=2026-11-09')).currencies).toEqual([expect.objectContaining({ invoiced: '1600.00', invoice_count: 2 })]);
  });

  it('the sales report agrees', async () => {
    const sales = await report('sales?from=2026-11-01&to=2026-11-30&group_by=month');
    expect(sales.currencies).toEqual([{ currency: 'EUR', periods: [expect.objectContaining({ period: '2026-11-01', total: '1100.00', count: 2 })] }]);
  });

  it('top customers rank by invoiced net of credit notes: all time, a whole month, a few days', async () => {
    const expected = [
      expect.objectContaining({ customer_id: ids.ben, invoiced: '600.00', invoice_count: 1 }),
      expect.objectContaining({ customer_id: ids.anna, invoiced: '500.00', invoice_count: 1 }),
    ];
    expect((await report('top-customers')).currencies[0].customers).toEqual(expected);
    expect((await report('top-customers?from=2026-11-01&to=2026-11-30')).currencies[0].customers).toEqual(expected);
    expect((await report('top-customers?from=2026-11-02&to=2026-11-19')).currencies[0].customers).toEqual(expected);
    // With room for one only, the credit note still decides: Ben, not Anna's 1000.00 before it.
    expect((await report('top-customers?limit=1')).currencies[0].customers).toEqual([expected[0]]);
    expect((await report('top-customers?from=2026-11-01&to=2026-11-30&limit=1')).currencies[0].customers).toEqual([expected[0]]);
    // A range holding only the credit note: Anna at −500.00.
    const after = (await report('top-customers?from=2026-11-05&to=2026-11-20')).currencies[0].customers;
    expect(after.find((c: { customer_id: string }) => c.customer_id === ids.anna)).toMatchObject({ invoiced: '-500.00' });
  });

  it('the DSO divides by sales net of credit notes', async () => {
    const analytics = await report('customer-analytics?from=2026-11-01&to=2026-11-30');
    expect(analytics.currencies[0].dso).toMatchObject({ sales: '1100.00', days: 30 });
  });
});
