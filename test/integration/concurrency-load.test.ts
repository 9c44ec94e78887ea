/**
 * One customer under load, on both databases: ten clients at once send a few hundred
 * requests over real HTTP that finalize drafts, pay open invoices, refund payments, issue
 * credit notes and apply customer credit — all on that one customer's documents, the case
 * that deadlocked on PostgreSQL (finalize's summary upsert against a payment's foreign-key
 * lock on the customer). No request may fail with a 5xx, and afterwards every invariant
 * holds: each invoice's money equals its payments, refunds and credit notes; numbers are
 * unique; the report summaries equal a rebuild; the document chain is gapless and verifies.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client, HttpResponse } from '../support/http.ts';
import { expectSummariesMatchRebuild } from '../support/summaries.ts';

const CLIENTS = 10;
const REQUESTS = 300;
const minor = (amount: string): bigint => BigInt(amount.replace('.', ''));

/** A small deterministic generator: the same mix on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describeEachDb('one customer under concurrent load', (kind) => {
  let server: TestServer;
  let owner: Client;
  let orgId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    orgId = (await owner.get('/api/v1/auth/me')).body.organization.id as string;
  });
  afterAll(() => server.close());

  it(`${REQUESTS} mixed requests from ${CLIENTS} clients: no 5xx, and the books add up`, { timeout: 120_000 }, async () => {
    const customer = await createCustomer(owner);
    const lines = [{ description: 'Work', quantity: '1', unit_price: '200.00' }];
    const drafts: string[] = [];
    const open: string[] = [];
    const payments: string[] = [];
    for (let i = 0; i < 10; i++) {
      drafts.push((await draftInvoice(owner, { customerId: customer.id, lines })).id as string);
      open.push((await finalizedInvoice(owner, { customerId: customer.id, lines })).id as string);
    }

    const next = random(kind === 'sqlite' ? 7 : 11);
    const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
    const amount = () => `${1 + Math.floor(next() * 9)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`;

    type Op = { name: string; run: () => Promise<HttpResponse> };
    function operation(): Op {
      const roll = next();
      const draft = drafts.length > 0 && roll < 0.2 ? drafts.shift() : undefined;
      if (draft !== undefined) {
        return {
          name: 'finalize',
          run: async () => {
            const r = await owner.post(`/api/v1/invoices/${draft}/finalize`);
            if (r.status === 200) open.push(draft);
            return r;
          },
        };
      }
      if (roll < 0.25) {
        return {
          name: 'draft',
          run: async () => {
            const r = await owner.post('/api/v1/invoices', { customer_id: customer.id, currency: 'EUR', lines });
            if (r.status === 201) drafts.push(r.body.id as string);
            return r;
          },
        };
      }
      const invoice = pick(open);
      if (roll < 0.6 && invoice !== undefined) {
        return {
          name: 'pay',
          run: async () => {
            const r = await owner.post('/api/v1/payments', { invoice_id: invoice, amount: amount(), date: '2026-11-20', method: 'bank_transfer' });
            if (r.status === 201) payments.push(r.body.id as string);
            return r;
          },
        };
      }
      const payment = pick(payments);
      if (roll < 0.75 && payment !== undefined) {
        return { name: 'refund', run: () => owner.post(`/api/v1/payments/${payment}/refund`, { amount: '0.50', reason: 'load' }) };
      }
      if (roll < 0.9 && invoice !== undefined) {
        return { name: 'credit note', run: () => owner.post(`/api/v1/invoices/${invoice}/credit-notes`, { amount: amount(), reason: 'load' }) };
      }
      if (invoice !== undefined) return { name: 'apply credit', run: () => owner.post(`/api/v1/invoices/${invoice}/apply-credit`, {}) };
      return { name: 'draft list', run: () => owner.get('/api/v1/invoices?limit=5') };
    }

    const outcomes: string[] = [];
    const failures: string[] = [];
    let sent = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (sent < REQUESTS) {
          sent += 1;
          const op = operation();
          const r = await op.run();
          outcomes.push(`${op.name} ${r.status}`);
          // 409: the state does not allow it (paid in full, nothing left to refund or credit): expected.
          if (r.status >= 500 || ![200, 201, 409].includes(r.status)) failures.push(`${op.name} ${r.status} ${r.text.slice(0, 200)}`);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(failures, failures.join('\n')).toEqual([]);
    expect(outcomes).toHaveLength(REQUESTS);
    // The mix really ran: every kind of write succeeded at least once.
    for (const name of ['finalize', 'pay', 'refund', 'credit note']) {
      expect(outcomes.filter((o) => o === `${name} 200` || o === `${name} 201`).length, `${name}: ${outcomes.join(', ')}`).toBeGreaterThan(0);
    }
    expect(seconds).toBeLessThan(120);

    // Every invoice's money equals its documents.
    const db = server.db.kysely;
    const invoices = await db.selectFrom('invoices').selectAll().where('customer_id', '=', customer.id).execute();
    const paymentRows = await db.selectFrom('payments').selectAll().where('customer_id', '=', customer.id).execute();
    const refunds = await db.selectFrom('refunds').selectAll().where('organization_id', '=', orgId).execute();
    const notes = await db.selectFrom('credit_notes').selectAll().where('customer_id', '=', customer.id).execute();
    for (const invoice of invoices) {
      if (invoice.status === 'draft') continue;
      const mine = paymentRows.filter((p) => p.invoice_id === invoice.id);
      const applied = mine.reduce((sum, p) => sum + BigInt(p.applied_amount), 0n);
      const refunded = refunds.filter((r) => r.invoice_id === invoice.id).reduce((sum, r) => sum + BigInt(r.amount), 0n);
      // No overpayments in this mix: every refund comes out of what the payment paid on the invoice.
      expect(BigInt(invoice.amount_paid), invoice.id).toBe(applied - refunded);
      const credited = notes.filter((n) => n.invoice_id === invoice.id).reduce((sum, n) => sum + BigInt(n.total), 0n);
      expect(BigInt(invoice.amount_credited), invoice.id).toBe(credited);
      const due = BigInt(invoice.total) - BigInt(invoice.amount_paid) - BigInt(invoice.amount_credited);
      expect(BigInt(invoice.amount_due), invoice.id).toBe(due > 0n ? due : 0n);
      expect(BigInt(invoice.amount_paid) <= BigInt(invoice.total)).toBe(true);
    }
    for (const payment of paymentRows) {
      const refunded = refunds.filter((r) => r.payment_id === payment.id).reduce((sum, r) => sum + BigInt(r.amount), 0n);
      expect(BigInt(payment.refunded_amount)).toBe(refunded);
      expect(refunded <= BigInt(payment.amount)).toBe(true);
    }
    const credit = await db.selectFrom('customer_credit_entries').select('amount').where('customer_id', '=', customer.id).execute();
    expect(credit.reduce((sum, e) => sum + BigInt(e.amount), 0n) >= 0n).toBe(true);
    // Numbers: one per finalized document, none twice.
    const numbers = invoices.filter((i) => i.number !== null).map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(notes.map((n) => n.number)).size).toBe(notes.length);
    // The API agrees with the rows.
    const sample = invoices.find((i) => i.status !== 'draft');
    if (sample) expect(minor((await owner.get(`/api/v1/invoices/${sample.id}`)).body.amount_paid as string)).toBe(BigInt(sample.amount_paid));

    await expectSummariesMatchRebuild(server.db, orgId);

    // The document chain: one entry per issued document, seq 1…n with no gap, and it verifies.
    const chain = await db.selectFrom('document_chain').select(['seq', 'type']).where('organization_id', '=', orgId).orderBy('seq').execute();
    const issued = invoices.filter((i) => i.status !== 'draft').length + paymentRows.length + refunds.length + notes.length;
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: issued }, (_, i) => i + 1));
    const integrity = await owner.get('/api/v1/integrity');
    expect(integrity.body).toMatchObject({ verified: true, documents: issued });
  });
});
