import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('customers', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('creates, reads, updates, archives and deletes a customer', async () => {
    const created = await owner.post('/api/v1/customers', {
      name: '  Müller & Söhne GmbH ',
      email: 'Rechnung@Mueller.example',
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'de' },
      currency: 'eur',
      language: 'de',
      payment_terms_days: 14,
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Müller & Söhne GmbH',
      email: 'rechnung@mueller.example',
      currency: 'EUR',
      address: { line1: 'Hauptstraße 1', line2: null, city: 'Berlin', postal_code: '10115', country: 'DE' },
      payment_terms_days: 14,
      archived: false,
    });
    const id = created.body.id as string;

    const read = await owner.get(`/api/v1/customers/${id}`);
    expect(read.body).toEqual(created.body);

    const patched = await owner.patch(`/api/v1/customers/${id}`, { phone: '+49 30 123', notes: null });
    expect(patched.status).toBe(200);
    expect(patched.body.phone).toBe('+49 30 123');
    expect(patched.body.name).toBe('Müller & Söhne GmbH');

    const archived = await owner.patch(`/api/v1/customers/${id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    const active = await owner.get('/api/v1/customers?q=Müller');
    expect(active.body.data).toHaveLength(0);
    const inArchive = await owner.get('/api/v1/customers?q=Müller&archived=true');
    expect(inArchive.body.data.map((c: { id: string }) => c.id)).toEqual([id]);

    const deleted = await owner.delete(`/api/v1/customers/${id}`);
    expect(deleted.status).toBe(204);
    expect((await owner.get(`/api/v1/customers/${id}`)).status).toBe(404);

    const audit = await owner.get(`/api/v1/audit-events?resource_id=${id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'customer.deleted',
      'customer.archived',
      'customer.updated',
      'customer.created',
    ]);
  });

  it('searches by name, e-mail and tax id, treating % and _ literally', async () => {
    const a = await createCustomer(owner, { name: 'Zeta 100% Organic', email: 'z@zeta.example', tax_id: 'DE999' });
    await createCustomer(owner, { name: 'Zeta Other', email: 'other@zeta.example' });
    const byName = await owner.get(`/api/v1/customers?q=${encodeURIComponent('100%')}`);
    expect(byName.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const byTaxId = await owner.get('/api/v1/customers?q=de999');
    expect(byTaxId.body.data.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const byEmail = await owner.get('/api/v1/customers?q=ZETA.EXAMPLE');
    expect(byEmail.body.data).toHaveLength(2);
    const underscore = await owner.get('/api/v1/customers?q=_');
    expect(underscore.body.data).toHaveLength(0);
  });

  it('paginates with a cursor, newest first or by name, without repeats or gaps', async () => {
    const names = ['Page C', 'Page A', 'Page E', 'Page B', 'Page D'];
    const ids: string[] = [];
    for (const name of names) ids.push((await createCustomer(owner, { name })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/customers?q=Page&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((c: { id: string }) => c.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const byName: string[] = [];
    cursor = null;
    do {
      const query: string = `/api/v1/customers?q=Page&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      byName.push(...page.body.data.map((c: { name: string }) => c.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(byName).toEqual(['Page A', 'Page B', 'Page C', 'Page D', 'Page E']);
  });

  it('anonymizes a customer for GDPR: personal fields scrubbed, row kept', async () => {
    const c = await createCustomer(owner, { name: 'Private Person', phone: '123', tax_id: 'X1', notes: 'likes tea' });
    const response = await owner.post(`/api/v1/customers/${c.id}/anonymize`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ email: null, phone: null, tax_id: null, notes: null, address: null, archived: true });
    expect(response.body.name).not.toContain('Private');
    expect(response.body.anonymized_at).not.toBeNull();
    const refill = await owner.patch(`/api/v1/customers/${c.id}`, { name: 'Private Person' });
    expect(refill.status).toBe(409);
  });

  it('rejects bad input with a problem naming the field, and changes nothing', async () => {
    const existing = await createCustomer(owner);
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/customers', {}, 'name'],
      ['POST', '/api/v1/customers', { name: '   ' }, 'name'],
      ['POST', '/api/v1/customers', { name: 42 }, 'name'],
      ['POST', '/api/v1/customers', { name: 'x'.repeat(2 * 1024 * 1024) }, 'name'],
      ['POST', '/api/v1/customers', { name: 'A', email: 'not-an-email' }, 'email'],
      ['POST', '/api/v1/customers', { name: 'A', currency: 'EURO' }, 'currency'],
      ['POST', '/api/v1/customers', { name: 'A', payment_terms_days: -1 }, 'payment_terms_days'],
      ['POST', '/api/v1/customers', { name: 'A', payment_terms_days: 1.5 }, 'payment_terms_days'],
      ['POST', '/api/v1/customers', { name: 'A', address: { country: 'Germany' } }, 'address.country'],
      ['POST', '/api/v1/customers', { name: 'A', address: 'Main St' }, 'address'],
      ['POST', '/api/v1/customers', { name: 'A', unknown_field: 1 }, 'body'],
      ['POST', '/api/v1/customers', { name: 'A\u0000B' }, 'name'],
      // Lone UTF-16 surrogates, sent as the raw JSON escapes a client would send: high, low, a
      // pair in the wrong order, in a property name, in an update, in a decoded cursor.
      ['POST', '/api/v1/customers', '{"name":"\\ud800"}', 'name'],
      ['POST', '/api/v1/customers', '{"name":"A\\udc00B"}', 'name'],
      ['POST', '/api/v1/customers', '{"name":"A\\ude00\\ud83d"}', 'name'],
      ['POST', '/api/v1/customers', '{"name":"A","address":{"\\ud800":"x"}}', 'address'],
      ['PATCH', `/api/v1/customers/${existing.id}`, '{"notes":"\\udfff"}', 'notes'],
      ['POST', '/api/v1/customers', [1, 2], 'body'],
      ['PATCH', `/api/v1/customers/${existing.id}`, { name: null }, 'name'],
      ['PATCH', `/api/v1/customers/${existing.id}`, { archived: 'yes' }, 'archived'],
      ['GET', '/api/v1/customers?limit=0', undefined, 'limit'],
      ['GET', '/api/v1/customers?limit=201', undefined, 'limit'],
      ['GET', '/api/v1/customers?limit=abc', undefined, 'limit'],
      ['GET', '/api/v1/customers?cursor=garbage', undefined, 'cursor'],
      ['GET', '/api/v1/customers?sort=price', undefined, 'sort'],
      ['GET', '/api/v1/customers?q=%00', undefined, 'q'],
      ['GET', `/api/v1/customers?sort=name&cursor=${Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url')}`, undefined, 'cursor'],
      ['GET', `/api/v1/customers?sort=name&cursor=${Buffer.from(JSON.stringify(['a\ud800', 'b'])).toString('base64url')}`, undefined, 'cursor'],
      ['GET', '/api/v1/customers/bad%20id', undefined, 'id'],
    ];
    for (const [method, path, body, field] of cases) {
      await expectUnchanged(server, async () => {
        const response = await owner.request(method, path, body);
        expect(response.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        const paths = (response.body.errors ?? []).map((e: { path: string }) => e.path);
        expect(paths, `${method} ${path}: ${response.text.slice(0, 300)}`).toContain(field);
      });
    }
  });

  it('refuses a lone surrogate with 422 naming the field, and stores nothing', async () => {
    await expectUnchanged(server, async () => {
      const response = await owner.request('POST', '/api/v1/customers', '{"name":"\\ud800"}');
      expect(response.status, response.text).toBe(422);
      expect(response.body.errors).toEqual([{ path: 'name', message: expect.stringContaining('surrogate') }]);
    });
  });

  it('stores and returns emoji and other astral characters (well-formed surrogate pairs) unchanged', async () => {
    const name = 'Café 😀 𝄞 Ünïcödé';
    const created = await owner.request('POST', '/api/v1/customers', '{"name":"Caf\\u00e9 \\ud83d\\ude00 \\ud834\\udd1e \\u00dcn\\u00efc\\u00f6d\\u00e9"}');
    expect(created.status, created.text).toBe(201);
    expect(created.body.name).toBe(name);
    expect((await owner.get(`/api/v1/customers/${created.body.id}`)).body.name).toBe(name);
    const search = await owner.get(`/api/v1/customers?q=${encodeURIComponent('😀')}`);
    expect(search.body.data.map((x: { id: string }) => x.id)).toContain(created.body.id);
  });

  it('keeps hostile text as data: SQL and markup are stored and returned literally', async () => {
    const name = `Robert'); DROP TABLE customers;-- <script>alert(1)</script>`;
    const c = await createCustomer(owner, { name, notes: '=HYPERLINK("http://evil")' });
    expect((await owner.get(`/api/v1/customers/${c.id}`)).body.name).toBe(name);
    const search = await owner.get(`/api/v1/customers?q=${encodeURIComponent("'); DROP")}`);
    expect(search.status).toBe(200);
    expect(search.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  describe('isolation between organizations', () => {
    it('answers 404 for another organization’s customer on read, update, delete and anonymize', async () => {
      const theirs = await createCustomer(owner, { name: 'Only Acme sees me' });
      const other = await secondOrganization(owner);
      expect((await other.get(`/api/v1/customers/${theirs.id}`)).status).toBe(404);
      expect((await other.patch(`/api/v1/customers/${theirs.id}`, { name: 'Stolen' })).status).toBe(404);
      expect((await other.delete(`/api/v1/customers/${theirs.id}`)).status).toBe(404);
      expect((await other.post(`/api/v1/customers/${theirs.id}/anonymize`)).status).toBe(404);
      const list = await other.get('/api/v1/customers?archived=all');
      expect(list.body.data).toEqual([]);
      expect((await owner.get(`/api/v1/customers/${theirs.id}`)).body.name).toBe('Only Acme sees me');
    });
  });
});
