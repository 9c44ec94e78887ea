/**
 * Billable metrics over HTTP, on both databases: create (validation, unique code per
 * organization, also under concurrency), list by code with cursors, get, rename, change the
 * field only while no usage exists, delete only what nothing uses; isolation between
 * organizations.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('billable metrics', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function create(fields: Record<string, unknown>): Promise<any> {
    const response = await owner.post('/api/v1/billable-metrics', fields);
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  it('creates, gets and lists metrics by code, a page at a time', async () => {
    const metric = await create({ code: 'm.calls', name: '  API calls ', aggregation: 'count' });
    expect(metric).toEqual({
      id: expect.stringMatching(/^bmt_/),
      code: 'm.calls',
      name: 'API calls',
      aggregation: 'count',
      field: null,
      created_at: '2026-11-23T10:00:00.000Z',
      updated_at: '2026-11-23T10:00:00.000Z',
    });
    expect((await owner.get(`/api/v1/billable-metrics/${metric.id}`)).body).toEqual(metric);
    for (const code of ['m.a', 'm.b', 'm.c-1', 'm.d_2']) await create({ code, name: code, aggregation: 'sum', field: 'n' });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = await owner.get(`/api/v1/billable-metrics?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((m: any) => m.code));
      cursor = page.body.next_cursor;
    }
    expect(seen).toEqual(['m.a', 'm.b', 'm.c-1', 'm.calls', 'm.d_2']);
    expect((await owner.get('/api/v1/billable-metrics?cursor=not-a-cursor')).status).toBe(422);
    expect((await owner.get('/api/v1/billable-metrics/bmt_nothing')).status).toBe(404);
    const viewer = await userWithRole(owner, 'viewer');
    expect((await viewer.get('/api/v1/billable-metrics')).status).toBe(200);
    expect((await viewer.post('/api/v1/billable-metrics', { code: 'v.x', name: 'X', aggregation: 'count' })).status).toBe(403);
    const sales = await userWithRole(owner, 'sales');
    expect((await sales.post('/api/v1/billable-metrics', { code: 'v.x', name: 'X', aggregation: 'count' })).status).toBe(403);
  });

  it('validates the input, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'Upper', name: 'X', aggregation: 'count' }, 'code'],
      [{ code: 'with space', name: 'X', aggregation: 'count' }, 'code'],
      [{ code: 'x'.repeat(65), name: 'X', aggregation: 'count' }, 'code'],
      [{ code: '', name: 'X', aggregation: 'count' }, 'code'],
      [{ name: 'X', aggregation: 'count' }, 'code'],
      [{ code: 'ok.code', name: '  ', aggregation: 'count' }, 'name'],
      [{ code: 'ok.code', name: 'X', aggregation: 'avg' }, 'aggregation'],
      [{ code: 'ok.code', name: 'X', aggregation: 'count', field: 'n' }, 'field'],
      [{ code: 'ok.code', name: 'X', aggregation: 'sum' }, 'field'],
      [{ code: 'ok.code', name: 'X', aggregation: 'max', field: null }, 'field'],
      [{ code: 'ok.code', name: 'X', aggregation: 'unique_count', field: 'a b' }, 'field'],
      [{ code: 'ok.code', name: 'X', aggregation: 'count', extra: true }, 'body'],
      [{ code: 42, name: 'X', aggregation: 'count' }, 'code'],
      [{ code: "x'; drop table billable_metrics; --", name: 'X', aggregation: 'count' }, 'code'],
      [{ code: 'ok.code', name: '<script>\u0007</script>', aggregation: 'count' }, 'name'],
    ];
    for (const [body, path] of cases) {
      const response = await owner.post('/api/v1/billable-metrics', body);
      expect(response.status, `${JSON.stringify(body)}: ${response.text}`).toBe(422);
      expect(response.body.errors.map((e: any) => e.path), response.text).toContain(path);
    }
  });

  it('keeps codes unique in the organization (409 naming code), also when created at once', async () => {
    await create({ code: 'dup.code', name: 'First', aggregation: 'count' });
    const again = await owner.post('/api/v1/billable-metrics', { code: 'dup.code', name: 'Second', aggregation: 'sum', field: 'n' });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].path).toBe('code');
    const code = unique('race').toLowerCase();
    const answers = await Promise.all(Array.from({ length: 6 }, () => owner.post('/api/v1/billable-metrics', { code, name: 'Race', aggregation: 'count' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const rows = await server.db.kysely.selectFrom('billable_metrics').select('id').where('code', '=', code).execute();
    expect(rows).toHaveLength(1);
  });

  it('renames any time, and changes the field only while no usage event exists', async () => {
    const metric = await create({ code: 'gb.stored', name: 'Storage', aggregation: 'max', field: 'gb' });
    server.clock.set('2026-11-23T11:00:00.000Z');
    try {
      const renamed = await owner.patch(`/api/v1/billable-metrics/${metric.id}`, { name: 'Storage (GB)', field: 'gigabytes' });
      expect(renamed.status, renamed.text).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Storage (GB)', field: 'gigabytes', created_at: metric.created_at, updated_at: '2026-11-23T11:00:00.000Z' });
    } finally {
      server.clock.set('2026-11-23T10:00:00.000Z');
    }
    for (const [body, status, path] of [
      [{ field: null }, 422, 'field'],
      [{ aggregation: 'sum' }, 422, 'body'],
      [{ code: 'other' }, 422, 'body'],
      [{ name: '' }, 422, 'name'],
    ] as const) {
      const response = await owner.patch(`/api/v1/billable-metrics/${metric.id}`, body);
      expect(response.status, response.text).toBe(status);
      expect(response.body.errors.map((e: any) => e.path)).toContain(path);
    }
    const count = await create({ code: 'count.only', name: 'Count', aggregation: 'count' });
    const countField = await owner.patch(`/api/v1/billable-metrics/${count.id}`, { field: 'n' });
    expect(countField.status).toBe(422);
    expect(countField.body.errors[0].path).toBe('field');

    const customer = await createCustomer(owner);
    const recorded = await owner.post('/api/v1/usage-events', { transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'gb.stored', properties: { gigabytes: 3 } });
    expect(recorded.status, recorded.text).toBe(201);
    const locked = await owner.patch(`/api/v1/billable-metrics/${metric.id}`, { field: 'gb' });
    expect(locked.status).toBe(409);
    expect(locked.body.errors[0].path).toBe('field');
    expect((await owner.patch(`/api/v1/billable-metrics/${metric.id}`, { name: 'Still renamable', field: 'gigabytes' })).status).toBe(200);
    expect((await owner.patch(`/api/v1/billable-metrics/bmt_nothing`, { name: 'X' })).status).toBe(404);
  });

  it('deletes a metric only when no usage event and no live subscription uses it', async () => {
    const unused = await create({ code: 'del.unused', name: 'Unused', aggregation: 'count' });
    expect((await owner.delete(`/api/v1/billable-metrics/${unused.id}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/billable-metrics/${unused.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/v1/billable-metrics/${unused.id}`)).status).toBe(404);

    const withEvents = await create({ code: 'del.events', name: 'With events', aggregation: 'count' });
    const customer = await createCustomer(owner);
    expect((await owner.post('/api/v1/usage-events', { transaction_id: unique('tx'), customer_id: customer.id, metric_code: 'del.events' })).status).toBe(201);
    expect((await owner.delete(`/api/v1/billable-metrics/${withEvents.id}`)).status).toBe(409);

    const billed = await create({ code: 'del.billed', name: 'Billed', aggregation: 'count' });
    const subscription = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2026-12-01',
      billing: 'in_arrears',
      metered_items: [{ metric_code: 'del.billed', unit_price: '1.00' }],
    });
    expect(subscription.status, subscription.text).toBe(201);
    const inUse = await owner.delete(`/api/v1/billable-metrics/${billed.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.detail).toContain(subscription.body.id);
    expect((await owner.post(`/api/v1/subscriptions/${subscription.body.id}/cancel`, {})).status).toBe(200);
    expect((await owner.delete(`/api/v1/billable-metrics/${billed.id}`)).status).toBe(204);
  });

  it("keeps organizations apart: another organization's metrics are not found and its codes are its own", async () => {
    const mine = await create({ code: 'shared.code', name: 'Mine', aggregation: 'count' });
    const other = await secondOrganization(owner);
    expect((await other.get(`/api/v1/billable-metrics/${mine.id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/billable-metrics/${mine.id}`, { name: 'Stolen' })).status).toBe(404);
    expect((await other.delete(`/api/v1/billable-metrics/${mine.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/billable-metrics')).body.data).toEqual([]);
    const theirs = await other.post('/api/v1/billable-metrics', { code: 'shared.code', name: 'Theirs', aggregation: 'count' });
    expect(theirs.status, theirs.text).toBe(201);
    expect((await owner.get(`/api/v1/billable-metrics/${mine.id}`)).body.name).toBe('Mine');
  });
});
