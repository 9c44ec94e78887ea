/**
 * GDPR erasure reaches every copy of a customer's personal data: after
 * POST /customers/{id}/anonymize no audit event, e-mail message, queued job or stored
 * Idempotency-Key response of the organization holds its name, e-mail address, phone,
 * address or tax id — past values included — searched in the raw table rows. The issued
 * invoice keeps its frozen customer snapshot (legal retention), another customer's data
 * stays, and the audit trail keeps its events.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizeInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const FIRST = {
  name: 'Zelda Quixotebottom',
  email: 'zelda.q@erasure-test.example',
  phone: '+49 30 5550199',
  address: { line1: 'Wintergartenstraße 77', city: 'Quedlinburg', postal_code: '06484', country: 'DE' },
  tax_id: 'DE999888777',
  notes: 'Call Zelda after five',
};
const LATER = { name: 'Zelda Marchetti-Quixote', email: 'z.marchetti@erasure-later.example', phone: '+49 30 5550777', address: { line1: 'Lindenallee 12b', city: 'Wernigerode', postal_code: '38855', country: 'DE' } };
const PERSONAL = [
  FIRST.name, FIRST.email, FIRST.phone, FIRST.address.line1, FIRST.address.city, FIRST.address.postal_code, FIRST.tax_id, 'Quixotebottom',
  LATER.name, LATER.email, LATER.phone, LATER.address.line1, LATER.address.city, LATER.address.postal_code, 'Marchetti',
];

describeEachDb('anonymizing a customer erases its personal data everywhere but issued documents', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  /** Every raw row of the organization's audit log, outbox, jobs and stored responses, as text. */
  async function rawRows(orgId: string): Promise<Record<string, string>> {
    const db = server.db.kysely;
    return {
      audit_events: JSON.stringify(await db.selectFrom('audit_events').selectAll().where('organization_id', '=', orgId).execute()),
      email_messages: JSON.stringify(await db.selectFrom('email_messages').selectAll().where('organization_id', '=', orgId).execute()),
      jobs: JSON.stringify(await db.selectFrom('jobs').selectAll().where('organization_id', '=', orgId).execute()),
      idempotency_keys: JSON.stringify(await db.selectFrom('idempotency_keys').selectAll().where('organization_id', '=', orgId).execute()),
    };
  }

  it('scrubs audit events, e-mails and stored responses, keeps the issued invoice’s frozen customer', async () => {
    const created = await owner.post('/api/v1/customers', FIRST, { 'Idempotency-Key': 'erasure-create-1' });
    expect(created.status, created.text).toBe(201);
    const customer = created.body;
    const orgId = (await owner.get('/api/v1/auth/me')).body.organization.id as string;
    const other = await createCustomer(owner, { name: 'Ottilie Unrelated-Person', email: 'ottilie@keep.example' });

    // Finalized under its first name and address: the snapshot freezes those.
    const invoice = await draftInvoice(owner, { customerId: customer.id, lines: [{ description: 'Consulting', quantity: '2', unit_price: '150.00' }] });
    const issued = await finalizeInvoice(owner, invoice.id);
    expect(issued.customer).toMatchObject({ name: FIRST.name, email: FIRST.email });
    // Then the customer changes name and contact details; a second invoice stays a draft.
    expect((await owner.patch(`/api/v1/customers/${customer.id}`, LATER)).status).toBe(200);
    await draftInvoice(owner, { customerId: customer.id, lines: [{ description: `Retainer for ${LATER.name}`, quantity: '1', unit_price: '10.00' }] });
    const paid = await owner.post('/api/v1/payments', { invoice_id: issued.id, amount: '100.00', date: '2026-11-20', method: 'bank_transfer', reference: 'Zelda Quixotebottom Nov' });
    expect(paid.status, paid.text).toBe(201);
    expect((await owner.post(`/api/v1/invoices/${issued.id}/credit-notes`, { amount: '10.00', reason: 'Goodwill' })).status).toBe(201);
    const sent = await owner.post(`/api/v1/invoices/${issued.id}/send`, { to: LATER.email, message: `Dear ${LATER.name}, here is your invoice. {link}` });
    expect(sent.status, sent.text).toBe(200);

    const before = await rawRows(orgId);
    expect(before.audit_events).toContain(FIRST.email);
    expect(before.email_messages).toContain(LATER.email);
    const eventCount = (await server.db.kysely.selectFrom('audit_events').select('id').where('organization_id', '=', orgId).execute()).length;

    const erased = await owner.post(`/api/v1/customers/${customer.id}/anonymize`);
    expect(erased.status, erased.text).toBe(200);

    const after = await rawRows(orgId);
    for (const [table, text] of Object.entries(after)) {
      for (const value of PERSONAL) expect(text.toLowerCase(), `${table} still holds "${value}"`).not.toContain(value.toLowerCase());
    }
    // The trail itself stays: every event, with its action, resource and amounts.
    const events = await server.db.kysely.selectFrom('audit_events').selectAll().where('organization_id', '=', orgId).execute();
    expect(events.length).toBe(eventCount + 1);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['customer.created', 'customer.updated', 'invoice.finalized', 'payment.recorded', 'customer.anonymized']));
    const finalized = events.find((e) => e.action === 'invoice.finalized' && e.resource_id === issued.id);
    expect(JSON.parse(finalized?.after ?? '{}')).toMatchObject({ number: issued.number, total: issued.total, customer: { id: customer.id, name: '(erased)' } });
    // Another customer's data is not touched.
    expect(after.audit_events).toContain(other.name);
    expect(after.audit_events).toContain('ottilie@keep.example');

    // The issued invoice is a legal record: its frozen customer stays as it was issued.
    const kept = (await owner.get(`/api/v1/invoices/${issued.id}`)).body;
    expect(kept.customer).toMatchObject({ id: customer.id, name: FIRST.name, email: FIRST.email, address: { line1: FIRST.address.line1, city: FIRST.address.city } });
    expect(kept.number).toBe(issued.number);
    expect(kept.total).toBe(issued.total);

    // The audit log over the API shows the same erased documents.
    const api = JSON.stringify((await owner.get(`/api/v1/audit-events?limit=200`)).body);
    for (const value of PERSONAL) expect(api.toLowerCase(), value).not.toContain(value.toLowerCase());
  });
});
