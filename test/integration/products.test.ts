import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, unique } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

async function createProduct(client: Client, fields: Record<string, unknown> = {}): Promise<any> {
  const response = await client.post('/api/v1/products', { name: unique('Product'), unit_price: '10', ...fields });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

async function createTaxRate(client: Client, fields: Record<string, unknown> = {}): Promise<any> {
  const response = await client.post('/api/v1/tax-rates', { name: unique('VAT'), percentage: '19', ...fields });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

function fieldsOf(response: { body: any }): string[] {
  return ((response.body?.errors ?? []) as { path: string }[]).map((e) => e.path);
}

describeEachDb('products', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('creates, reads, updates, archives and deletes a product', async () => {
    const rate = await createTaxRate(owner);
    const created = await owner.post('/api/v1/products', {
      name: '  Consulting hour ',
      description: 'Senior consultant, remote',
      unit_price: '120.5',
      unit: 'hour',
      tax_rate_id: rate.id,
      sku: 'CONS-H',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Consulting hour',
      description: 'Senior consultant, remote',
      unit_price: '120.50',
      unit: 'hour',
      tax_rate_id: rate.id,
      sku: 'CONS-H',
      archived: false,
    });
    expect(created.body.id).toMatch(/^prd_/);
    expect(created.body).not.toHaveProperty('organization_id');
    const id = created.body.id as string;

    const read = await owner.get(`/api/v1/products/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await owner.patch(`/api/v1/products/${id}`, { unit_price: 130, description: null, tax_rate_id: null });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ unit_price: '130.00', description: null, tax_rate_id: null, name: 'Consulting hour', sku: 'CONS-H' });

    const archived = await owner.patch(`/api/v1/products/${id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    expect((await owner.get('/api/v1/products?q=Consulting')).body.data).toHaveLength(0);
    const inArchive = await owner.get('/api/v1/products?q=Consulting&archived=true');
    expect(inArchive.body.data.map((p: { id: string }) => p.id)).toEqual([id]);

    const deleted = await owner.delete(`/api/v1/products/${id}`);
    expect(deleted.status).toBe(204);
    expect((await owner.get(`/api/v1/products/${id}`)).status).toBe(404);
    expect((await owner.patch(`/api/v1/products/${id}`, { name: 'Back' })).status).toBe(404);

    const audit = await owner.get(`/api/v1/audit-events?resource_id=${id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'product.deleted',
      'product.archived',
      'product.updated',
      'product.created',
    ]);
    expect(audit.body.data[2].before).toMatchObject({ unit_price: '120.50' });
    expect(audit.body.data[2].after).toMatchObject({ unit_price: '130.00' });
  });

  it('stores unit prices exactly (scaled by 10^6) and returns them with 2 to 6 decimals', async () => {
    const cases: [unknown, string, number][] = [
      ['0.004', '0.004', 4_000],
      [19.99, '19.99', 19_990_000],
      ['100', '100.00', 100_000_000],
      ['12.5', '12.50', 12_500_000],
      ['12.50', '12.50', 12_500_000],
      [0, '0.00', 0],
      ['0.000001', '0.000001', 1],
      [0.1, '0.10', 100_000],
      ['1.1234560', '1.123456', 1_123_456],
      [' 7.1 ', '7.10', 7_100_000],
      ['999999999.999999', '999999999.999999', 999_999_999_999_999],
      [123456789, '123456789.00', 123_456_789_000_000],
    ];
    for (const [unitPrice, expected, stored] of cases) {
      const product = await createProduct(owner, { unit_price: unitPrice });
      expect(product.unit_price, JSON.stringify(unitPrice)).toBe(expected);
      expect((await owner.get(`/api/v1/products/${product.id}`)).body.unit_price).toBe(expected);
      const row = await server.db.kysely.selectFrom('products').select('unit_price').where('id', '=', product.id).executeTakeFirstOrThrow();
      expect(Number(row.unit_price), JSON.stringify(unitPrice)).toBe(stored);
      const patched = await owner.patch(`/api/v1/products/${product.id}`, { unit_price: expected });
      expect(patched.body.unit_price).toBe(expected);
    }
    const noPrice = await owner.post('/api/v1/products', { name: 'Free sample' });
    expect(noPrice.status, noPrice.text).toBe(201);
    expect(noPrice.body.unit_price).toBe('0.00');
  });

  it('searches by name, SKU and description, treating % and _ literally', async () => {
    const a = await createProduct(owner, { name: 'Widget 100% steel', sku: 'WID-777', description: 'Shiny galvanised' });
    const b = await createProduct(owner, { name: 'Gadget', sku: 'GAD-1', description: 'Goes with a widget' });
    const ids = async (q: string) =>
      (await owner.get(`/api/v1/products?q=${encodeURIComponent(q)}`)).body.data.map((p: { id: string }) => p.id).sort();
    expect(await ids('100%')).toEqual([a.id]);
    expect(await ids('wid-777')).toEqual([a.id]);
    expect(await ids('GALVANISED')).toEqual([a.id]);
    expect(await ids('widget')).toEqual([a.id, b.id].sort());
    expect(await ids('_')).toEqual([]);
  });

  it('paginates with a cursor, newest first or by name, without repeats or gaps', async () => {
    const names = ['Item C', 'Item A', 'Item E', 'Item B', 'Item D'];
    const ids: string[] = [];
    for (const name of names) ids.push((await createProduct(owner, { name })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/products?q=Item&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const byName: string[] = [];
    cursor = null;
    do {
      const query: string = `/api/v1/products?q=Item&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      byName.push(...page.body.data.map((p: { name: string }) => p.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(byName).toEqual(['Item A', 'Item B', 'Item C', 'Item D', 'Item E']);
  });

  it('keeps SKUs unique within the organization (409), including archived products', async () => {
    const first = await createProduct(owner, { sku: 'SKU-UNIQUE' });
    await expectUnchanged(server, async () => {
      const duplicate = await owner.post('/api/v1/products', { name: 'Copy', sku: ' SKU-UNIQUE ' });
      expect(duplicate.status).toBe(409);
      expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
      expect(fieldsOf(duplicate)).toContain('sku');
    });
    const second = await createProduct(owner, { sku: 'SKU-OTHER' });
    await expectUnchanged(server, async () => {
      const clash = await owner.patch(`/api/v1/products/${second.id}`, { sku: 'SKU-UNIQUE' });
      expect(clash.status).toBe(409);
      expect(fieldsOf(clash)).toContain('sku');
    });
    // Re-sending a product's own SKU is no conflict; products without a SKU never clash.
    expect((await owner.patch(`/api/v1/products/${first.id}`, { sku: 'SKU-UNIQUE', name: 'Renamed' })).status).toBe(200);
    await createProduct(owner, { sku: null });
    await createProduct(owner, { sku: '' });

    await owner.patch(`/api/v1/products/${first.id}`, { archived: true });
    expect((await owner.post('/api/v1/products', { name: 'Copy', sku: 'SKU-UNIQUE' })).status).toBe(409);

    const other = await secondOrganization(owner, 'Sku Other Ltd');
    expect((await other.post('/api/v1/products', { name: 'Theirs', sku: 'SKU-UNIQUE' })).status).toBe(201);

    expect((await owner.delete(`/api/v1/products/${first.id}`)).status).toBe(204);
    await createProduct(owner, { sku: 'SKU-UNIQUE' });
  });

  it('accepts only an active tax rate of the same organization', async () => {
    const ours = await createTaxRate(owner, { name: 'Ours' });
    const product = await createProduct(owner, { tax_rate_id: ours.id });
    expect(product.tax_rate_id).toBe(ours.id);

    const other = await secondOrganization(owner, 'Rates Other Ltd');
    const theirs = await createTaxRate(other, { name: 'Theirs' });

    await expectUnchanged(server, async () => {
      const foreign = await owner.post('/api/v1/products', { name: 'Sneaky', tax_rate_id: theirs.id });
      expect(foreign.status).toBe(422);
      expect(fieldsOf(foreign)).toEqual(['tax_rate_id']);
      const missing = await owner.post('/api/v1/products', { name: 'Sneaky', tax_rate_id: 'txr_doesnotexist' });
      expect(missing.status).toBe(422);
      // Another organization's rate is indistinguishable from one that does not exist.
      expect(missing.body).toEqual(foreign.body);
      expect(foreign.text).not.toContain('Theirs');

      const patched = await owner.patch(`/api/v1/products/${product.id}`, { tax_rate_id: theirs.id });
      expect(patched.status).toBe(422);
      expect(fieldsOf(patched)).toEqual(['tax_rate_id']);

      const reverse = await other.post('/api/v1/products', { name: 'Sneaky', tax_rate_id: ours.id });
      expect(reverse.status).toBe(422);
    });

    const retired = await createTaxRate(owner, { name: 'Retired' });
    await owner.patch(`/api/v1/tax-rates/${retired.id}`, { archived: true });
    await expectUnchanged(server, async () => {
      const response = await owner.post('/api/v1/products', { name: 'Old', tax_rate_id: retired.id });
      expect(response.status).toBe(422);
      expect(fieldsOf(response)).toEqual(['tax_rate_id']);
    });
    // A product keeps a rate archived after it was given.
    await owner.patch(`/api/v1/tax-rates/${ours.id}`, { archived: true });
    const kept = await owner.patch(`/api/v1/products/${product.id}`, { tax_rate_id: ours.id, name: 'Still taxed' });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.tax_rate_id).toBe(ours.id);
  });

  it('rejects bad input with a problem naming the field, and changes nothing', async () => {
    const existing = await createProduct(owner, { sku: 'BAD-INPUT' });
    const url = '/api/v1/products';
    const cases: [string, string, unknown, string][] = [
      ['POST', url, {}, 'name'],
      ['POST', url, { unit_price: '10' }, 'name'],
      ['POST', url, { name: '   ' }, 'name'],
      ['POST', url, { name: 42 }, 'name'],
      ['POST', url, { name: 'x'.repeat(201) }, 'name'],
      ['POST', url, { name: 'x'.repeat(2 * 1024 * 1024) }, 'name'],
      ['POST', url, { name: 'A\u0000B' }, 'name'],
      ['POST', url, { name: 'A', description: 'x'.repeat(2001) }, 'description'],
      ['POST', url, { name: 'A', description: 'x'.repeat(2 * 1024 * 1024) }, 'description'],
      ['POST', url, { name: 'A', unit_price: '-1' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: -0.01 }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '1.1234567' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: 0.1 + 0.2 }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '1e5' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: 1e21 }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: 'abc' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '12,50' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '1000000000' }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '9'.repeat(39) }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: '9'.repeat(2 * 1024 * 1024) }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: true }, 'unit_price'],
      ['POST', url, { name: 'A', unit_price: { amount: 1 } }, 'unit_price'],
      ['POST', url, { name: 'A', unit: 'x'.repeat(31) }, 'unit'],
      ['POST', url, { name: 'A', sku: 'x'.repeat(65) }, 'sku'],
      ['POST', url, { name: 'A', sku: 'BAD-INPUT', unit_price: 'abc' }, 'unit_price'],
      ['POST', url, { name: 'A', tax_rate_id: 5 }, 'tax_rate_id'],
      ['POST', url, { name: 'A', tax_rate_id: '' }, 'tax_rate_id'],
      ['POST', url, { name: 'A', archived: 'no' }, 'archived'],
      ['POST', url, { name: 'A', price: '10' }, 'body'],
      ['POST', url, [1, 2], 'body'],
      ['POST', url, '{"name": "A",', 'body'],
      ['PATCH', `${url}/${existing.id}`, { name: null }, 'name'],
      ['PATCH', `${url}/${existing.id}`, { unit_price: null }, 'unit_price'],
      ['PATCH', `${url}/${existing.id}`, { unit_price: '-5' }, 'unit_price'],
      ['PATCH', `${url}/${existing.id}`, { unit_price: '0.0000001' }, 'unit_price'],
      ['PATCH', `${url}/${existing.id}`, { archived: 'yes' }, 'archived'],
      ['PATCH', `${url}/${existing.id}`, { tax_rate_id: 'txr_nope' }, 'tax_rate_id'],
      ['PATCH', `${url}/${existing.id}`, { id: 'prd_other' }, 'body'],
      ['GET', `${url}?limit=0`, undefined, 'limit'],
      ['GET', `${url}?limit=201`, undefined, 'limit'],
      ['GET', `${url}?limit=abc`, undefined, 'limit'],
      ['GET', `${url}?cursor=garbage`, undefined, 'cursor'],
      ['GET', `${url}?sort=price`, undefined, 'sort'],
      ['GET', `${url}?archived=yes`, undefined, 'archived'],
      ['GET', `${url}?q=${'x'.repeat(201)}`, undefined, 'q'],
      ['GET', `${url}?q=%00`, undefined, 'q'],
      ['GET', `${url}?sort=name&cursor=${Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url')}`, undefined, 'cursor'],
      ['GET', `${url}?sort=name&cursor=${Buffer.from(JSON.stringify(['a'])).toString('base64url')}`, undefined, 'cursor'],
    ];
    for (const [method, path, body, field] of cases) {
      await expectUnchanged(server, async () => {
        const response = await owner.request(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`;
        expect(response.status, label).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(fieldsOf(response), `${label}: ${response.text.slice(0, 300)}`).toContain(field);
      });
    }
    expect((await owner.get(`${url}/${existing.id}`)).body).toEqual(existing);
  });

  it('keeps hostile text as data: SQL and markup are stored and returned literally', async () => {
    const name = `Robert'); DROP TABLE products;-- <script>alert(1)</script>`;
    const product = await createProduct(owner, { name, description: '=HYPERLINK("http://evil")', sku: `'; DELETE FROM products; --` });
    const read = await owner.get(`/api/v1/products/${product.id}`);
    expect(read.body.name).toBe(name);
    expect(read.body.description).toBe('=HYPERLINK("http://evil")');
    expect(read.body.sku).toBe(`'; DELETE FROM products; --`);
    const search = await owner.get(`/api/v1/products?q=${encodeURIComponent("'); DROP")}`);
    expect(search.status).toBe(200);
    expect(search.body.data.map((p: { id: string }) => p.id)).toEqual([product.id]);
  });

  describe('isolation between organizations', () => {
    it('answers 404 for another organization’s product on read, update and delete', async () => {
      const theirs = await createProduct(owner, { name: 'Only Acme sells this' });
      const other = await secondOrganization(owner, 'Products Other Ltd');
      await expectUnchanged(server, async () => {
        expect((await other.get(`/api/v1/products/${theirs.id}`)).status).toBe(404);
        expect((await other.patch(`/api/v1/products/${theirs.id}`, { name: 'Stolen' })).status).toBe(404);
        expect((await other.patch(`/api/v1/products/${theirs.id}`, { archived: true })).status).toBe(404);
        expect((await other.delete(`/api/v1/products/${theirs.id}`)).status).toBe(404);
      });
      expect((await other.get('/api/v1/products?archived=all')).body.data).toEqual([]);
      expect((await owner.get(`/api/v1/products/${theirs.id}`)).body).toEqual(theirs);
    });
  });
});
