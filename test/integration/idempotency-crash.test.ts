/**
 * An Idempotency-Key retry after a crash never repeats the effect, on both databases. The
 * process dying is played in-process by the test-only fault hooks of the app
 * (AppDeps.faults, see server/idempotency.ts): in onSend the socket is destroyed and the
 * request aborted, either before the transaction holding the payment and its stored
 * response commits, or right after. Before the fix the claim was committed on its own and
 * the response stored after the effect: a kill in between let a retry pay a second time.
 */
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IdempotencyFaults } from '../../src/kernel/deps.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('Idempotency-Key across a crash', (kind) => {
  let server: TestServer;
  let owner: Client;
  const faults: IdempotencyFaults = {};

  beforeAll(async () => {
    server = await startTestServer(kind, { faults: { idempotency: faults } });
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  /** Plays a process killed at this point for the request carrying `key`, once. */
  function killOnce(key: string): (request: FastifyRequest) => void {
    let done = false;
    return (request) => {
      if (done || request.headers['idempotency-key'] !== key) return;
      done = true;
      request.raw.socket.destroy();
      throw new Error('simulated kill -9');
    };
  }

  const payBody = (invoiceId: string) => ({ invoice_id: invoiceId, amount: '40.00', date: '2026-11-20', method: 'bank_transfer' });
  const pay = (invoiceId: string, key: string) => owner.post('/api/v1/payments', payBody(invoiceId), { 'idempotency-key': key });
  const paid = async (invoiceId: string) => (await owner.get(`/api/v1/invoices/${invoiceId}`)).body.amount_paid as string;
  const paymentCount = async (invoiceId: string) => (await owner.get(`/api/v1/payments?invoice_id=${invoiceId}`)).body.data.length as number;

  it('a kill before the commit leaves nothing: the retry pays exactly once', async () => {
    const invoice = await finalizedInvoice(owner);
    faults.beforeCommit = killOnce(`before-${kind}`);
    try {
      await expect(pay(invoice.id, `before-${kind}`)).rejects.toThrow();
    } finally {
      delete faults.beforeCommit;
    }
    expect(await paid(invoice.id)).toBe('0.00');

    const retry = await pay(invoice.id, `before-${kind}`);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const again = await pay(invoice.id, `before-${kind}`);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(retry.body.id);
    expect(await paid(invoice.id)).toBe('40.00');
    expect(await paymentCount(invoice.id)).toBe(1);
  });

  it('a kill after the commit, before the response: the retry replays it, no second payment; other keys still replay', async () => {
    const others = await Promise.all([0, 1, 2].map(() => finalizedInvoice(owner)));
    const earlier = [];
    for (const [i, other] of others.entries()) {
      const r = await pay(other.id, `other-${kind}-${i}`);
      expect(r.status, r.text).toBe(201);
      earlier.push(r.body.id as string);
    }

    const invoice = await finalizedInvoice(owner);
    faults.afterCommit = killOnce(`after-${kind}`);
    try {
      await expect(pay(invoice.id, `after-${kind}`)).rejects.toThrow();
    } finally {
      delete faults.afterCommit;
    }
    // The effect and its response committed together.
    expect(await paid(invoice.id)).toBe('40.00');

    const retry = await pay(invoice.id, `after-${kind}`);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.invoice_id).toBe(invoice.id);
    expect(await paid(invoice.id)).toBe('40.00');
    expect(await paymentCount(invoice.id)).toBe(1);

    // Keys that succeeded before the crash are unaffected: replayed, not "in flight".
    for (const [i, other] of others.entries()) {
      const replay = await pay(other.id, `other-${kind}-${i}`);
      expect(replay.status, replay.text).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(earlier[i]);
      expect(await paid(other.id)).toBe('40.00');
    }
  });
});
