/**
 * Bad input and tenant isolation for payments, refunds and applied credit: every rejected
 * request is a 4xx problem naming the field (never a 5xx) and changes nothing; another
 * organization's payments and invoices answer 404 (or 422 for an invoice_id in a body).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('payments: bad input and isolation', (kind) => {
  let server: TestServer;
  let owner: Client;
  let other: Client;
  let eur: any;
  let jpy: any;
  let bhd: any;
  let draft: any;
  let voided: any;
  let foreign: any;
  let payment: any;
  let foreignPayment: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    other = await secondOrganization(owner);
    eur = await finalizedInvoice(owner);
    jpy = await finalizedInvoice(owner, { currency: 'JPY', lines: [{ description: 'Yen', quantity: '1', unit_price: '10000' }] });
    bhd = await finalizedInvoice(owner, { currency: 'BHD', lines: [{ description: 'Dinar', quantity: '1', unit_price: '10.000' }] });
    draft = await draftInvoice(owner);
    voided = await finalizedInvoice(owner);
    const voidResponse = await owner.post(`/api/v1/invoices/${voided.id}/void`, {});
    expect(voidResponse.status, voidResponse.text).toBe(200);
    foreign = await finalizedInvoice(other);
    const paid = await owner.post('/api/v1/payments', { invoice_id: eur.id, amount: '10.00', date: '2026-11-01', method: 'cash' });
    expect(paid.status, paid.text).toBe(201);
    payment = paid.body;
    const foreignPaid = await other.post('/api/v1/payments', { invoice_id: foreign.id, amount: '10.00', date: '2026-11-01', method: 'cash' });
    expect(foreignPaid.status, foreignPaid.text).toBe(201);
    foreignPayment = foreignPaid.body;
  });
  afterAll(() => server.close());

  const body = (invoiceId: string, fields: Record<string, unknown> = {}) => ({
    invoice_id: invoiceId,
    amount: '1.00',
    date: '2026-11-20',
    method: 'cash',
    ...fields,
  });

  it('rejects bad payments with a problem naming the field, and changes nothing', async () => {
    const cases: [string, string, unknown, string, number?][] = [
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '0' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: 0 }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '0.00' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '-5.00' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: -5 }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: 'abc' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '1e3' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: 1e20 }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: 1e21 }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '100000000000.01' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: null }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: true }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '10.001' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(jpy.id, { amount: '10.5' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(bhd.id, { amount: '1.0001' }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: undefined }), 'amount'],
      ['POST', '/api/v1/payments', () => body(eur.id, { date: '2026-02-30' }), 'date'],
      ['POST', '/api/v1/payments', () => body(eur.id, { date: '20.11.2026' }), 'date'],
      ['POST', '/api/v1/payments', () => body(eur.id, { date: '1999-12-31' }), 'date'],
      ['POST', '/api/v1/payments', () => body(eur.id, { date: '2027-11-24' }), 'date'],
      ['POST', '/api/v1/payments', () => body(eur.id, { date: undefined }), 'date'],
      ['POST', '/api/v1/payments', () => body(eur.id, { method: 'bitcoin' }), 'method'],
      ['POST', '/api/v1/payments', () => body(eur.id, { method: 'customer_credit' }), 'method'],
      ['POST', '/api/v1/payments', () => body(eur.id, { method: undefined }), 'method'],
      ['POST', '/api/v1/payments', () => body('inv_does_not_exist'), 'invoice_id'],
      ['POST', '/api/v1/payments', () => body(foreign.id), 'invoice_id'],
      ['POST', '/api/v1/payments', () => body(''), 'invoice_id'],
      ['POST', '/api/v1/payments', () => body(draft.id), 'invoice_id', 409],
      ['POST', '/api/v1/payments', () => body(voided.id), 'invoice_id', 409],
      ['POST', '/api/v1/payments', () => body(eur.id, { amount: '90.01' }), 'amount', 409],
      ['POST', '/api/v1/payments', () => body(eur.id, { reference: 'x'.repeat(2 * 1024 * 1024) }), 'reference'],
      ['POST', '/api/v1/payments', () => body(eur.id, { notes: 'a\u0001b' }), 'notes'],
      ['POST', '/api/v1/payments', () => body(eur.id, { allow_overpayment: 'yes' }), 'allow_overpayment'],
      ['POST', '/api/v1/payments', () => body(eur.id, { unknown_field: 1 }), 'body'],
      ['POST', '/api/v1/payments', () => [body(eur.id)], 'body'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: '1.00' }), 'reason'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: '1.00', reason: '  ' }), 'reason'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: '0', reason: 'r' }), 'amount'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: 'abc', reason: 'r' }), 'amount'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: '1.001', reason: 'r' }), 'amount'],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ amount: '10.01', reason: 'r' }), 'amount', 409],
      ['POST', `/api/v1/payments/${payment.id}/refund`, () => ({ reason: 'r', extra: true }), 'body'],
      ['POST', `/api/v1/invoices/${eur.id}/apply-credit`, () => ({ amount: '-1' }), 'amount'],
      ['POST', `/api/v1/invoices/${eur.id}/apply-credit`, () => ({ amount: '1.001' }), 'amount'],
      ['POST', `/api/v1/invoices/${eur.id}/apply-credit`, () => ({ amount: '1.00' }), 'amount', 409],
      ['POST', `/api/v1/invoices/${eur.id}/apply-credit`, () => ({ surprise: 1 }), 'body'],
      ['POST', `/api/v1/invoices/${draft.id}/apply-credit`, () => ({}), 'amount', 409],
      ['GET', '/api/v1/payments?limit=0', undefined, 'limit'],
      ['GET', '/api/v1/payments?limit=201', undefined, 'limit'],
      ['GET', '/api/v1/payments?cursor=garbage', undefined, 'cursor'],
      ['GET', '/api/v1/payments?from=2026-02-30', undefined, 'from'],
      ['GET', '/api/v1/payments?to=yesterday', undefined, 'to'],
      ['GET', '/api/v1/payments/bad%20id', undefined, 'id'],
    ];
    for (const [method, path, makeBody, field, status] of cases) {
      const requestBody = typeof makeBody === 'function' ? (makeBody as () => unknown)() : makeBody;
      const label = `${method} ${path} ${JSON.stringify(requestBody)?.slice(0, 100)}`;
      await expectUnchanged(server, async () => {
        const response = await owner.request(method, path, requestBody);
        if (status !== undefined) expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBe(status);
        expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        expect(response.headers.get('content-type'), label).toContain('application/problem+json');
        // The draft's apply-credit conflict is about its state, not a field.
        if (path.includes(draft.id) && path.includes('apply-credit')) return;
        const paths = (response.body.errors ?? []).map((e: { path: string }) => e.path);
        expect(paths, `${label}: ${response.text.slice(0, 300)}`).toContain(field);
      });
    }
  });

  it('answers 404 for another organization’s payments and invoices, and keeps histories apart', async () => {
    await expectUnchanged(server, async () => {
      expect((await owner.get(`/api/v1/payments/${foreignPayment.id}`)).status).toBe(404);
      expect((await other.get(`/api/v1/payments/${payment.id}`)).status).toBe(404);
      expect((await owner.get('/api/v1/payments/pay_does_not_exist')).status).toBe(404);
      expect((await owner.post(`/api/v1/payments/${foreignPayment.id}/refund`, { reason: 'steal' })).status).toBe(404);
      expect((await other.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'steal' })).status).toBe(404);
      expect((await other.post(`/api/v1/invoices/${eur.id}/apply-credit`, {})).status).toBe(404);
      expect((await owner.post(`/api/v1/invoices/${foreign.id}/apply-credit`, {})).status).toBe(404);
      expect((await owner.post('/api/v1/invoices/inv_does_not_exist/apply-credit', {})).status).toBe(404);
      const mine = await owner.get('/api/v1/payments');
      expect(mine.body.data.map((p: { id: string }) => p.id)).toEqual([payment.id]);
      const theirs = await other.get('/api/v1/payments');
      expect(theirs.body.data.map((p: { id: string }) => p.id)).toEqual([foreignPayment.id]);
      const filtered = await owner.get(`/api/v1/payments?invoice_id=${foreign.id}`);
      expect(filtered.body.data).toEqual([]);
      const byCustomer = await owner.get(`/api/v1/payments?customer_id=${foreign.customer_id}`);
      expect(byCustomer.body.data).toEqual([]);
    });
  });

  it('lets a viewer read payments but not move money', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    expect((await viewer.get(`/api/v1/payments/${payment.id}`)).status).toBe(200);
    await expectUnchanged(server, async () => {
      expect((await viewer.post('/api/v1/payments', body(eur.id))).status).toBe(403);
      expect((await viewer.post(`/api/v1/payments/${payment.id}/refund`, { reason: 'r' })).status).toBe(403);
    });
    const accountant = await userWithRole(owner, 'accountant');
    expect((await accountant.post('/api/v1/payments', body(eur.id))).status).toBe(201);
  });
});
