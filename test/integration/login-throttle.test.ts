/**
 * The sign-in limit cannot be raced, and it locks out an attacker's address, not the
 * account: 60 simultaneous wrong passwords reach exactly LOGIN_MAX_FAILURES password checks
 * (the rest answer 429 without one); behind a trusted proxy (TRUST_PROXY) the owner still
 * signs in from another address while the attacker's is held; without it, a forged
 * X-Forwarded-For changes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { USER_PASSWORD, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';

const login = (server: TestServer, email: string, password: string, forwardedFor?: string) =>
  new Client(server.url).post('/api/v1/auth/login', { email, password }, forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor });

describeEachDb('sign-in throttle', (kind) => {
  let server: TestServer;
  let behindProxy: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { LOGIN_MAX_FAILURES: '10', LOGIN_WINDOW_SECONDS: '600' } });
    behindProxy = await startTestServer(kind, { env: { LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_SECONDS: '600', TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await server.close();
    await behindProxy.close();
  });

  it('counts each attempt before its password check: 60 simultaneous guesses get exactly 10 checks', async () => {
    const owner = await setupOwner(server.url);
    const email = `${unique('raced')}@example.com`;
    await userWithRole(owner, 'viewer', email);
    const answers = await Promise.all(Array.from({ length: 60 }, () => login(server, email, 'a-wrong-guess-123')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // The right password from that address waits for the window too.
    expect((await login(server, email, USER_PASSWORD)).status).toBe(429);
  });

  it('ignores a forged X-Forwarded-For unless TRUST_PROXY says whom to believe', async () => {
    server.clock.advance(601_000); // a fresh window after the test above
    const email = `${unique('forged')}@example.com`;
    await userWithRole(await signedInOwner(server), 'viewer', email);
    for (let i = 0; i < 10; i++) expect((await login(server, email, 'nope-nope-nope', `198.51.100.${i}`)).status).toBe(401);
    expect((await login(server, email, 'nope-nope-nope', '198.51.100.99')).status).toBe(429);
  });

  it('behind a trusted proxy, holds the attacker’s address while the owner signs in from another', async () => {
    const owner = await setupOwner(behindProxy.url);
    const email = `${unique('target')}@example.com`;
    await userWithRole(owner, 'admin', email);
    const attacker = '203.0.113.66';
    for (let i = 0; i < 3; i++) expect((await login(behindProxy, email, 'guess-number-' + i, attacker)).status).toBe(401);
    const blocked = await login(behindProxy, email, USER_PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The owner of the account, elsewhere, is not locked out.
    expect((await login(behindProxy, email, USER_PASSWORD, '198.51.100.7')).status).toBe(200);
    // After the window the attacker's address may try again.
    behindProxy.clock.advance(601_000);
    expect((await login(behindProxy, email, 'guess-number-9', attacker)).status).toBe(401);
  });

  async function signedInOwner(target: TestServer): Promise<Client> {
    const client = new Client(target.url);
    const response = await client.post('/api/v1/auth/login', { email: 'owner@example.com', password: 'owner-password-123' });
    expect(response.status).toBe(200);
    return client;
  }
});
