/**
 * Recurring billing across real server processes (started as `npm start` does, with the test
 * clock): a server killed with SIGKILL in the middle of a billing run leaves no duplicate and,
 * once restarted, no gap; two servers advancing one database together generate every
 * invoice once, with gapless numbers.
 */
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { describeEachDb } from '../support/server.ts';

const ENV = { SETTLE_TEST_CLOCK: 'true' };
const SUBSCRIPTIONS = 20;
const MONTHS = 12; // 2027-01 … 2027-12
const TARGET = '2027-12-15T12:00:00Z';

const databases: TestDatabase[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  for (const database of databases) await database.drop();
});

async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

async function subscribeMany(owner: Client): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const customer = await createCustomer(owner, { name: `Subscriber ${i}` });
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customer.id,
      interval: 'month',
      start_date: '2027-01-01',
      lines: [{ description: 'Plan {month}', quantity: '1', unit_price: '20.00' }],
    });
    expect(created.status, created.text).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

async function allInvoices(client: Client): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await client.get(`/api/v1/invoices?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status, page.text).toBe(200);
    all.push(...page.body.data);
    cursor = page.body.next_cursor;
  } while (cursor);
  return all;
}

/** Every subscription billed for each month exactly once, and the numbers 1…N without a gap. */
function expectExactlyOnce(invoices: any[], subscriptionIds: string[]): void {
  const generated = invoices.filter((i) => i.subscription_id !== null);
  expect(generated).toHaveLength(SUBSCRIPTIONS * MONTHS);
  for (const id of subscriptionIds) {
    const periods = generated.filter((i) => i.subscription_id === id).map((i) => i.period_start).sort();
    expect(periods).toEqual(Array.from({ length: MONTHS }, (_, m) => `2027-${String(m + 1).padStart(2, '0')}-01`));
  }
  const sequence = generated.map((i) => Number(/(\d+)$/.exec(i.number)?.[1])).sort((a, b) => a - b);
  expect(sequence).toEqual(Array.from({ length: SUBSCRIPTIONS * MONTHS }, (_, k) => k + 1));
  // Numbers follow the billing dates: a later period never has a smaller number.
  const byNumber = [...generated].sort((a, b) => a.number.localeCompare(b.number));
  for (let k = 1; k < byNumber.length; k++) expect(byNumber[k].issue_date >= byNumber[k - 1].issue_date).toBe(true);
}

describeEachDb('recurring billing across processes', (kind) => {
  // The restarted server waits for the dead one's claim on the billing task to run out (30 s).
  it('killed in the middle of a run: no duplicate, and no gap once restarted', { timeout: 150_000 }, async () => {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const first = await startServerProcess(database.url, ENV);
    servers.push(first);
    const owner = await setupOwner(first.url);
    const ids = await subscribeMany(owner);

    // The run is under way (some invoices exist, not all) when the process dies.
    const run = owner.post('/api/v1/test-clock', { now: TARGET }).catch(() => null);
    await expect.poll(async () => (await owner.get('/api/v1/invoices?limit=1')).body.data.length, { timeout: 60_000, interval: 5 }).toBe(1);
    await killHard(first);
    await run;
    const second = await startServerProcess(database.url, ENV);
    servers.push(second);
    const again = new Client(second.url);
    again.cookie = owner.cookie;
    const partial = (await allInvoices(again)).length;
    expect(partial).toBeLessThan(SUBSCRIPTIONS * MONTHS);

    const resumed = await again.post('/api/v1/test-clock', { now: TARGET });
    expect(resumed.status, resumed.text).toBe(200);
    expectExactlyOnce(await allInvoices(again), ids);
    await second.stop();
  });
});

describeEachDb('recurring billing, two processes', (kind) => {
  it('two servers advancing together generate each invoice once', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const a = await startServerProcess(database.url, ENV);
    const b = await startServerProcess(database.url, ENV);
    servers.push(a, b);
    const owner = await setupOwner(a.url);
    const ids = await subscribeMany(owner);
    const viaB = new Client(b.url);
    viaB.cookie = owner.cookie;

    const [fromA, fromB] = await Promise.all([owner.post('/api/v1/test-clock', { now: TARGET }), viaB.post('/api/v1/test-clock', { now: TARGET })]);
    expect(fromA.status, fromA.text).toBe(200);
    expect(fromB.status, fromB.text).toBe(200);
    expectExactlyOnce(await allInvoices(owner), ids);
    await Promise.all([a.stop(), b.stop()]);
  });
});
