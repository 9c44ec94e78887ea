/**
 * Webhooks across real server processes (started as `npm start` does, real clock): a server
 * killed with SIGKILL after the change committed and before the event was delivered (its
 * receiver was down) delivers it after a restart, and two servers on one PostgreSQL deliver
 * every event exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { createCustomer, setupOwner, unique } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { postgresAvailable } from '../support/postgres.ts';
import { freePort, startServerProcess, type ServerProcess } from '../support/process.ts';
import { describeEachDb } from '../support/server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { addEndpoint, deliveriesOf, LOCAL_RECEIVER_ENV, requestsTo } from '../support/webhooks.ts';

const ENV = { ...LOCAL_RECEIVER_ENV, JOB_POLL_MS: '200' };

const databases: TestDatabase[] = [];
const servers: ServerProcess[] = [];
const receivers: WebhookReceiver[] = [];
afterAll(async () => {
  // (stop() would wait for the exit of one killed already.)
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
  for (const receiver of receivers) await receiver.kill();
  for (const database of databases) await database.drop();
});

async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

describeEachDb('webhooks across a crash', (kind) => {
  it('delivers after a restart an event committed before the server was killed', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase(kind);
    databases.push(database);
    const receiverPort = await freePort();
    const first = await startServerProcess(database.url, ENV);
    servers.push(first);
    const owner = await setupOwner(first.url);
    const endpoint = await addEndpoint(owner, `http://127.0.0.1:${receiverPort}/crash`);

    // The receiver is down: the change commits, its first attempt fails, the next waits 5 s …
    const customer = await createCustomer(owner);
    await expect.poll(async () => (await deliveriesOf(owner, endpoint.id))[0]?.attempts.length, { timeout: 15_000, interval: 50 }).toBe(1);
    const [waiting] = await deliveriesOf(owner, endpoint.id);
    expect(waiting).toMatchObject({ status: 'pending', last_error: 'Connection refused (ECONNREFUSED)' });
    // … and the server is killed before it comes.
    await killHard(first);

    const receiver = await startWebhookReceiver(receiverPort);
    receivers.push(receiver);
    const second = await startServerProcess(database.url, ENV);
    servers.push(second);
    const again = new Client(second.url);
    again.cookie = owner.cookie;
    await expect.poll(() => requestsTo(receiver.requests, '/crash').length, { timeout: 30_000, interval: 100 }).toBe(1);
    const [request] = requestsTo(receiver.requests, '/crash');
    expect(request!.headers['webhook-id']).toBe(waiting.event_id);
    expect(JSON.parse(request!.body).data.object.id).toBe(customer.id);
    await expect.poll(async () => (await deliveriesOf(again, endpoint.id))[0]?.status, { timeout: 10_000, interval: 50 }).toBe('delivered');
    const [delivered] = await deliveriesOf(again, endpoint.id);
    expect(delivered.attempts.map((attempt: any) => attempt.status_code)).toEqual([null, 200]);
    await second.stop();
  });
});

describe.skipIf(!(await postgresAvailable()))('two server processes on one PostgreSQL', () => {
  it('deliver each event exactly once to a healthy receiver', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase('postgres');
    databases.push(database);
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const a = await startServerProcess(database.url, ENV);
    const b = await startServerProcess(database.url, ENV);
    servers.push(a, b);
    const owner = await setupOwner(a.url);
    const endpoint = await addEndpoint(owner, `${receiver.origin}/shared`);
    const onB = new Client(b.url);
    onB.cookie = owner.cookie;

    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) => createCustomer(index % 2 === 0 ? owner : onB, { name: unique('Concurrent') })),
    );
    await expect.poll(() => requestsTo(receiver.requests, '/shared').length, { timeout: 30_000, interval: 100 }).toBe(30);
    // A few more polls of both workers: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const requests = requestsTo(receiver.requests, '/shared');
    expect(requests).toHaveLength(30);
    const ids = requests.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(30);
    expect(new Set(requests.map((request) => JSON.parse(request.body).data.object.id))).toEqual(new Set(created.map((customer) => customer.id)));

    const deliveries = (await owner.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=100`)).body.data as any[];
    expect(deliveries).toHaveLength(30);
    expect(new Set(deliveries.map((delivery) => delivery.event_id))).toEqual(new Set(ids));
    for (const delivery of deliveries) expect(delivery).toMatchObject({ status: 'delivered', attempts: [{ attempt: 1, status_code: 200 }] });
    await a.stop();
    await b.stop();
  });
});
