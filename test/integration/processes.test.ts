/**
 * Real server processes: data and sessions survive a restart, and several processes on one
 * PostgreSQL share sessions and rate-limit counters (nothing lives in process memory).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startServerProcess } from '../support/process.ts';
import { OWNER_PASSWORD, setupOwner } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { postgresAvailable } from '../support/postgres.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('restarts [sqlite]', () => {
  it('keeps data and sessions across a restart of the server process', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase('sqlite');
    databases.push(database);
    const first = await startServerProcess(database.url);
    const owner = await setupOwner(first.url);
    const customer = await owner.post('/api/v1/customers', { name: 'Survivor AG' });
    expect(customer.status).toBe(201);
    await first.stop();

    const second = await startServerProcess(database.url);
    try {
      const client = new Client(second.url);
      client.cookie = owner.cookie;
      const read = await client.get(`/api/v1/customers/${customer.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.name).toBe('Survivor AG');
    } finally {
      await second.stop();
    }
  });
});

describe.skipIf(!(await postgresAvailable()))('two server processes on one PostgreSQL', () => {
  it('share sessions, data and login rate limits', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    const env = { LOGIN_MAX_FAILURES: '2' };
    const a = await startServerProcess(database.url, env);
    const b = await startServerProcess(database.url, env);
    try {
      const owner = await setupOwner(a.url);
      const created = await owner.post('/api/v1/customers', { name: 'Seen by both' });

      const onB = new Client(b.url);
      onB.cookie = owner.cookie;
      const me = await onB.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe('owner@example.com');
      expect((await onB.get(`/api/v1/customers/${created.body.id}`)).body.name).toBe('Seen by both');

      // Logging out on B ends the session on A too.
      await onB.post('/api/v1/auth/logout');
      expect((await owner.get('/api/v1/auth/me')).status).toBe(401);

      // Failures on A and B count together.
      const bad = { email: 'owner@example.com', password: 'wrong-password' };
      expect((await new Client(a.url).post('/api/v1/auth/login', bad)).status).toBe(401);
      expect((await new Client(b.url).post('/api/v1/auth/login', bad)).status).toBe(401);
      expect((await new Client(a.url).post('/api/v1/auth/login', { ...bad, password: OWNER_PASSWORD })).status).toBe(429);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
