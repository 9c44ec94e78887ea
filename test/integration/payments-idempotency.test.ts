/**
 * A payment retried with its Idempotency-Key (a flaky network, a double click) is
 * recorded once: the retry replays the first answer and the invoice is paid once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('idempotent payments', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('records a retried payment once, also when the retries race', async () => {
    const invoice = await finalizedInvoice(owner);
    const body = { invoice_id: invoice.id, amount: '40.00', date: '2026-11-20', method: 'bank_transfer' };
    const first = await owner.post('/api/v1/payments', body, { 'idempotency-key': 'pay-1' });
    expect(first.status, first.text).toBe(201);
    const retries = await Promise.all(Array.from({ length: 5 }, () => owner.post('/api/v1/payments', body, { 'idempotency-key': 'pay-1' })));
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    const history = await owner.get(`/api/v1/payments?invoice_id=${invoice.id}`);
    expect(history.body.data).toHaveLength(1);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_paid: '40.00', amount_due: '60.00', status: 'partially_paid' });

    const changed = await owner.post('/api/v1/payments', { ...body, amount: '60.00' }, { 'idempotency-key': 'pay-1' });
    expect(changed.status).toBe(409);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.amount_paid).toBe('40.00');
  });
});
