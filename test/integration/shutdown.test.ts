/**
 * SIGTERM on a real server process (src/server/shutdown.ts): an idle server exits 0 at once;
 * a request that never completes cannot hold it past SHUTDOWN_GRACE_SECONDS (exit 1, said
 * in the log); a second signal exits at once; and a job abandoned mid-way is not failed but
 * run again by a later server once its lock has expired. Waits are bounded waits for the
 * exit event, never sleeps.
 */
import net from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from '../support/databases.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { finalizedInvoice } from '../support/billing-factories.ts';
import { Client } from '../support/http.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { postgresAvailable } from '../support/postgres.ts';

const databases: TestDatabase[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  for (const db of databases) await db.drop();
});

/** The exit code, or a failure once `ms` have passed (the process is then killed). */
function exitCode(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server was still running ${ms} ms after SIGTERM`));
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function start(kind: DbKind, env: Record<string, string> = {}, database?: TestDatabase): Promise<{ server: ServerProcess; database: TestDatabase }> {
  const db = database ?? (await createTestDatabase(kind));
  if (database === undefined) databases.push(db);
  const server = await startServerProcess(db.url, { LOG_LEVEL: 'info', ...env });
  servers.push(server);
  return { server, database: db };
}

/** A client that sends a POST's headers and a tenth of its body, then stalls with the socket open. */
async function stalledPost(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  socket.write(`POST /api/v1/customers HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"`);
  socket.write('x'.repeat(90));
  return socket;
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function shutdownSuite(kind: DbKind): void {
  // Each starts a server process: under the full suite's load that alone can take 20 s.
  it('an idle server (with an idle keep-alive connection open) exits 0 promptly', { timeout: 90_000 }, async () => {
    const { server } = await start(kind);
    // A finished request on a connection kept alive, as browsers and proxies leave them.
    const keepAlive = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    keepAlive.on('error', () => undefined);
    let answered = '';
    keepAlive.on('data', (chunk: Buffer) => (answered += chunk.toString()));
    keepAlive.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    await waitFor(() => answered.includes('"ok"'), 5000, 'the keep-alive request to be answered');

    server.child.kill('SIGTERM');
    expect(await exitCode(server.child, 8000), server.output()).toBe(0);
    expect(server.output()).toContain('shutting down');
    expect(server.output()).toContain('shut down cleanly');
    keepAlive.destroy();
  });

  it('stops listening at once, and exits 1 when a request never completes within SHUTDOWN_GRACE_SECONDS', { timeout: 90_000 }, async () => {
    const { server } = await start(kind, { SHUTDOWN_GRACE_SECONDS: '2' });
    const stalled = await stalledPost(server.url);
    await waitFor(() => server.output().includes('"url":"/api/v1/customers"'), 5000, 'the server to receive the stalled request');

    server.child.kill('SIGTERM');
    const exited = exitCode(server.child, 10_000);
    // New connections are refused while the stalled request still holds the process.
    let refused = false;
    while (server.child.exitCode === null && !refused) refused = !(await canConnect(server.url));
    expect(refused, 'a new connection was refused before the process exited').toBe(true);

    expect(await exited, server.output()).toBe(1);
    expect(server.output()).toContain('shutdown grace period of 2 s ran out; exiting with in-flight work');
    expect(server.output()).not.toContain('shut down cleanly');
    stalled.destroy();
  });

  it('exits at once on a second signal', { timeout: 90_000 }, async () => {
    const { server } = await start(kind, { SHUTDOWN_GRACE_SECONDS: '3600' });
    const stalled = await stalledPost(server.url);
    await waitFor(() => server.output().includes('"url":"/api/v1/customers"'), 5000, 'the server to receive the stalled request');
    server.child.kill('SIGTERM');
    await waitFor(() => server.output().includes('shutting down'), 5000, 'the shutdown to begin');
    server.child.kill('SIGINT');
    expect(await exitCode(server.child, 8000), server.output()).toBe(1);
    expect(server.output()).toContain('second signal during shutdown');
    stalled.destroy();
  });

  it('leaves a job abandoned mid-way claimed, not failed, and a later server runs it once the lock expires', { timeout: 90_000 }, async () => {
    // An SMTP server that accepts connections and never answers: delivery hangs mid-job.
    const hung: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      socket.on('error', () => undefined);
      hung.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const first = await start(kind, { SHUTDOWN_GRACE_SECONDS: '1', JOB_POLL_MS: '50', SMTP_URL: `smtp://mailer:secret@127.0.0.1:${silentPort}` });
    const smtp = await startSmtpServer();
    try {
      const owner = await setupOwner(first.server.url);
      expect((await owner.patch('/api/v1/organization', { email: 'accounts@acme.example' })).status).toBe(200);
      const customer = await createCustomer(owner, { name: 'Globex', email: 'ap@globex.example' });
      const invoice = await finalizedInvoice(owner, { customerId: customer.id });
      expect((await owner.post(`/api/v1/invoices/${invoice.id}/send`)).status).toBe(200);
      await waitFor(() => hung.length > 0, 10_000, 'the job worker to connect to the SMTP server');

      first.server.child.kill('SIGTERM');
      expect(await exitCode(first.server.child, 10_000), first.server.output()).toBe(1);
      expect(first.server.output()).toContain('ran out; exiting with in-flight work');

      const db = openDatabase(first.database.url, { onConnectionError: () => undefined });
      try {
        const job = await db.kysely.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
        expect(job).toMatchObject({ status: 'running', attempts: 1 });
        expect(Date.parse(job.locked_until!)).toBeGreaterThan(Date.now());
        // Five minutes of real time pass: the lock expires.
        await db.kysely.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', job.id).execute();
      } finally {
        await db.close();
      }

      const second = await start(kind, { JOB_POLL_MS: '50', SMTP_URL: smtp.url }, first.database);
      const client = new Client(second.server.url);
      client.cookie = owner.cookie;
      await expect
        .poll(async () => (await client.get(`/api/v1/emails?invoice_id=${invoice.id}`)).body.data[0]?.status, { timeout: 15_000, interval: 100 })
        .toBe('sent');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.rcptTo).toEqual(['ap@globex.example']);
      await second.server.stop();
      expect(second.server.child.exitCode).toBe(0);
    } finally {
      for (const socket of hung) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await smtp.stop();
    }
  });
}

describe('shutdown on SIGTERM [sqlite]', () => shutdownSuite('sqlite'));
describe.skipIf(!(await postgresAvailable()))('shutdown on SIGTERM [postgres]', () => shutdownSuite('postgres'));
