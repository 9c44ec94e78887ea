import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, unique } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

async function createTaxRate(client: Client, fields: Record<string, unknown> = {}): Promise<any> {
  const response = await client.post('/api/v1/tax-rates', { name: unique('VAT'), percentage: '19', ...fields });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

function fieldsOf(response: { body: any }): string[] {
  return ((response.body?.errors ?? []) as { path: string }[]).map((e) => e.path);
}

describeEachDb('tax rates', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('creates, reads, updates, archives and deletes a tax rate', async () => {
    const created = await owner.post('/api/v1/tax-rates', { name: '  German VAT ', percentage: '19.00' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'German VAT', percentage: '19', category: 'S', exemption_reason: null, archived: false });
    expect(created.body.id).toMatch(/^txr_/);
    expect(created.body).not.toHaveProperty('organization_id');
    const id = created.body.id as string;

    const read = await owner.get(`/api/v1/tax-rates/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await owner.patch(`/api/v1/tax-rates/${id}`, { name: 'German VAT reduced', percentage: 7 });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ name: 'German VAT reduced', percentage: '7', category: 'S' });

    const archived = await owner.patch(`/api/v1/tax-rates/${id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    expect((await owner.get('/api/v1/tax-rates?q=German')).body.data).toHaveLength(0);
    const inArchive = await owner.get('/api/v1/tax-rates?q=German&archived=true');
    expect(inArchive.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await owner.get('/api/v1/tax-rates?q=German&archived=all')).body.data).toHaveLength(1);

    const deleted = await owner.delete(`/api/v1/tax-rates/${id}`);
    expect(deleted.status).toBe(204);
    expect((await owner.get(`/api/v1/tax-rates/${id}`)).status).toBe(404);
    expect((await owner.delete(`/api/v1/tax-rates/${id}`)).status).toBe(404);

    const audit = await owner.get(`/api/v1/audit-events?resource_id=${id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'tax_rate.deleted',
      'tax_rate.archived',
      'tax_rate.updated',
      'tax_rate.created',
    ]);
    expect(audit.body.data[2].before).toMatchObject({ percentage: '19' });
    expect(audit.body.data[2].after).toMatchObject({ percentage: '7' });
  });

  it('normalises percentages given as strings or JSON numbers', async () => {
    const cases: [unknown, string][] = [
      ['19', '19'],
      ['19.00', '19'],
      [7.5, '7.5'],
      ['5.5000', '5.5'],
      [' 8.1 ', '8.1'],
      ['0.0001', '0.0001'],
      ['100', '100'],
      [16, '16'],
    ];
    for (const [percentage, expected] of cases) {
      const rate = await createTaxRate(owner, { percentage });
      expect(rate.percentage, JSON.stringify(percentage)).toBe(expected);
      expect((await owner.get(`/api/v1/tax-rates/${rate.id}`)).body.percentage).toBe(expected);
    }
  });

  it('applies the EN 16931 rules tying category, percentage and exemption reason', async () => {
    const valid: Record<string, unknown>[] = [
      { category: 'S', percentage: '19' },
      { category: 'Z', percentage: '0' },
      { category: 'Z', percentage: 0, exemption_reason: 'Zero rated books' },
      { category: 'E', percentage: '0', exemption_reason: 'Exempt under Art. 132 VAT Directive' },
      { category: 'AE', percentage: 0, exemption_reason: 'Reverse charge' },
      { category: 'K', percentage: '0.00', exemption_reason: 'Intra-community supply' },
      { category: 'G', percentage: '0', exemption_reason: 'Export outside the EU' },
      { category: 'O', percentage: '0', exemption_reason: 'Not subject to VAT' },
      { category: 'L', percentage: '7' },
      { category: 'L', percentage: '0' },
      { category: 'M', percentage: '10' },
    ];
    for (const fields of valid) {
      const response = await owner.post('/api/v1/tax-rates', { name: 'Rule check', ...fields });
      expect(response.status, `${JSON.stringify(fields)}: ${response.text}`).toBe(201);
      expect(response.body.category).toBe(fields.category);
    }

    const invalid: [Record<string, unknown>, string][] = [
      [{ category: 'S', percentage: '0' }, 'percentage'],
      [{ percentage: '0' }, 'percentage'],
      [{ category: 'S', percentage: '19', exemption_reason: 'Why not' }, 'exemption_reason'],
      [{ category: 'Z', percentage: '7' }, 'percentage'],
      [{ category: 'E', percentage: '0' }, 'exemption_reason'],
      [{ category: 'E', percentage: '0', exemption_reason: '   ' }, 'exemption_reason'],
      [{ category: 'E', percentage: '19', exemption_reason: 'Exempt' }, 'percentage'],
      [{ category: 'AE', percentage: '0' }, 'exemption_reason'],
      [{ category: 'AE', percentage: '19', exemption_reason: 'Reverse charge' }, 'percentage'],
      [{ category: 'K', percentage: '0' }, 'exemption_reason'],
      [{ category: 'G', percentage: '0', exemption_reason: null }, 'exemption_reason'],
      [{ category: 'O', percentage: '0' }, 'exemption_reason'],
      [{ category: 'O', percentage: '5', exemption_reason: 'Outside scope' }, 'percentage'],
    ];
    for (const [fields, field] of invalid) {
      await expectUnchanged(server, async () => {
        const response = await owner.post('/api/v1/tax-rates', { name: 'Rule check', ...fields });
        expect(response.status, `${JSON.stringify(fields)}: ${response.text}`).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(fieldsOf(response), `${JSON.stringify(fields)}: ${response.text}`).toContain(field);
      });
    }
  });

  it('checks the rules on the merged rate when patching', async () => {
    const exempt = await createTaxRate(owner, { category: 'E', percentage: '0', exemption_reason: 'Medical services' });
    const invalid: [Record<string, unknown>, string][] = [
      [{ exemption_reason: null }, 'exemption_reason'],
      [{ exemption_reason: '' }, 'exemption_reason'],
      [{ percentage: '19' }, 'percentage'],
      [{ category: 'S' }, 'percentage'],
      [{ category: 'S', percentage: '19' }, 'exemption_reason'],
      [{ category: 'AE', exemption_reason: null }, 'exemption_reason'],
    ];
    for (const [fields, field] of invalid) {
      await expectUnchanged(server, async () => {
        const response = await owner.patch(`/api/v1/tax-rates/${exempt.id}`, fields);
        expect(response.status, `${JSON.stringify(fields)}: ${response.text}`).toBe(422);
        expect(fieldsOf(response)).toContain(field);
      });
    }

    const toStandard = await owner.patch(`/api/v1/tax-rates/${exempt.id}`, { category: 'S', percentage: '19', exemption_reason: null });
    expect(toStandard.status, toStandard.text).toBe(200);
    expect(toStandard.body).toMatchObject({ category: 'S', percentage: '19', exemption_reason: null });

    const renamed = await owner.patch(`/api/v1/tax-rates/${exempt.id}`, { name: 'Standard now' });
    expect(renamed.body).toMatchObject({ name: 'Standard now', category: 'S', percentage: '19' });

    const toZero = await owner.patch(`/api/v1/tax-rates/${exempt.id}`, { category: 'Z', percentage: 0 });
    expect(toZero.status, toZero.text).toBe(200);
    expect(toZero.body).toMatchObject({ category: 'Z', percentage: '0' });
  });

  it('searches by name, treating % and _ literally, and paginates without repeats or gaps', async () => {
    const special = await createTaxRate(owner, { name: 'Zeta 100% rate' });
    expect((await owner.get(`/api/v1/tax-rates?q=${encodeURIComponent('100%')}`)).body.data.map((r: { id: string }) => r.id)).toEqual([special.id]);
    expect((await owner.get('/api/v1/tax-rates?q=ZETA')).body.data).toHaveLength(1);
    expect((await owner.get('/api/v1/tax-rates?q=_')).body.data).toHaveLength(0);

    const names = ['Page C', 'Page A', 'Page E', 'Page B', 'Page D'];
    const ids: string[] = [];
    for (const name of names) ids.push((await createTaxRate(owner, { name })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/tax-rates?q=Page&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((r: { id: string }) => r.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const byName: string[] = [];
    cursor = null;
    do {
      const query: string = `/api/v1/tax-rates?q=Page&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await owner.get(query);
      byName.push(...page.body.data.map((r: { name: string }) => r.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(byName).toEqual(['Page A', 'Page B', 'Page C', 'Page D', 'Page E']);
  });

  it('refuses to delete a rate a product uses (409), and allows archiving it', async () => {
    const rate = await createTaxRate(owner, { name: 'In use' });
    const product = await owner.post('/api/v1/products', { name: 'Consulting', unit_price: '100', tax_rate_id: rate.id });
    expect(product.status, product.text).toBe(201);

    await expectUnchanged(server, async () => {
      const response = await owner.delete(`/api/v1/tax-rates/${rate.id}`);
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.detail).toMatch(/used by products.*archive/i);
    });

    const archived = await owner.patch(`/api/v1/tax-rates/${rate.id}`, { archived: true });
    expect(archived.status).toBe(200);
    expect((await owner.get(`/api/v1/products/${product.body.id}`)).body.tax_rate_id).toBe(rate.id);
    // An archived product still counts.
    expect((await owner.patch(`/api/v1/products/${product.body.id}`, { archived: true })).status).toBe(200);
    expect((await owner.delete(`/api/v1/tax-rates/${rate.id}`)).status).toBe(409);

    expect((await owner.delete(`/api/v1/products/${product.body.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/v1/tax-rates/${rate.id}`)).status).toBe(204);
  });

  it('rejects bad input with a problem naming the field, and changes nothing', async () => {
    const existing = await createTaxRate(owner);
    const url = '/api/v1/tax-rates';
    const cases: [string, string, unknown, string][] = [
      ['POST', url, { percentage: '19' }, 'name'],
      ['POST', url, { name: '   ', percentage: '19' }, 'name'],
      ['POST', url, { name: 42, percentage: '19' }, 'name'],
      ['POST', url, { name: 'x'.repeat(101), percentage: '19' }, 'name'],
      ['POST', url, { name: 'x'.repeat(2 * 1024 * 1024), percentage: '19' }, 'name'],
      ['POST', url, { name: 'A\u0000B', percentage: '19' }, 'name'],
      ['POST', url, { name: 'VAT' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '101' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: 100.0001 }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '-1' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '7.12345' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '1e1' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '19%' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: 'abc' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '' }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: 1e-7 }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: true }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: null }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '9'.repeat(2 * 1024 * 1024) }, 'percentage'],
      ['POST', url, { name: 'VAT', percentage: '19', category: 'X' }, 'category'],
      ['POST', url, { name: 'VAT', percentage: '19', category: 's' }, 'category'],
      ['POST', url, { name: 'VAT', percentage: '0', category: 'E', exemption_reason: 'x'.repeat(301) }, 'exemption_reason'],
      ['POST', url, { name: 'VAT', percentage: '0', category: 'E', exemption_reason: 7 }, 'exemption_reason'],
      ['POST', url, { name: 'VAT', percentage: '19', archived: 'no' }, 'archived'],
      ['POST', url, { name: 'VAT', percentage: '19', rate: '19' }, 'body'],
      ['POST', url, [1, 2], 'body'],
      ['POST', url, '{"name": "VAT",', 'body'],
      ['PATCH', `${url}/${existing.id}`, { name: null }, 'name'],
      ['PATCH', `${url}/${existing.id}`, { percentage: null }, 'percentage'],
      ['PATCH', `${url}/${existing.id}`, { percentage: '101' }, 'percentage'],
      ['PATCH', `${url}/${existing.id}`, { category: null }, 'category'],
      ['PATCH', `${url}/${existing.id}`, { category: 'VAT' }, 'category'],
      ['PATCH', `${url}/${existing.id}`, { archived: 'yes' }, 'archived'],
      ['PATCH', `${url}/${existing.id}`, { organization_id: 'org_x' }, 'body'],
      ['GET', `${url}?limit=0`, undefined, 'limit'],
      ['GET', `${url}?limit=201`, undefined, 'limit'],
      ['GET', `${url}?cursor=garbage`, undefined, 'cursor'],
      ['GET', `${url}?archived=maybe`, undefined, 'archived'],
      ['GET', `${url}?sort=percentage`, undefined, 'sort'],
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
    const name = `VAT'); DROP TABLE tax_rates;-- <script>alert(1)</script>`;
    const rate = await createTaxRate(owner, { name, category: 'E', percentage: '0', exemption_reason: '<b>=HYPERLINK("http://evil")</b>' });
    const read = await owner.get(`/api/v1/tax-rates/${rate.id}`);
    expect(read.body.name).toBe(name);
    expect(read.body.exemption_reason).toBe('<b>=HYPERLINK("http://evil")</b>');
    const search = await owner.get(`/api/v1/tax-rates?q=${encodeURIComponent("'); DROP")}`);
    expect(search.status).toBe(200);
    expect(search.body.data.map((r: { id: string }) => r.id)).toEqual([rate.id]);
  });

  describe('isolation between organizations', () => {
    it('answers 404 for another organization’s tax rate on read, update and delete', async () => {
      const theirs = await createTaxRate(owner, { name: 'Only Acme sees this rate' });
      const other = await secondOrganization(owner, 'Tax Other Ltd');
      await expectUnchanged(server, async () => {
        expect((await other.get(`/api/v1/tax-rates/${theirs.id}`)).status).toBe(404);
        expect((await other.patch(`/api/v1/tax-rates/${theirs.id}`, { name: 'Stolen' })).status).toBe(404);
        expect((await other.patch(`/api/v1/tax-rates/${theirs.id}`, { category: 'E' })).status).toBe(404);
        expect((await other.delete(`/api/v1/tax-rates/${theirs.id}`)).status).toBe(404);
      });
      expect((await other.get('/api/v1/tax-rates?archived=all')).body.data).toEqual([]);
      expect((await owner.get(`/api/v1/tax-rates/${theirs.id}`)).body).toEqual(theirs);
    });
  });
});
