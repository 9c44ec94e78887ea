/**
 * POST /invoices with `finalize: true`: create and finalize in one call and one transaction —
 * the invoice comes back open with the next number, the audit log and events read as for the
 * two calls, a refusal leaves no draft behind, the accountant role is needed, and an
 * Idempotency-Key replays it without taking a second number.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { draftBody, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('creating a finalized invoice in one call', (kind) => {
  let server: TestServer;
  let owner: Client;
  let customerId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    customerId = (await createCustomer(owner, { name: 'One Call Customer' })).id as string;
  });
  afterAll(() => server.close());

  it('answers 201 with the open invoice and its number, in sequence with the two-call way', async () => {
    const before = await finalizedInvoice(owner, { customerId });
    const response = await owner.post('/api/v1/invoices', { ...draftBody(customerId), finalize: true });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ status: 'open', total: '100.00', amount_due: '100.00' });
    expect(response.body.finalized_at).toEqual(expect.any(String));
    const seq = (number: string) => Number(/(\d+)$/.exec(number)?.[1]);
    expect(seq(response.body.number as string)).toBe(seq(before.number as string) + 1);
    const stored = await owner.get(`/api/v1/invoices/${response.body.id}`);
    expect(stored.body).toEqual(response.body);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${response.body.id}`);
    expect(audit.status, audit.text).toBe(200);
    expect((audit.body.data as { action: string }[]).map((e) => e.action).sort()).toEqual(['invoice.created', 'invoice.finalized']);
  });

  it('leaves no draft behind when the invoice cannot be finalized', async () => {
    const count = async () => ((await owner.get(`/api/v1/invoices?customer_id=${customerId}&limit=100`)).body.data as unknown[]).length;
    const before = await count();
    const noLines = await owner.post('/api/v1/invoices', { customer_id: customerId, lines: [], finalize: true });
    expect(noLines.status, noLines.text).toBe(409);
    const negative = await owner.post('/api/v1/invoices', { ...draftBody(customerId, { lines: [{ description: 'Refund', quantity: '1', unit_price: '-5' }] }), finalize: true });
    expect([409, 422]).toContain(negative.status);
    expect(await count()).toBe(before);
  });

  it('needs the accountant role; sales may still create drafts', async () => {
    const sales = await userWithRole(owner, 'sales');
    const refused = await sales.post('/api/v1/invoices', { ...draftBody(customerId), finalize: true });
    expect(refused.status, refused.text).toBe(403);
    const draft = await sales.post('/api/v1/invoices', { ...draftBody(customerId), finalize: false });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.status).toBe('draft');
    const accountant = await userWithRole(owner, 'accountant');
    const issued = await accountant.post('/api/v1/invoices', { ...draftBody(customerId), finalize: true });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body.status).toBe('open');
  });

  it('replays under the same Idempotency-Key without taking another number', async () => {
    const body = { ...draftBody(customerId), finalize: true };
    const headers = { 'idempotency-key': `one-call-${kind}` };
    const first = await owner.post('/api/v1/invoices', body, headers);
    expect(first.status, first.text).toBe(201);
    const again = await owner.post('/api/v1/invoices', body, headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const next = await finalizedInvoice(owner, { customerId });
    const seq = (number: string) => Number(/(\d+)$/.exec(number)?.[1]);
    expect(seq(next.number as string)).toBe(seq(first.body.number as string) + 1);
  });
});
