/**
 * Gapless numbering across real server processes: two processes on one database (one
 * PostgreSQL, one SQLite file) each finalize 25 invoices at once; together they must issue
 * exactly the numbers 1..50.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { draftInvoice } from '../support/billing-factories.ts';
import { Client } from '../support/http.ts';
import { postgresAvailable } from '../support/postgres.ts';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

async function finalizeFromTwoProcesses(kind: DbKind): Promise<void> {
  const database = await createTestDatabase(kind);
  databases.push(database);
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServerProcess(database.url), await startServerProcess(database.url));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const owner = await setupOwner(a.url);
    expect((await owner.patch('/api/v1/organization', { invoice_number_format: 'P-{SEQ:4}' })).status).toBe(200);
    const customer = await createCustomer(owner);
    const drafts: string[] = [];
    for (let i = 0; i < 50; i += 1) drafts.push((await draftInvoice(owner, { customerId: customer.id })).id);

    // The same session on both processes (sessions live in the database).
    const onB = new Client(b.url);
    onB.cookie = owner.cookie;
    const responses = await Promise.all(drafts.map((id, i) => (i % 2 === 0 ? owner : onB).post(`/api/v1/invoices/${id}/finalize`)));
    for (const response of responses) expect(response.status, response.text).toBe(200);
    const numbers = responses.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `P-${String(i + 1).padStart(4, '0')}`));
  } finally {
    for (const server of servers) await server.stop();
  }
}

describe('invoice numbers from two processes [sqlite]', () => {
  it('are consecutive and unique when two processes on one SQLite file finalize 25 each at once', { timeout: 90_000 }, async () => {
    await finalizeFromTwoProcesses('sqlite');
  });
});

describe.skipIf(!(await postgresAvailable()))('invoice numbers from two processes [postgres]', () => {
  it('are consecutive and unique when two processes on one PostgreSQL finalize 25 each at once', { timeout: 90_000 }, async () => {
    await finalizeFromTwoProcesses('postgres');
  });
});
