/**
 * The event stream over HTTP on both databases: every public event is stored with its change,
 * carrying the resource exactly as the API returned it; a change that fails stores nothing;
 * GET /events filters, pages and catches up; it is scoped to the organization and to admins;
 * the overdue check fires invoice.overdue once; the audit log keeps its action names.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizeInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

describeEachDb('events', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function events(query = ''): Promise<any[]> {
    const response = await owner.get(`/api/v1/events?limit=100${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  /** The events about one resource, oldest first. */
  async function eventsOf(id: string): Promise<any[]> {
    return (await events()).filter((e) => e.data.object?.id === id).reverse();
  }

  it('stores customer and product events with the resource as the API returned it', async () => {
    const customer = await createCustomer(owner, { name: 'Event Customer' });
    const updated = await owner.patch(`/api/v1/customers/${customer.id}`, { phone: '+49 30 1234' });
    expect(updated.status, updated.text).toBe(200);
    const product = await owner.post('/api/v1/products', { name: 'Widget', unit_price: '12.50' });
    expect(product.status, product.text).toBe(201);
    const archived = await owner.patch(`/api/v1/products/${product.body.id}`, { archived: true });
    expect((await owner.delete(`/api/v1/products/${product.body.id}`)).status).toBe(204);

    const aboutCustomer = await eventsOf(customer.id);
    expect(aboutCustomer.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect(aboutCustomer[0].data.object).toEqual(customer);
    expect(aboutCustomer[1].data.object).toEqual(updated.body);
    for (const event of aboutCustomer) {
      expect(event.id).toMatch(/^evt_[0-9a-z]{26}$/);
      expect(event.created_at).toBe('2026-11-23T10:00:00.000Z');
    }
    const aboutProduct = await eventsOf(product.body.id);
    expect(aboutProduct.map((e) => e.type)).toEqual(['product.created', 'product.updated', 'product.deleted']);
    expect(aboutProduct[0].data.object).toEqual(product.body);
    expect(aboutProduct[1].data.object).toEqual(archived.body);
    // A deleted resource as it was last.
    expect(aboutProduct[2].data.object).toEqual(archived.body);
  });

  it('follows an invoice through its life: created, updated, finalized, paid by payments, refunded, credited', async () => {
    const draft = await draftInvoice(owner);
    const edited = await owner.patch(`/api/v1/invoices/${draft.id}`, { notes: 'Thanks' });
    expect(edited.status, edited.text).toBe(200);
    const finalized = await finalizeInvoice(owner, draft.id);
    const part = await owner.post('/api/v1/payments', { invoice_id: draft.id, amount: '40.00', date: '2026-11-23', method: 'bank_transfer' });
    expect(part.status, part.text).toBe(201);
    const rest = await owner.post('/api/v1/payments', { invoice_id: draft.id, amount: '60.00', date: '2026-11-23', method: 'cash' });
    expect(rest.status, rest.text).toBe(201);
    const paidInvoice = (await owner.get(`/api/v1/invoices/${draft.id}`)).body;
    const refund = await owner.post(`/api/v1/payments/${rest.body.id}/refund`, { amount: '10.00', reason: 'Goodwill' });
    expect(refund.status, refund.text).toBe(200);
    const note = await owner.post(`/api/v1/invoices/${draft.id}/credit-notes`, { reason: 'Discount', amount: '5.00' });
    expect(note.status, note.text).toBe(201);

    const aboutInvoice = await eventsOf(draft.id);
    expect(aboutInvoice.map((e) => e.type)).toEqual(['invoice.created', 'invoice.updated', 'invoice.finalized', 'invoice.paid']);
    expect(aboutInvoice[0].data.object).toEqual(draft);
    expect(aboutInvoice[1].data.object).toEqual(edited.body);
    expect(aboutInvoice[2].data.object).toEqual(finalized);
    expect(aboutInvoice[3].data.object).toEqual(paidInvoice);
    expect(aboutInvoice[3].data.object.status).toBe('paid');

    expect((await eventsOf(part.body.id)).map((e) => [e.type, e.data.object])).toEqual([['payment.created', part.body]]);
    expect((await eventsOf(rest.body.id)).map((e) => [e.type, e.data.object])).toEqual([
      ['payment.created', rest.body],
      ['payment.refunded', refund.body],
    ]);
    expect((await eventsOf(note.body.id)).map((e) => [e.type, e.data.object])).toEqual([['credit_note.created', note.body]]);

    // The audit log keeps the action names it always had.
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${rest.body.id}`);
    expect(audit.body.data.map((e: any) => e.action).sort()).toEqual(['payment.recorded', 'payment.refunded']);
    const noteAudit = await owner.get(`/api/v1/audit-events?resource_id=${note.body.id}`);
    expect(noteAudit.body.data.map((e: any) => e.action)).toEqual(['credit_note.issued']);
    // invoice.paid is derived from the payment: not a second audit entry.
    const invoiceAudit = await owner.get(`/api/v1/audit-events?resource_id=${draft.id}&limit=100`);
    expect(invoiceAudit.body.data.map((e: any) => e.action)).not.toContain('invoice.paid');
  });

  it('stores void, uncollectible and deletion events, and customer deletion and anonymization', async () => {
    const voided = await finalizedInvoice(owner);
    const voidResponse = await owner.post(`/api/v1/invoices/${voided.id}/void`);
    expect(voidResponse.status, voidResponse.text).toBe(200);
    const writtenOff = await finalizedInvoice(owner);
    const offResponse = await owner.post(`/api/v1/invoices/${writtenOff.id}/mark-uncollectible`);
    expect(offResponse.status, offResponse.text).toBe(200);
    const draft = await draftInvoice(owner);
    expect((await owner.delete(`/api/v1/invoices/${draft.id}`)).status).toBe(204);
    const gone = await createCustomer(owner, { name: 'Short-lived' });
    expect((await owner.delete(`/api/v1/customers/${gone.id}`)).status).toBe(204);
    const erased = await createCustomer(owner, { name: 'Erika Mustermann', email: 'erika@example.com' });
    const anonymized = await owner.post(`/api/v1/customers/${erased.id}/anonymize`);
    expect(anonymized.status, anonymized.text).toBe(200);

    expect((await eventsOf(voided.id)).map((e) => e.type)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.voided']);
    expect((await eventsOf(voided.id))[2].data.object).toEqual(voidResponse.body);
    expect((await eventsOf(writtenOff.id))[2]).toMatchObject({ type: 'invoice.marked_uncollectible', data: { object: offResponse.body } });
    expect((await eventsOf(draft.id)).map((e) => e.type)).toEqual(['invoice.created', 'invoice.deleted']);
    expect((await eventsOf(gone.id)).map((e) => e.type)).toEqual(['customer.created', 'customer.deleted']);
    const aboutErased = await eventsOf(erased.id);
    expect(aboutErased.map((e) => e.type)).toEqual(['customer.created', 'customer.anonymized']);
    expect(aboutErased[1].data.object).toEqual(anonymized.body);
    // GDPR: the earlier event no longer holds the personal data.
    expect(JSON.stringify(aboutErased)).not.toContain('Erika');
    expect(JSON.stringify(aboutErased)).not.toContain('erika@example.com');
  });

  it('stores nothing for a change that fails', async () => {
    const before = await events();
    const empty = await draftInvoice(owner, { lines: [] });
    const failed = await owner.post(`/api/v1/invoices/${empty.id}/finalize`);
    expect(failed.status).toBe(409);
    const refused = await owner.post('/api/v1/customers', { name: '' });
    expect(refused.status).toBe(422);
    const after = await events();
    expect(after.filter((e) => !before.some((b) => b.id === e.id)).map((e) => e.type)).toEqual(['invoice.created', 'customer.created']);
  });

  it('filters by type, pages with a cursor, and catches up after an event id or a time', async () => {
    const all = await events();
    const customersOnly = await events('&type=customer.created,customer.deleted');
    expect(customersOnly.length).toBeGreaterThan(0);
    expect(customersOnly.every((e) => e.type === 'customer.created' || e.type === 'customer.deleted')).toBe(true);
    expect(customersOnly.map((e) => e.id)).toEqual(all.filter((e) => e.type === 'customer.created' || e.type === 'customer.deleted').map((e) => e.id));

    // Newest first, pages of 3 without repeats or gaps.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.get(`/api/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.body.data.map((e: any) => e.id));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.map((e) => e.id));

    // Catching up: oldest first after a given event.
    const oldestFirst = [...all].reverse();
    const pivot = oldestFirst[4];
    const after = await owner.get(`/api/v1/events?after=${pivot.id}&limit=5`);
    expect(after.body.data.map((e: any) => e.id)).toEqual(oldestFirst.slice(5, 10).map((e) => e.id));
    const next = await owner.get(`/api/v1/events?after=${pivot.id}&limit=5&cursor=${after.body.next_cursor}`);
    expect(next.body.data.map((e: any) => e.id)).toEqual(oldestFirst.slice(10, 15).map((e) => e.id));
    const afterTime = await owner.get('/api/v1/events?after=2026-11-23T09:00:00Z&limit=2');
    expect(afterTime.body.data.map((e: any) => e.id)).toEqual(oldestFirst.slice(0, 2).map((e) => e.id));
  });

  it('answers bad queries with a problem naming the field', async () => {
    for (const [query, field] of [
      ['type=invoice.exploded', 'type'],
      ['type=%27%3B%20DROP%20TABLE%20events%3B--', 'type'],
      ['after=yesterday', 'after'],
      ['after=evt_1', 'after'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ]) {
      const response = await owner.get(`/api/v1/events?${query}`);
      expect(response.status, query).toBe(422);
      expect(JSON.stringify(response.body.errors ?? response.body.detail), query).toContain(field);
    }
  });

  it('is for admins of the organization only', async () => {
    const accountant = await userWithRole(owner, 'accountant');
    expect((await accountant.get('/api/v1/events')).status).toBe(403);
    const admin = await userWithRole(owner, 'admin');
    expect((await admin.get('/api/v1/events')).status).toBe(200);
    const other = await secondOrganization(owner);
    const theirs = await createCustomer(other, { name: 'Theirs' });
    const otherEvents = (await other.get('/api/v1/events?limit=100')).body.data;
    expect(otherEvents.map((e: any) => e.data.object.id)).toEqual([theirs.id]);
    expect((await events()).some((e) => e.data.object?.id === theirs.id)).toBe(false);
  });

  it('fires invoice.overdue once, when an open invoice passes its due date', async () => {
    const invoice = await finalizedInvoice(owner, { due_date: '2026-11-30' });
    const paidOne = await finalizedInvoice(owner, { due_date: '2026-11-30' });
    const pay = await owner.post('/api/v1/payments', { invoice_id: paidOne.id, amount: '100.00', date: '2026-11-23', method: 'cash' });
    expect(pay.status, pay.text).toBe(201);

    // Due today is not overdue yet.
    server.clock.set('2026-11-30T12:00:00.000Z');
    await server.app.scheduler.runDue();
    expect((await eventsOf(invoice.id)).map((e) => e.type)).not.toContain('invoice.overdue');

    server.clock.set('2026-12-01T00:30:00.000Z');
    expect(await server.app.scheduler.runDue()).toContain('invoices.overdue');
    const overdue = (await eventsOf(invoice.id)).filter((e) => e.type === 'invoice.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].data.object).toEqual((await owner.get(`/api/v1/invoices/${invoice.id}`)).body);
    expect(overdue[0].data.object.overdue).toBe(true);
    expect((await eventsOf(paidOne.id)).map((e) => e.type)).not.toContain('invoice.overdue');

    // Not again: neither on the next run nor on a run of another process.
    server.clock.set('2026-12-02T00:30:00.000Z');
    await server.app.scheduler.runDue();
    expect((await eventsOf(invoice.id)).filter((e) => e.type === 'invoice.overdue')).toHaveLength(1);
    server.clock.set('2026-11-23T10:00:00.000Z');
  });
});

describeEachDb('events of invoice e-mails', (kind) => {
  let server: TestServer;
  let smtp: TestSmtp;
  let owner: Client;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(kind, { env: { SMTP_URL: smtp.url } });
    owner = await setupOwner(server.url);
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  it('fires invoice.sent once the e-mail reached the mail server', async () => {
    const invoice = await finalizedInvoice(owner, { customer: { name: 'Mail Customer', email: 'billing@example.com' } });
    const send = await owner.post(`/api/v1/invoices/${invoice.id}/send`, {});
    expect(send.status, send.text).toBe(200);
    // Delivered by the background worker: wait for it.
    await expect.poll(async () => (await owner.get('/api/v1/events?type=invoice.sent')).body.data.length, { timeout: 15_000, interval: 50 }).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const sent = (await owner.get('/api/v1/events?type=invoice.sent')).body.data;
    expect(sent).toHaveLength(1);
    expect(sent[0].data.object).toEqual((await owner.get(`/api/v1/invoices/${invoice.id}`)).body);
    expect(sent[0].data.object.last_email.status).toBe('sent');
    // Audited under the name it always had.
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.email_sent`);
    expect(audit.body.data).toHaveLength(1);
  });
});
