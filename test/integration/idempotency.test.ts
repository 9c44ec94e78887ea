import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { OWNER_PASSWORD, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { Client, type HttpResponse } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';
import { requestFingerprint } from '../../src/server/idempotency.ts';

const START = '2026-11-23T10:00:00.000Z';

function withKey(key: string): Record<string, string> {
  return { 'Idempotency-Key': key };
}

function expectProblem(response: HttpResponse, status: number, detail: RegExp): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.detail).toMatch(detail);
}

describe('request fingerprint', () => {
  it('ignores object key order but not array order, method, path or absence of a body', () => {
    const a = requestFingerprint('POST', '/x', { a: 1, b: [1, { c: 2, d: 'é' }], e: null });
    expect(requestFingerprint('POST', '/x', { e: null, b: [1, { d: 'é', c: 2 }], a: 1 })).toBe(a);
    expect(requestFingerprint('POST', '/x', { a: 1, b: [{ c: 2, d: 'é' }, 1], e: null })).not.toBe(a);
    expect(requestFingerprint('POST', '/y', { a: 1, b: [1, { c: 2, d: 'é' }], e: null })).not.toBe(a);
    expect(requestFingerprint('POST', '/x', { a: '1', b: [1, { c: 2, d: 'é' }], e: null })).not.toBe(a);
    expect(requestFingerprint('POST', '/x', undefined)).not.toBe(requestFingerprint('POST', '/x', null));
    expect(requestFingerprint('POST', '/x', { a: 1, b: undefined })).toBe(requestFingerprint('POST', '/x', { a: 1 }));
  });

  it('hashes any nesting depth without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(requestFingerprint('POST', '/x', deep)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describeEachDb('idempotency keys', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function customersNamed(name: string): Promise<number> {
    const row = await server.db.kysely
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function keyRows(): Promise<number> {
    const row = await server.db.kysely
      .selectFrom('idempotency_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('replays the first response for a retry with the same key and body, without a second effect', async () => {
    const key = unique('retry');
    const body = { name: unique('Idem'), email: 'billing@example.com', address: { city: 'Berlin', country: 'DE' } };
    const first = await owner.post('/api/v1/customers', body, withKey(key));
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const second = await owner.post('/api/v1/customers', body, withKey(key));
    expect(second.status, second.text).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toContain('application/json');
    expect(second.body).toEqual(first.body);
    expect(second.text).toBe(first.text);

    expect(await customersNamed(body.name)).toBe(1);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${first.body.id}`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['customer.created']);
  });

  it('answers 409 for the same key with another body or path, and changes nothing; key order does not matter', async () => {
    const key = unique('conflict');
    const name = unique('Ordered');
    const first = await owner.post('/api/v1/customers', { name, email: 'a@example.com', address: { city: 'Rome', country: 'IT' } }, withKey(key));
    expect(first.status, first.text).toBe(201);

    await expectUnchanged(server, async () => {
      const other = await owner.post('/api/v1/customers', { name, email: 'b@example.com' }, withKey(key));
      expectProblem(other, 409, /already used with a different request/);
      const otherPath = await owner.post('/api/v1/products', { name, unit_price: '1.00' }, withKey(key));
      expectProblem(otherPath, 409, /already used with a different request/);
      // Same fields, different order at every level: the same request, replayed.
      const reordered = await owner.post('/api/v1/customers', { address: { country: 'IT', city: 'Rome' }, email: 'a@example.com', name }, withKey(key));
      expect(reordered.status, reordered.text).toBe(201);
      expect(reordered.headers.get('idempotent-replayed')).toBe('true');
      expect(reordered.body.id).toBe(first.body.id);
    });
    expect(await customersNamed(name)).toBe(1);
  });

  it('stores no rejected request: the key stays free and the database unchanged', async () => {
    const key = unique('rejected');
    await expectUnchanged(server, async () => {
      for (let i = 0; i < 2; i++) {
        const bad = await owner.post('/api/v1/customers', { email: 'no-name@example.com' }, withKey(key));
        expect(bad.status, bad.text).toBe(422);
        expect(bad.headers.get('idempotent-replayed')).toBeNull();
        expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
      }
      // Rejected by a guard before validation (NUL) and by the JSON parser: nothing kept either.
      const nul = await owner.post('/api/v1/customers', { name: 'A\u0000B' }, withKey(key));
      expect(nul.status).toBe(422);
      const badJson = await owner.post('/api/v1/customers', '{"name":', withKey(key));
      expect(badJson.status).toBe(400);
    });

    const name = unique('Corrected');
    const fixed = await owner.post('/api/v1/customers', { name, email: 'no-name@example.com' }, withKey(key));
    expect(fixed.status, fixed.text).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(await customersNamed(name)).toBe(1);
  });

  it('lets exactly one of 10 concurrent identical requests act; the others replay or see it in flight', async () => {
    const key = unique('race');
    const body = { name: unique('Racer'), email: 'race@example.com' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => owner.post('/api/v1/customers', body, withKey(key))));

    const created = responses.filter((r) => r.status === 201);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(created.length + conflicts.length, responses.map((r) => `${r.status} ${r.text}`).join('\n')).toBe(10);
    expect(created.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const conflict of conflicts) {
      expectProblem(conflict, 409, /still being processed/);
      expect(conflict.headers.get('retry-after')).toBe('1');
    }
    expect(await customersNamed(body.name)).toBe(1);

    const later = await owner.post('/api/v1/customers', body, withKey(key));
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body.id).toBe(created[0]!.body.id);
  });

  it('scopes keys by organization and binds them to the principal that used them', async () => {
    const key = unique('scoped');
    const name = unique('Scoped');
    const mine = await owner.post('/api/v1/customers', { name }, withKey(key));
    expect(mine.status, mine.text).toBe(201);

    const other = await secondOrganization(owner, unique('Other Org'));
    const theirs = await other.post('/api/v1/customers', { name }, withKey(key));
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await customersNamed(name)).toBe(2);

    const colleague = await userWithRole(owner, 'sales');
    const token = await owner.post('/api/v1/api-tokens', { name: unique('token') });
    expect(token.status, token.text).toBe(201);
    const integration = owner.withToken(token.body.token);
    // The token's first use records last_used_at; that is not what this test is about.
    expect((await integration.get('/api/v1/auth/me')).status).toBe(200);
    await expectUnchanged(server, async () => {
      expectProblem(await colleague.post('/api/v1/customers', { name }, withKey(key)), 409, /different request/);
      expectProblem(await integration.post('/api/v1/customers', { name }, withKey(key)), 409, /different request/);
    });
  });

  it('rejects malformed keys with 422 naming Idempotency-Key, and changes nothing', async () => {
    const keys = ['', 'x'.repeat(256), 'x'.repeat(300), 'schlüssel', 'tab\tinside'];
    for (const key of keys) {
      await expectUnchanged(server, async () => {
        const response = await owner.post('/api/v1/customers', { name: unique('Bad key') }, withKey(key));
        expect(response.status, `${JSON.stringify(key)}: ${response.text}`).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.errors).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
      });
    }
    const longest = await owner.post('/api/v1/customers', { name: unique('Long key') }, withKey(`${'k'.repeat(254)}~`));
    expect(longest.status, longest.text).toBe(201);
    const printable = await owner.post('/api/v1/customers', { name: unique('Odd key') }, withKey('a b/c:{d}"e'));
    expect(printable.status, printable.text).toBe(201);
  });

  it('leaves requests without the header, other methods and public routes as they were', async () => {
    const before = await keyRows();
    const name = unique('Plain');
    expect((await owner.post('/api/v1/customers', { name })).status).toBe(201);
    expect((await owner.post('/api/v1/customers', { name })).status).toBe(201);
    expect(await customersNamed(name)).toBe(2);

    const list = await owner.get('/api/v1/customers?limit=1', withKey(''));
    expect(list.status, list.text).toBe(200);
    expect(list.headers.get('idempotent-replayed')).toBeNull();
    const created = await owner.post('/api/v1/customers', { name: unique('Patched') });
    const patched = await owner.patch(`/api/v1/customers/${created.body.id}`, { notes: 'x' }, withKey('schlüssel'));
    expect(patched.status, patched.text).toBe(200);

    const anonymous = new Client(server.url);
    const login = await anonymous.post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD }, withKey(''));
    expect(login.status, login.text).toBe(200);
    const unauthenticated = await new Client(server.url).post('/api/v1/customers', { name }, withKey(''));
    expect(unauthenticated.status).toBe(401);
    expect(await keyRows()).toBe(before);
  });

  it('treats a claim without a response (left by an earlier version) as in flight for 60 s, then takes it over', async () => {
    const key = unique('stale');
    const body = { name: unique('Stale') };
    const first = await owner.post('/api/v1/customers', body, withKey(key));
    expect(first.status).toBe(201);
    // As an earlier version left a claim whose request died (claims are no longer committed
    // on their own: see server/idempotency.ts).
    await server.db.kysely
      .updateTable('idempotency_keys')
      .set({ status_code: null, response_body: null, created_at: server.clock.now().toISOString() })
      .where('key', '=', key)
      .execute();

    try {
      server.clock.advance(59_000);
      await expectUnchanged(server, async () => {
        expectProblem(await owner.post('/api/v1/customers', body, withKey(key)), 409, /still being processed/);
      });
      // A different request is told so, in flight or not.
      expectProblem(await owner.post('/api/v1/customers', { name: 'Else' }, withKey(key)), 409, /different request/);

      server.clock.advance(2_000);
      const takeover = await owner.post('/api/v1/customers', body, withKey(key));
      expect(takeover.status, takeover.text).toBe(201);
      expect(takeover.headers.get('idempotent-replayed')).toBeNull();
      const replay = await owner.post('/api/v1/customers', body, withKey(key));
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(takeover.body.id);
    } finally {
      server.clock.set(START);
    }
  });

  it('forgets keys after 24 hours and purges them', async () => {
    const key = unique('expiring');
    const first = await owner.post('/api/v1/customers', { name: unique('Day one') }, withKey(key));
    expect(first.status).toBe(201);
    const orgId = (await owner.get('/api/v1/auth/me')).body.organization.id as string;
    try {
      server.clock.advance(24 * 3_600_000 + 60_000);
      const name = unique('Day two');
      const again = await owner.post('/api/v1/customers', { name }, withKey(key));
      expect(again.status, again.text).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(again.body.id).not.toBe(first.body.id);

      const expired = await server.db.kysely
        .selectFrom('idempotency_keys')
        .select('key')
        .where('organization_id', '=', orgId)
        .where('created_at', '<', new Date(server.clock.now().getTime() - 24 * 3_600_000).toISOString())
        .execute();
      expect(expired).toEqual([]);
    } finally {
      server.clock.set(START);
    }
  });
});
