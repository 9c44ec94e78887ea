/**
 * Usage events over HTTP, on both databases: one event and batches, exactly once per
 * transaction id (also under a concurrent burst), values read from properties, batches all
 * or nothing with errors naming events.N.field, a customer's usage, isolation between
 * organizations, and hostile input answered 4xx, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('usage events', (kind) => {
  let server: TestServer;
  let owner: Client;
  let sales: Client;
  let customer: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    const token = await owner.post('/api/v1/api-tokens', { name: 'Usage sender', role: 'sales' });
    expect(token.status, token.text).toBe(201);
    sales = owner.withToken(token.body.token);
    customer = await createCustomer(owner, { name: 'Usage Customer' });
    for (const metric of [
      { code: 'api.calls', name: 'API calls', aggregation: 'count' },
      { code: 'storage_gb', name: 'Storage', aggregation: 'max', field: 'gb' },
      { code: 'transfer', name: 'Transfer', aggregation: 'sum', field: 'bytes' },
      { code: 'seats', name: 'Active seats', aggregation: 'unique_count', field: 'user' },
    ]) {
      const created = await owner.post('/api/v1/billable-metrics', metric);
      expect(created.status, created.text).toBe(201);
    }
  });
  afterAll(() => server.close());

  const event = (fields: Record<string, unknown> = {}) => ({ transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'api.calls', ...fields });

  async function usage(query = ''): Promise<Record<string, string>> {
    const response = await owner.get(`/api/v1/customers/${customer.id}/usage${query}`);
    expect(response.status, response.text).toBe(200);
    return Object.fromEntries(response.body.data.map((row: any) => [row.metric_code, row.value]));
  }

  async function countEvents(transactionId: string): Promise<number> {
    const row = await server.db.kysely.selectFrom('usage_events').select((eb) => eb.fn.countAll<number>().as('n')).where('transaction_id', '=', transactionId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  describe('one event', () => {
    it('records an event (201), normalising the timestamp, and answers a resent transaction id with the first event (200)', async () => {
      const body = event({ metric_code: 'transfer', timestamp: '2026-11-23T11:30:00.5+02:00', properties: { bytes: '1024.5', region: 'eu' } });
      const first = await sales.post('/api/v1/usage-events', body);
      expect(first.status, first.text).toBe(201);
      expect(first.body).toEqual({
        id: expect.stringMatching(/^use_/),
        transaction_id: body.transaction_id,
        customer_id: customer.id,
        metric_code: 'transfer',
        timestamp: '2026-11-23T09:30:00.500Z',
        properties: { bytes: '1024.5', region: 'eu' },
        value: '1024.5',
        created_at: '2026-11-23T10:00:00.000Z',
      });
      const again = await sales.post('/api/v1/usage-events', { ...body, properties: { bytes: 99 } });
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await countEvents(body.transaction_id)).toBe(1);
    });

    it('defaults the timestamp to now and refuses one more than a day ahead (422 naming timestamp)', async () => {
      const now = await sales.post('/api/v1/usage-events', event());
      expect(now.status, now.text).toBe(201);
      expect(now.body.timestamp).toBe('2026-11-23T10:00:00.000Z');
      const tomorrow = await sales.post('/api/v1/usage-events', event({ timestamp: '2026-11-24T09:59:59Z' }));
      expect(tomorrow.status, tomorrow.text).toBe(201);
      const later = await sales.post('/api/v1/usage-events', event({ timestamp: '2026-11-24T10:00:01Z' }));
      expect(later.status).toBe(422);
      expect(later.body.errors[0].path).toBe('timestamp');
      for (const timestamp of ['2026-11-23', '2026-11-23T10:00:00', '2026-02-30T10:00:00Z', '2026-11-23T25:00:00Z', 1700000000, 'yesterday']) {
        const bad = await sales.post('/api/v1/usage-events', event({ timestamp }));
        expect(bad.status, `${String(timestamp)}: ${bad.text}`).toBe(422);
        expect(bad.body.errors[0].path).toBe('timestamp');
      }
    });

    it('reads the metric field out of properties: exact decimals for sum and max, text for unique_count', async () => {
      const cases: [string, unknown, string][] = [
        ['transfer', 12, '12'],
        ['transfer', '0.000001', '0.000001'],
        ['transfer', -2.5, '-2.5'],
        ['transfer', '1000000000000', '1000000000000'],
        ['storage_gb', '7.250', '7.25'],
        ['seats', 'alice', 'alice'],
        ['seats', 42, '42'],
      ];
      const fields: Record<string, string> = { transfer: 'bytes', storage_gb: 'gb', seats: 'user' };
      for (const [metric, raw, value] of cases) {
        const response = await sales.post('/api/v1/usage-events', event({ metric_code: metric, properties: { [fields[metric] ?? '']: raw } }));
        expect(response.status, response.text).toBe(201);
        expect(response.body.value).toBe(value);
      }
      const refused: [string, unknown][] = [
        ['transfer', undefined],
        ['transfer', null],
        ['transfer', 'twelve'],
        ['transfer', '1.0000001'],
        ['transfer', '1000000000000.000001'],
        ['transfer', 1e21],
        ['transfer', true],
        ['transfer', { n: 1 }],
        ['transfer', '1e3'],
        ['storage_gb', ''],
        ['seats', ''],
        ['seats', ['a']],
      ];
      for (const [metric, raw] of refused) {
        const field = fields[metric] ?? '';
        const response = await sales.post('/api/v1/usage-events', event({ metric_code: metric, properties: raw === undefined ? { other: 1 } : { [field]: raw } }));
        expect(response.status, `${metric} ${JSON.stringify(raw)}: ${response.text}`).toBe(422);
        expect(response.body.errors[0].path).toBe(`properties.${field}`);
      }
      const countWithProperties = await sales.post('/api/v1/usage-events', event({ properties: { anything: [1, { deep: true }] } }));
      expect(countWithProperties.status).toBe(201);
      expect(countWithProperties.body.value).toBeNull();
    });

    it('refuses an unknown customer or metric, naming the field', async () => {
      const noCustomer = await sales.post('/api/v1/usage-events', event({ customer_id: 'cus_missing' }));
      expect(noCustomer.status).toBe(422);
      expect(noCustomer.body.errors[0].path).toBe('customer_id');
      const noMetric = await sales.post('/api/v1/usage-events', event({ metric_code: 'nope' }));
      expect(noMetric.status).toBe(422);
      expect(noMetric.body.errors[0].path).toBe('metric_code');
    });

    it('counts a burst of the same transaction id sent concurrently exactly once', async () => {
      const body = event({ metric_code: 'transfer', properties: { bytes: 5 } });
      const before = await usage('?metric_code=transfer');
      const responses = await Promise.all(Array.from({ length: 12 }, () => sales.post('/api/v1/usage-events', body)));
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await countEvents(body.transaction_id)).toBe(1);
      const after = await usage('?metric_code=transfer');
      expect(Number(after.transfer) - Number(before.transfer)).toBe(5);
    });
  });

  describe('batches', () => {
    it('records a batch in order, counting duplicates (earlier ones and repeats inside it) once', async () => {
      const known = event();
      expect((await sales.post('/api/v1/usage-events', known)).status).toBe(201);
      const a = event({ metric_code: 'seats', properties: { user: 'u1' } });
      const b = event({ metric_code: 'seats', properties: { user: 'u2' } });
      const response = await sales.post('/api/v1/usage-events/batch', { events: [a, known, b, { ...a, properties: { user: 'u9' } }] });
      expect(response.status, response.text).toBe(200);
      expect(response.body.created).toBe(2);
      expect(response.body.duplicates).toBe(2);
      expect(response.body.data.map((e: any) => e.transaction_id)).toEqual([a.transaction_id, known.transaction_id, b.transaction_id, a.transaction_id]);
      expect(response.body.data[3]).toEqual(response.body.data[0]);
      expect(response.body.data[3].value).toBe('u1');
      const resent = await sales.post('/api/v1/usage-events/batch', { events: [a, b] });
      expect(resent.status).toBe(200);
      expect(resent.body).toMatchObject({ created: 0, duplicates: 2 });
      expect(resent.body.data).toEqual([response.body.data[0], response.body.data[2]]);
    });

    it('is all or nothing: one invalid event refuses the batch, naming events.N.field', async () => {
      const good = event();
      const cases: [Record<string, unknown>, string, number][] = [
        [event({ customer_id: 'cus_nobody' }), 'events.1.customer_id', 422],
        [event({ metric_code: 'unknown.metric' }), 'events.1.metric_code', 422],
        [event({ metric_code: 'transfer', properties: { bytes: 'x' } }), 'events.1.properties.bytes', 422],
        [event({ metric_code: 'Upper' }), 'events.1.metric_code', 422],
        [event({ timestamp: '2030-01-01T00:00:00Z' }), 'events.1.timestamp', 422],
        [event({ transaction_id: '' }), 'events.1.transaction_id', 422],
        [event({ properties: [1, 2] }), 'events.1.properties', 422],
        [event({ extra: 1 }), 'events.1', 422],
      ];
      for (const [bad, path, status] of cases) {
        const response = await sales.post('/api/v1/usage-events/batch', { events: [good, bad, event()] });
        expect(response.status, `${path}: ${response.text}`).toBe(status);
        expect(response.body.errors.map((e: any) => e.path), response.text).toContain(path);
      }
      expect(await countEvents(good.transaction_id)).toBe(0);
      const all = await sales.post('/api/v1/usage-events/batch', {
        events: [event({ customer_id: 'cus_a' }), good, event({ metric_code: 'nope' })],
      });
      expect(all.status).toBe(422);
      expect(all.body.errors.map((e: any) => e.path)).toEqual(['events.0.customer_id', 'events.2.metric_code']);
    });

    it('takes 1 to 1,000 events', async () => {
      expect((await sales.post('/api/v1/usage-events/batch', { events: [] })).status).toBe(422);
      const tooMany = await sales.post('/api/v1/usage-events/batch', { events: Array.from({ length: 1001 }, () => event()) });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.errors[0].path).toBe('events');
      const before = Number((await usage('?metric_code=api.calls'))['api.calls']);
      // Spread over several customers (PostgreSQL locks them all, in one statement, in id order).
      const others = [await createCustomer(owner), await createCustomer(owner)];
      const customerOf = (i: number) => (i % 3 === 0 ? customer.id : others[i % 2]?.id);
      const thousand = await sales.post('/api/v1/usage-events/batch', { events: Array.from({ length: 1000 }, (_, i) => event({ customer_id: customerOf(i) })) });
      expect(thousand.status, thousand.text).toBe(200);
      expect(thousand.body).toMatchObject({ created: 1000, duplicates: 0 });
      expect(Number((await usage('?metric_code=api.calls'))['api.calls'])).toBe(before + 334);
    });
  });

  describe("a customer's usage", () => {
    it('aggregates each metric over calendar days, this month by default', async () => {
      const other = await createCustomer(owner);
      const send = (fields: Record<string, unknown>) => sales.post('/api/v1/usage-events', { transaction_id: unique('tx'), customer_id: other.id, ...fields });
      for (const [metric, timestamp, properties] of [
        ['transfer', '2026-10-31T22:59:59Z', { bytes: 1000 }], // 31 October in Berlin: last month
        ['transfer', '2026-10-31T23:00:00Z', { bytes: '0.25' }], // 1 November 00:00 in Berlin
        ['transfer', '2026-11-23T09:00:00Z', { bytes: '0.5' }],
        ['storage_gb', '2026-11-02T00:00:00Z', { gb: 3 }],
        ['storage_gb', '2026-11-03T00:00:00Z', { gb: '2.5' }],
        ['seats', '2026-11-02T00:00:00Z', { user: 'a' }],
        ['seats', '2026-11-03T00:00:00Z', { user: 'a' }],
        ['seats', '2026-11-04T00:00:00Z', { user: 'b' }],
        ['api.calls', '2026-11-04T00:00:00Z', null],
      ] as const) {
        const response = await send({ metric_code: metric, timestamp, properties });
        expect(response.status, response.text).toBe(201);
      }
      const month = await owner.get(`/api/v1/customers/${other.id}/usage`);
      expect(month.status, month.text).toBe(200);
      expect(month.body).toEqual({
        customer_id: other.id,
        from: '2026-11-01',
        to: '2026-11-23',
        data: [
          { metric_code: 'api.calls', name: 'API calls', aggregation: 'count', value: '1' },
          { metric_code: 'seats', name: 'Active seats', aggregation: 'unique_count', value: '2' },
          { metric_code: 'storage_gb', name: 'Storage', aggregation: 'max', value: '3' },
          { metric_code: 'transfer', name: 'Transfer', aggregation: 'sum', value: '0.75' },
        ],
      });
      const october = await owner.get(`/api/v1/customers/${other.id}/usage?metric_code=transfer&from=2026-10-01&to=2026-10-31`);
      expect(october.body.data).toEqual([{ metric_code: 'transfer', name: 'Transfer', aggregation: 'sum', value: '1000' }]);
      expect((await owner.get(`/api/v1/customers/${other.id}/usage?from=2026-11-02&to=2026-11-01`)).status).toBe(422);
      const unknown = await owner.get(`/api/v1/customers/${other.id}/usage?metric_code=nope`);
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].path).toBe('metric_code');
      expect((await owner.get('/api/v1/customers/cus_nobody/usage')).status).toBe(404);
      const viewer = await userWithRole(owner, 'viewer');
      expect((await viewer.get(`/api/v1/customers/${other.id}/usage`)).status).toBe(200);
    });

    it('sums huge values exactly on both databases', async () => {
      const big = await createCustomer(owner);
      const events = Array.from({ length: 12 }, () => ({ transaction_id: unique('tx'), customer_id: big.id, metric_code: 'transfer', properties: { bytes: '999999999999.999999' } }));
      expect((await sales.post('/api/v1/usage-events/batch', { events })).status).toBe(200);
      const response = await owner.get(`/api/v1/customers/${big.id}/usage?metric_code=transfer`);
      expect(response.status, response.text).toBe(200);
      expect(response.body.data[0].value).toBe('11999999999999.999988');
    });
  });

  describe('isolation and hostile input', () => {
    it("refuses another organization's customer and metric, and keeps each organization's transaction ids apart", async () => {
      const other = await secondOrganization(owner);
      const theirs = await createCustomer(other);
      expect((await other.post('/api/v1/billable-metrics', { code: 'their.metric', name: 'Theirs', aggregation: 'count' })).status).toBe(201);
      const foreignCustomer = await sales.post('/api/v1/usage-events', event({ customer_id: theirs.id }));
      expect(foreignCustomer.status).toBe(422);
      expect(foreignCustomer.body.errors[0].path).toBe('customer_id');
      const foreignMetric = await sales.post('/api/v1/usage-events', event({ metric_code: 'their.metric' }));
      expect(foreignMetric.status).toBe(422);
      expect(foreignMetric.body.errors[0].path).toBe('metric_code');
      // The same transaction id in two organizations: two events.
      const shared = unique('shared');
      expect((await sales.post('/api/v1/usage-events', event({ transaction_id: shared }))).status).toBe(201);
      const mine = await other.post('/api/v1/usage-events', { transaction_id: shared, customer_id: theirs.id, metric_code: 'their.metric' });
      expect(mine.status, mine.text).toBe(201);
      expect((await other.get(`/api/v1/customers/${customer.id}/usage`)).status).toBe(404);
      expect((await owner.get(`/api/v1/customers/${theirs.id}/usage`)).status).toBe(404);
    });

    it('answers hostile input with 4xx, never 500', async () => {
      const hostile = [
        "'; drop table usage_events; --",
        '<script>alert(1)</script>',
        '=HYPERLINK("http://evil.example","x")',
        '\u0000nul',
        'x'.repeat(100_000),
        '\ud800',
        '😀'.repeat(10),
      ];
      const bodies: unknown[] = [];
      for (const text of hostile) {
        bodies.push(event({ transaction_id: text }));
        bodies.push(event({ customer_id: text }));
        bodies.push(event({ metric_code: text }));
        bodies.push(event({ timestamp: text }));
        bodies.push(event({ metric_code: 'seats', properties: { user: text } }));
        bodies.push(event({ metric_code: 'transfer', properties: { bytes: text } }));
        bodies.push(event({ properties: { [text.slice(0, 200)]: text } }));
      }
      bodies.push(
        null,
        [],
        'text',
        42,
        { events: 'no' },
        event({ customer_id: 42 }),
        event({ transaction_id: ['a'] }),
        event({ properties: 'x' }),
        event({ properties: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }),
        event({ properties: { big: 'x'.repeat(5000) } }),
        event({ properties: JSON.parse('{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}') }),
      );
      for (const body of bodies) {
        const response = await sales.post('/api/v1/usage-events', body);
        expect(response.status, `${JSON.stringify(body)?.slice(0, 80)}: ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
        expect(response.status, `${JSON.stringify(body)?.slice(0, 80)}: ${response.text.slice(0, 200)}`).toBeLessThan(500);
        const batch = await sales.post('/api/v1/usage-events/batch', { events: [body] });
        expect(batch.status, `batch ${JSON.stringify(body)?.slice(0, 80)}: ${batch.text.slice(0, 200)}`).toBeLessThan(500);
      }
      const raw = await sales.request('POST', '/api/v1/usage-events', '{"transaction_id": "x", "__proto__": {"admin": true}}');
      expect(raw.status).toBeGreaterThanOrEqual(400);
      expect(raw.status).toBeLessThan(500);
      const broken = await sales.request('POST', '/api/v1/usage-events/batch', '{"events": [');
      expect(broken.status).toBe(400);
      // Stored as given, answered as given: text is data, never markup or SQL.
      const stored = await sales.post('/api/v1/usage-events', event({ transaction_id: "x'); drop table customers; --", metric_code: 'seats', properties: { user: '<b>=1+1</b>' } }));
      expect(stored.status).toBe(201);
      expect(stored.body.value).toBe('<b>=1+1</b>');
      expect((await owner.get(`/api/v1/customers/${customer.id}`)).status).toBe(200);
    });

    it('keeps a customer with usage: deleting it is refused (409), not a 500', async () => {
      const used = await createCustomer(owner);
      expect((await sales.post('/api/v1/usage-events', event({ customer_id: used.id }))).status).toBe(201);
      const deleted = await owner.delete(`/api/v1/customers/${used.id}`);
      expect(deleted.status, deleted.text).toBe(409);
      expect((await owner.get(`/api/v1/customers/${used.id}/usage`)).body.data.find((m: any) => m.metric_code === 'api.calls').value).toBe('1');
    });

    it('needs the sales role to record and a session or token of the organization', async () => {
      const viewer = await userWithRole(owner, 'viewer');
      expect((await viewer.post('/api/v1/usage-events', event())).status).toBe(403);
      expect((await viewer.post('/api/v1/usage-events/batch', { events: [event()] })).status).toBe(403);
      const salesUser = await userWithRole(owner, 'sales');
      expect((await salesUser.post('/api/v1/usage-events', event())).status).toBe(201);
      expect((await owner.withToken('stl_not_a_token').post('/api/v1/usage-events', event())).status).toBe(401);
    });
  });
});
