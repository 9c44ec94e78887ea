import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { OWNER_PASSWORD, USER_PASSWORD, createCustomer, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';

describeEachDb('authentication and accounts', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_SECONDS: '600' } });
    const anonymous = new Client(server.url);
    expect((await anonymous.get('/api/v1/setup')).body).toEqual({ setup_required: true });
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  describe('setup and sessions', () => {
    it('allows setup once, then answers 409', async () => {
      const again = await new Client(server.url).post('/api/v1/setup', {
        organization: { name: 'Second', currency: 'EUR' },
        user: { name: 'Mallory', email: 'mallory@example.com', password: 'mallory-password' },
      });
      expect(again.status).toBe(409);
      expect((await new Client(server.url).get('/api/v1/setup')).body).toEqual({ setup_required: false });
    });

    it('stores passwords as argon2id hashes', async () => {
      const row = await server.db.kysely.selectFrom('users').select('password_hash').where('email', '=', 'owner@example.com').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });

    it('logs in with an HttpOnly SameSite cookie and out again', async () => {
      const client = new Client(server.url);
      const login = await client.post('/api/v1/auth/login', { email: ' OWNER@example.com ', password: OWNER_PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ role: 'owner', user: { email: 'owner@example.com' }, organization: { name: 'Acme GmbH' } });
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect((await client.get('/api/v1/auth/me')).status).toBe(200);
      const stored = await server.db.kysely.selectFrom('sessions').select('id').execute();
      expect(stored.map((s) => s.id)).not.toContain(client.cookie?.split('=')[1]);
      expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
      const stale = new Client(server.url);
      stale.cookie = login.headers.get('set-cookie')?.split(';')[0] ?? null;
      expect((await stale.get('/api/v1/auth/me')).status).toBe(401);
    });

    it('refuses wrong passwords and unknown accounts alike', async () => {
      const wrong = await new Client(server.url).post('/api/v1/auth/login', { email: 'owner@example.com', password: 'not-the-password' });
      const unknown = await new Client(server.url).post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'whatever-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
    });

    it('answers 429 after repeated failed logins, until the window has passed', async () => {
      const email = `${unique('throttled')}@example.com`;
      await userWithRole(owner, 'viewer', email);
      const client = new Client(server.url);
      for (let i = 0; i < 3; i++) expect((await client.post('/api/v1/auth/login', { email, password: 'wrong-password!' })).status).toBe(401);
      const blocked = await client.post('/api/v1/auth/login', { email, password: USER_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // The counter lives in the database, so the clock decides; nothing sleeps.
      server.clock.advance(601_000);
      expect((await client.post('/api/v1/auth/login', { email, password: USER_PASSWORD })).status).toBe(200);
    });

    it('refuses cross-site writes made with the session cookie', async () => {
      const crossSite = await owner.post('/api/v1/customers', { name: 'CSRF' }, { 'sec-fetch-site': 'cross-site' });
      expect(crossSite.status).toBe(403);
      const foreignOrigin = await owner.post('/api/v1/customers', { name: 'CSRF' }, { origin: 'http://evil.example' });
      expect(foreignOrigin.status).toBe(403);
      const sameOrigin = await owner.post('/api/v1/customers', { name: 'Fine' }, { origin: server.url, 'sec-fetch-site': 'same-origin' });
      expect(sameOrigin.status).toBe(201);
      const list = await owner.get('/api/v1/customers?q=CSRF');
      expect(list.body.data).toHaveLength(0);
    });

    it('sets security headers and a request id', async () => {
      const response = await owner.get('/api/v1/auth/me');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('API tokens', () => {
    it('shows a token once, stores only its hash, authenticates with it, and revokes it', async () => {
      const created = await owner.post('/api/v1/api-tokens', { name: 'Accounting sync', role: 'accountant' });
      expect(created.status).toBe(201);
      const token = created.body.token as string;
      expect(token).toMatch(/^stl_/);
      const rows = await server.db.kysely.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token);
      const list = await owner.get('/api/v1/api-tokens');
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(list.body.data[0]).toMatchObject({ name: 'Accounting sync', role: 'accountant', revoked_at: null });

      const integration = new Client(server.url).withToken(token);
      const me = await integration.get('/api/v1/auth/me');
      expect(me.body).toMatchObject({ role: 'accountant', authenticated_by: 'token' });
      expect((await integration.post('/api/v1/customers', { name: 'Via token' })).status).toBe(201);
      // Below admin: cannot manage users.
      expect((await integration.get('/api/v1/users')).status).toBe(403);
      // Bearer requests carry no cookie, so no cross-site check applies.
      expect((await integration.post('/api/v1/customers', { name: 'Token x-site' }, { origin: 'http://elsewhere.example' })).status).toBe(201);

      expect((await owner.delete(`/api/v1/api-tokens/${created.body.id}`)).status).toBe(204);
      expect((await integration.get('/api/v1/auth/me')).status).toBe(401);
      expect((await new Client(server.url).withToken('stl_forged').get('/api/v1/auth/me')).status).toBe(401);
    });

    it('never stores a new token for idempotent replay', async () => {
      const first = await owner.post('/api/v1/api-tokens', { name: 'Keyed' }, { 'idempotency-key': 'token-key-1' });
      expect(first.status).toBe(201);
      const retry = await owner.post('/api/v1/api-tokens', { name: 'Keyed' }, { 'idempotency-key': 'token-key-1' });
      expect(retry.status).toBe(409);
      const stored = await server.db.kysely.selectFrom('idempotency_keys').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(first.body.token);
    });

    it('never gives a token more power than its creator', async () => {
      const admin = await userWithRole(owner, 'admin');
      const tooStrong = await admin.post('/api/v1/api-tokens', { name: 'x', role: 'owner' });
      expect(tooStrong.status).toBe(403);
      const made = await admin.post('/api/v1/api-tokens', { name: 'admin token' });
      expect(made.body.role).toBe('admin');
      const me = await admin.get('/api/v1/auth/me');
      // Demote the creator: the token follows.
      await owner.patch(`/api/v1/users/${me.body.user.id}`, { role: 'viewer' });
      const viaToken = new Client(server.url).withToken(made.body.token);
      expect((await viaToken.get('/api/v1/auth/me')).body.role).toBe('viewer');
      expect((await viaToken.post('/api/v1/customers', { name: 'no' })).status).toBe(403);
    });
  });

  describe('user management', () => {
    it('creates users with roles; a deactivated user cannot sign in and loses their sessions', async () => {
      const sales = await userWithRole(owner, 'sales');
      const me = await sales.get('/api/v1/auth/me');
      expect(me.body.role).toBe('sales');
      await createCustomer(sales);
      const deactivated = await owner.patch(`/api/v1/users/${me.body.user.id}`, { active: false });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      expect((await sales.get('/api/v1/auth/me')).status).toBe(401);
      const relogin = await new Client(server.url).post('/api/v1/auth/login', { email: me.body.user.email, password: USER_PASSWORD });
      expect(relogin.status).toBe(401);
      const events = await owner.get(`/api/v1/audit-events?resource_id=${me.body.user.id}`);
      expect(events.body.data[0]).toMatchObject({ action: 'user.deactivated', before: { active: true }, after: { active: false } });
      expect(JSON.stringify(events.body)).not.toContain('$argon2');
    });

    it('never removes, demotes or deactivates the last owner', async () => {
      const me = await owner.get('/api/v1/auth/me');
      const id = me.body.user.id;
      for (const change of [{ role: 'admin' }, { active: false }]) {
        const response = await owner.patch(`/api/v1/users/${id}`, change);
        expect(response.status, JSON.stringify(change)).toBe(409);
        expect(response.body.errors[0].path).toBe(Object.keys(change)[0]);
      }
      expect((await owner.delete(`/api/v1/users/${id}`)).status).toBe(409);
      expect((await owner.get('/api/v1/auth/me')).body.role).toBe('owner');
    });

    it('keeps an owner even when two owners demote each other at the same time', async () => {
      const second = await userWithRole(owner, 'owner');
      const ownerId = (await owner.get('/api/v1/auth/me')).body.user.id;
      const secondId = (await second.get('/api/v1/auth/me')).body.user.id;
      const [a, b] = await Promise.all([
        owner.patch(`/api/v1/users/${secondId}`, { role: 'admin' }),
        second.patch(`/api/v1/users/${ownerId}`, { role: 'admin' }),
      ]);
      // Exactly one wins; the other is refused as the last owner (409), or as an admin by then (403).
      expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
      expect([403, 409]).toContain(a.status === 200 ? b.status : a.status);
      const owners = await server.db.kysely
        .selectFrom('memberships')
        .select('user_id')
        .where('role', '=', 'owner')
        .where('active', '=', 1)
        .execute();
      expect(owners.map((o) => o.user_id)).toEqual(expect.arrayContaining([a.status === 200 ? ownerId : secondId]));
      expect(owners.map((o) => o.user_id)).not.toContain(a.status === 200 ? secondId : ownerId);
      // Restore: whoever is still owner makes the other owner again.
      const stillOwner = a.status === 200 ? owner : second;
      const otherId = a.status === 200 ? secondId : ownerId;
      expect((await stillOwner.patch(`/api/v1/users/${otherId}`, { role: 'owner' })).status).toBe(200);
    });

    it('does not let an admin touch an owner or create one', async () => {
      const admin = await userWithRole(owner, 'admin');
      const ownerId = (await owner.get('/api/v1/auth/me')).body.user.id;
      expect((await admin.patch(`/api/v1/users/${ownerId}`, { role: 'viewer' })).status).toBe(403);
      expect((await admin.post('/api/v1/users', { name: 'X', email: `${unique('x')}@example.com`, role: 'owner' })).status).toBe(403);
      const viewer = await admin.post('/api/v1/users', { name: 'V', email: `${unique('v')}@example.com`, role: 'viewer' });
      expect(viewer.status).toBe(201);
      expect(viewer.body.has_password).toBe(false);
    });

    it('rejects bad user input naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ name: 'A', email: 'a@example.com', role: 'superuser' }, 'role'],
        [{ name: 'A', email: 'nope', role: 'viewer' }, 'email'],
        [{ name: 'A', email: 'b@example.com', role: 'viewer', password: 'short' }, 'password'],
        [{ email: 'c@example.com', role: 'viewer' }, 'name'],
        [{ name: 'A', email: 'owner@example.com', role: 'viewer' }, 'email'],
      ];
      for (const [body, field] of cases) {
        const response = await owner.post('/api/v1/users', body);
        expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      }
    });
  });

  describe('organizations', () => {
    it('creates another organization, lists both, switches between them and keeps data apart', async () => {
      const client = new Client(server.url);
      await client.post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD });
      const created = await client.post('/api/v1/organizations', { name: 'Side Project', currency: 'JPY' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ currency: 'JPY', invoice_number_format: 'INV-{YYYY}-{SEQ:5}' });
      const list = await client.get('/api/v1/organizations');
      expect(list.body.data.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Acme GmbH', 'Side Project']));
      const switched = await client.post('/api/v1/auth/switch-organization', { organization_id: created.body.id });
      expect(switched.body.organization.name).toBe('Side Project');
      expect((await client.get('/api/v1/customers')).body.data).toEqual([]);
      expect((await client.get('/api/v1/organization')).body.name).toBe('Side Project');
      // The first session is still in the first organization.
      expect((await owner.get('/api/v1/organization')).body.name).toBe('Acme GmbH');
    });

    it('refuses to switch into an organization the user does not belong to', async () => {
      const viewer = await userWithRole(owner, 'viewer');
      const other = await owner.post('/api/v1/organizations', { name: 'Private', currency: 'EUR' });
      const response = await viewer.post('/api/v1/auth/switch-organization', { organization_id: other.body.id });
      expect(response.status).toBe(404);
    });

    it('updates settings and validates the invoice number format', async () => {
      const ok = await owner.patch('/api/v1/organization', {
        tax_id: 'DE123456789',
        address: { line1: 'Hauptstr. 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
        payment_terms_days: 14,
        invoice_number_format: 'RE-{YY}{MM}-{SEQ:4}',
      });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toMatchObject({ tax_id: 'DE123456789', payment_terms_days: 14, invoice_number_format: 'RE-{YY}{MM}-{SEQ:4}' });
      for (const format of ['INV-{YYYY}', 'INV-{SEQ}-{SEQ}', 'INV-{FOO}-{SEQ}', '<b>{SEQ}</b>', '']) {
        const bad = await owner.patch('/api/v1/organization', { invoice_number_format: format });
        expect(bad.status, format).toBe(422);
        expect(bad.body.errors[0].path).toBe('invoice_number_format');
      }
      expect((await owner.get('/api/v1/organization')).body.invoice_number_format).toBe('RE-{YY}{MM}-{SEQ:4}');
    });
  });
});
