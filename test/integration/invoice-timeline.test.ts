/**
 * GET /invoices/{id}/timeline on both databases: the invoice's audit entries, payments,
 * refunds and credit notes, oldest first, with who did each; another organization's invoice
 * is a 404.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('invoice timeline', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('lists what happened to the invoice, oldest first, with the actor', async () => {
    const inv = await finalizedInvoice(owner);
    const payment = await owner.post('/api/v1/payments', { invoice_id: inv.id, amount: '60.00', date: '2026-11-20', method: 'bank_transfer', reference: 'TX-9' });
    expect(payment.status, payment.text).toBe(201);
    const refund = await owner.post(`/api/v1/payments/${payment.body.id}/refund`, { amount: '10.00', reason: 'discount' });
    expect(refund.status, refund.text).toBe(200);
    const note = await owner.post(`/api/v1/invoices/${inv.id}/credit-notes`, { amount: '5.00', reason: 'damaged' });
    expect(note.status, note.text).toBe(201);

    const viewer = await userWithRole(owner, 'viewer');
    const response = await viewer.get(`/api/v1/invoices/${inv.id}/timeline`);
    expect(response.status, response.text).toBe(200);
    const entries = response.body.data as any[];
    const actions = entries.map((e) => e.action);
    expect(actions.indexOf('invoice.finalized')).toBeGreaterThan(-1);
    expect(actions.indexOf('invoice.created')).toBeLessThan(actions.indexOf('invoice.finalized'));
    expect(actions.indexOf('invoice.finalized')).toBeLessThan(actions.indexOf('payment.recorded'));
    expect(actions.indexOf('payment.recorded')).toBeLessThan(actions.indexOf('payment.refunded'));
    expect(actions.indexOf('payment.refunded')).toBeLessThan(actions.indexOf('credit_note.created'));
    const sorted = [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    expect(entries.map((e) => e.at)).toEqual(sorted.map((e) => e.at));

    const paid = entries.find((e) => e.action === 'payment.recorded');
    expect(paid).toMatchObject({
      actor: { type: 'user' },
      summary: 'Payment: 60.00 EUR',
      details: { payment_id: payment.body.id, amount: '60.00', method: 'bank_transfer', reference: 'TX-9', gateway: null },
    });
    expect(paid.actor.name).toBeTruthy();
    expect(entries.find((e) => e.action === 'payment.refunded')).toMatchObject({
      actor: { type: 'user' },
      details: { payment_id: payment.body.id, amount: '10.00', reason: 'discount' },
    });
    expect(entries.find((e) => e.action === 'credit_note.created')).toMatchObject({
      actor: { type: 'user' },
      details: { credit_note_id: note.body.id, number: note.body.number, total: '5.00', reason: 'damaged' },
    });
    const finalized = entries.find((e) => e.action === 'invoice.finalized');
    expect(finalized.actor.type).toBe('user');
    expect(finalized.details).toHaveProperty('after');
  });

  it("answers 404 for another organization's invoice and for none", async () => {
    const inv = await finalizedInvoice(owner);
    const other = await secondOrganization(owner, 'Timeline Other Ltd');
    expect((await other.get(`/api/v1/invoices/${inv.id}/timeline`)).status).toBe(404);
    expect((await owner.get('/api/v1/invoices/inv_missing/timeline')).status).toBe(404);
    expect((await owner.get('/api/v1/invoices/bad%20id/timeline')).status).toBe(422);
  });
});
