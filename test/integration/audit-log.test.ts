/**
 * The audit log for people: sign-ins and failed sign-ins are recorded (with the e-mail
 * typed and the address, never the password), entries name their subject (invoice number,
 * customer name) with a link, filters by who, what and when work, and another organization
 * never sees any of it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { USER_PASSWORD, createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { Client } from '../support/http.ts';
import { localDate } from '../../src/domain/time-zone.ts';

interface Entry {
  id: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  resource_type: string;
  resource_id: string;
  before: any;
  after: any;
  created_at: string;
  subject_label: string | null;
  subject_path: string | null;
}

describeEachDb('audit log for people', (kind) => {
  let server: TestServer;
  let owner: Client;
  let other: Client;
  let sales: Client;
  let salesId: string;
  let salesEmail: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    other = await secondOrganization(owner);
    salesEmail = `${unique('sales')}@example.com`;
    sales = await userWithRole(owner, 'sales', salesEmail);
    salesId = (await sales.get('/api/v1/auth/me')).body.user.id;
  });
  afterAll(() => server.close());

  const list = async (client: Client, query: string): Promise<Entry[]> => {
    const response = await client.get(`/api/v1/audit-events?limit=200${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body.data as Entry[];
  };

  it('records a sign-in and a failed sign-in with the e-mail and address, never the password', async () => {
    const failed = await new Client(server.url).post('/api/v1/auth/login', { email: salesEmail, password: 'wrong-password-here' });
    expect(failed.status).toBe(401);
    const ok = await new Client(server.url).post('/api/v1/auth/login', { email: salesEmail, password: USER_PASSWORD });
    expect(ok.status).toBe(200);

    const signIns = await list(owner, `&actor_id=${salesId}&action=user.signed_in`);
    expect(signIns.length).toBeGreaterThanOrEqual(1);
    expect(signIns[0]).toMatchObject({ action: 'user.signed_in', resource_type: 'user', resource_id: salesId, actor: { id: salesId }, after: { method: 'password' } });
    expect(signIns[0]!.after.ip).toEqual(expect.any(String));

    const failures = await list(owner, `&action=user.sign_in_failed`);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ resource_id: salesId, after: { email: salesEmail, step: 'password' } });
    expect(failures[0]!.after.ip).toEqual(expect.any(String));
    expect(JSON.stringify(failures)).not.toContain('wrong-password-here');
    // Named for people: the user's name and e-mail, with the users page as its place.
    expect(failures[0]!.subject_label).toBe(`A sales (${salesEmail})`);
    expect(failures[0]!.subject_path).toBe('/settings/users');
  });

  it('writes nothing organization-scoped for a failed sign-in of an unknown address', async () => {
    const count = async () => Number((await server.db.kysely.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const response = await new Client(server.url).post('/api/v1/auth/login', { email: 'nobody-here@example.com', password: 'whatever-password' });
    expect(response.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('never shows one organization’s sign-ins or subjects to another', async () => {
    const otherEntries = await list(other, '');
    expect(otherEntries.some((e) => e.resource_id === salesId || e.actor.id === salesId)).toBe(false);
    expect(JSON.stringify(otherEntries)).not.toContain(salesEmail);
    expect(await list(other, `&actor_id=${salesId}`)).toEqual([]);
    const invoice = await finalizedInvoice(owner);
    expect(await list(other, `&resource_id=${invoice.id}`)).toEqual([]);
  });

  it('names invoices by number and customers by name, with links', async () => {
    const customer = await createCustomer(owner, { name: 'Bäckerei Müller' });
    const invoice = await finalizedInvoice(owner, { customerId: customer.id });
    const entries = await list(owner, `&resource_id=${invoice.id}`);
    const finalized = entries.find((e) => e.action === 'invoice.finalized');
    expect(finalized).toMatchObject({ subject_label: invoice.number, subject_path: `/invoices/${invoice.id}` });
    const created = (await list(owner, `&resource_id=${customer.id}`)).find((e) => e.action === 'customer.created');
    expect(created).toMatchObject({ subject_label: 'Bäckerei Müller', subject_path: `/customers/${customer.id}` });

    // A deleted resource keeps the name from its snapshot, without a link.
    const doomed = await createCustomer(owner, { name: 'Gone GmbH' });
    expect((await owner.delete(`/api/v1/customers/${doomed.id}`)).status).toBe(204);
    const deleted = (await list(owner, `&resource_id=${doomed.id}`)).find((e) => e.action === 'customer.deleted');
    expect(deleted).toMatchObject({ subject_label: 'Gone GmbH', subject_path: null });
  });

  it('filters by who, what and when', async () => {
    await createCustomer(sales, { name: 'Sold by sales' });
    const bySales = await list(owner, `&actor_id=${salesId}`);
    expect(bySales.length).toBeGreaterThan(0);
    expect(bySales.every((e) => e.actor.id === salesId)).toBe(true);
    expect(bySales.some((e) => e.action === 'customer.created')).toBe(true);

    const customers = await list(owner, '&resource_type=customer');
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.every((e) => e.resource_type === 'customer')).toBe(true);

    // Entries of requests carry the server's (test) clock; pick one and filter around its day.
    const newest = bySales[0]!;
    const dayOf = (e: Entry) => localDate(new Date(e.created_at), 'Europe/Berlin');
    const day = dayOf(newest);
    const sameDay = await list(owner, `&from=${day}&to=${day}`);
    expect(sameDay.map((e) => e.id)).toContain(newest.id);
    expect(sameDay.every((e) => dayOf(e) === day)).toBe(true);
    const next = new Date(`${day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const nextDay = next.toISOString().slice(0, 10);
    const later = await list(owner, `&from=${nextDay}`);
    expect(later.map((e) => e.id)).not.toContain(newest.id);
    expect(later.every((e) => dayOf(e) >= nextDay)).toBe(true);
    expect(await list(owner, `&to=2000-01-01`)).toEqual([]);

    const bad = await owner.get('/api/v1/audit-events?from=2026-02-30');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('from');
    const reversed = await owner.get(`/api/v1/audit-events?from=${day}&to=2000-01-01`);
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors[0].path).toBe('to');
  });
});

describeEachDb('GET /auth/session', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('answers 200 whether or not anyone is signed in; /auth/me keeps its 401', async () => {
    const anonymous = new Client(server.url);
    const out = await anonymous.get('/api/v1/auth/session');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signed_in: false });
    expect((await anonymous.get('/api/v1/auth/me')).status).toBe(401);

    const signedIn = await setupOwnerLogin(server.url);
    const inside = await signedIn.get('/api/v1/auth/session');
    expect(inside.status).toBe(200);
    const me = await signedIn.get('/api/v1/auth/me');
    expect(inside.body).toEqual({ signed_in: true, ...me.body });

    await signedIn.post('/api/v1/auth/logout');
    expect((await signedIn.get('/api/v1/auth/session')).body).toEqual({ signed_in: false });
  });
});

async function setupOwnerLogin(url: string): Promise<Client> {
  const client = new Client(url);
  const login = await client.post('/api/v1/auth/login', { email: 'owner@example.com', password: 'owner-password-123' });
  expect(login.status).toBe(200);
  return client;
}
