/**
 * Usage-based billing at volume (issue 14), over real HTTP against `node bin/server.js` with
 * the test clock on (SETTLE_TEST_CLOCK=true), on a fresh SQLite file and a fresh PostgreSQL
 * database (created and dropped here; `SETTLE_BENCH_PG_URL`, default
 * postgres://postgres@127.0.0.1:5432/postgres):
 *
 * (a) usage events ingested per second through `POST /usage-events/batch`, batches of
 *     --batch (1,000) events from --clients (4) closed-loop clients with a sales API token,
 *     for --seconds (10): random customers out of --customers, half count events, half sum
 *     events with a decimal property; server CPU per 1,000 events;
 * (b) subscriptions billed per second when --subscriptions (10,000) monthly subscriptions
 *     (2 fixed lines with VAT, finalized on generation) fall due at once: they are created in
 *     this process through the app's own use case (createSubscription, 500 per transaction,
 *     on the same database), then `POST /test-clock` moves the clock to their first billing
 *     date; the time of that request (it returns once every due invoice is generated) is the
 *     figure, with the server's CPU.
 *
 *   npm run bench:usage -- [--seconds 10] [--clients 4] [--batch 1000] [--customers 1000]
 *                          [--subscriptions 10000] [--sqlite-only|--postgres-only]
 *                          [--profile DIR] [--root DIR] [--only ingest|billing]
 *
 * --profile writes a .cpuprofile of each server into DIR (on exit). Aims of the issue:
 * ≥ 20,000 events/s and ≥ 500 invoices/s on SQLite. This measures; it asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { inOneTransaction } from '../src/db/transaction.ts';
import { organizationTimeZone } from '../src/domain/time-zone.ts';
import { installEventSubscribers } from '../src/kernel/events.ts';
import { systemContext } from '../src/kernel/context.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createSubscription } from '../src/modules/subscriptions/subscriptions.service.ts';
import { CreateSubscription } from '../src/modules/subscriptions/subscriptions.schemas.ts';
import { EVENT_SUBSCRIBERS } from '../src/server/modules.ts';
import {
  agent,
  cpuMicros,
  dropPgDatabases,
  isDistFresh,
  pgAdmin,
  pgUrl,
  request,
  setupBench,
  startSettle,
  stopAll,
  stopServer,
  type Client,
  type Server,
} from './settle-server.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
    batch: { type: 'string', default: '1000' },
    customers: { type: 'string', default: '1000' },
    subscriptions: { type: 'string', default: '10000' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    profile: { type: 'string' },
    root: { type: 'string' },
    only: { type: 'string', default: 'ingest,billing' },
  },
});
/** --only ingest or --only billing: one of the two (e.g. to profile it). */
const ONLY = new Set(args.only.split(','));
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const BATCH = Number(args.batch);
const CUSTOMERS = Number(args.customers);
const SUBSCRIPTIONS = Number(args.subscriptions);
const root = path.resolve(args.root ?? path.join(import.meta.dirname, '..'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-bench-usage-'));

interface Figures {
  label: string;
  events: number;
  eventsPerSecond: number;
  batchP50: number;
  batchP99: number;
  cpuPer1000Events: number;
  createdPerSecond: number;
  invoices: number;
  invoicesPerSecond: number;
  cpuPerInvoice: number;
}

interface Target {
  server: Server;
  owner: Client;
  sender: Client;
  customerIds: string[];
  taxRateId: string;
}

async function prepare(server: Server): Promise<Target> {
  const owner = await setupBench(server);
  const token = await request<{ token: string }>(owner, 'POST', '/api-tokens', { name: 'Usage sender', role: 'sales' });
  const sender: Client = { base: server.base, cookie: '', token: token.json.token };
  await request(owner, 'POST', '/billable-metrics', { code: 'api.calls', name: 'API calls', aggregation: 'count' });
  await request(owner, 'POST', '/billable-metrics', { code: 'transfer.gb', name: 'Transfer', aggregation: 'sum', field: 'gb' });
  const tax = await request(owner, 'POST', '/tax-rates', { name: 'VAT', percentage: '19' });
  const customerIds: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < CUSTOMERS) {
        const k = next++;
        const customer = await request(owner, 'POST', '/customers', { name: `Customer ${k}`, email: `c${k}@example.com` });
        customerIds.push(customer.json.id ?? '');
      }
    }),
  );
  return { server, owner, sender, customerIds, taxRateId: tax.json.id ?? '' };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** (a) CLIENTS loops posting batches for SECONDS. */
async function ingest(t: Target): Promise<Pick<Figures, 'events' | 'eventsPerSecond' | 'batchP50' | 'batchP99' | 'cpuPer1000Events'>> {
  let seq = 0;
  const batchBody = (worker: number) => {
    const events = [];
    for (let i = 0; i < BATCH; i++) {
      const customer = t.customerIds[Math.floor(Math.random() * t.customerIds.length)];
      const n = seq++;
      events.push(
        n % 2 === 0
          ? { transaction_id: `w${worker}-${n}`, customer_id: customer, metric_code: 'api.calls' }
          : { transaction_id: `w${worker}-${n}`, customer_id: customer, metric_code: 'transfer.gb', properties: { gb: (Math.random() * 10).toFixed(3), region: 'eu-central' } },
      );
    }
    return JSON.stringify({ events });
  };
  // Warm-up: one batch (code paths compiled, statements cached).
  await request(t.sender, 'POST', '/usage-events/batch', batchBody(99));
  const latencies: number[] = [];
  const cpuBefore = cpuMicros(t.server.pid);
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, worker) => {
      while (performance.now() < deadline) {
        const body = batchBody(worker);
        const sent = performance.now();
        const answer = await request<{ created: number }>(t.sender, 'POST', '/usage-events/batch', body);
        if (answer.json.created !== BATCH) throw new Error(`a batch created ${answer.json.created} of ${BATCH} events`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const events = latencies.length * BATCH;
  latencies.sort((a, b) => a - b);
  return {
    events,
    eventsPerSecond: events / elapsed,
    batchP50: percentile(latencies, 50),
    batchP99: percentile(latencies, 99),
    cpuPer1000Events: ((cpuMicros(t.server.pid) - cpuBefore) / events) * 1000,
  };
}

/** The first day of next month (UTC calendar), a billing date in the future of the clock. */
function nextMonthStart(): string {
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return next.toISOString().slice(0, 10);
}

/** (b) SUBSCRIPTIONS due at once, created in-process, then the clock moved past their billing date. */
async function billing(t: Target, databaseUrl: string): Promise<Pick<Figures, 'createdPerSecond' | 'invoices' | 'invoicesPerSecond' | 'cpuPerInvoice'>> {
  const db: Db = openDatabase(databaseUrl);
  try {
    const org = await db.kysely.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
    const startDate = nextMonthStart();
    const input = (k: number) =>
      CreateSubscription.parse({
        customer_id: t.customerIds[k % t.customerIds.length],
        interval: 'month',
        start_date: startDate,
        billing: 'in_advance',
        collection: 'finalize',
        lines: [
          { description: 'Plan {month} {year}', quantity: '1', unit_price: '49.00', tax_rate_id: t.taxRateId },
          { description: 'Support', quantity: '2', unit_price: '12.50', tax_rate_id: t.taxRateId },
        ],
      });
    const created = performance.now();
    for (let from = 0; from < SUBSCRIPTIONS; from += 500) {
      await inOneTransaction(db, async (scoped) => {
        const ctx = systemContext({ db: scoped, clock: systemClock }, org.id, 'Bench', { role: 'owner', timeZone: organizationTimeZone(org) });
        for (let k = from; k < Math.min(from + 500, SUBSCRIPTIONS); k++) await createSubscription(ctx, input(k));
      });
    }
    const createdPerSecond = SUBSCRIPTIONS / ((performance.now() - created) / 1000);

    const cpuBefore = cpuMicros(t.server.pid);
    const started = performance.now();
    await request(t.owner, 'POST', '/test-clock', { now: `${startDate}T12:00:00Z` });
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuMicros(t.server.pid) - cpuBefore;
    const row = await db.kysely
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subscription_id', 'is not', null)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const invoices = Number(row.n);
    return { createdPerSecond, invoices, invoicesPerSecond: invoices / elapsed, cpuPerInvoice: cpu / Math.max(invoices, 1) };
  } finally {
    await db.close();
  }
}

async function run(label: string, databaseUrl: string): Promise<Figures> {
  const server = await startSettle(label, databaseUrl, { root, profileDir: args.profile, env: { SETTLE_TEST_CLOCK: 'true', SCHEDULER_POLL_MS: '0' } });
  try {
    process.stdout.write(`${label}: preparing ${CUSTOMERS} customers… `);
    const target = await prepare(server);
    process.stdout.write(ONLY.has('ingest') ? `ingesting for ${SECONDS} s… ` : '');
    const ingested = ONLY.has('ingest') ? await ingest(target) : { events: 0, eventsPerSecond: NaN, batchP50: NaN, batchP99: NaN, cpuPer1000Events: NaN };
    process.stdout.write(ONLY.has('billing') ? `creating ${SUBSCRIPTIONS} subscriptions and billing them… ` : '');
    const billed = ONLY.has('billing') ? await billing(target, databaseUrl) : { createdPerSecond: NaN, invoices: 0, invoicesPerSecond: NaN, cpuPerInvoice: NaN };
    console.log('done');
    return { label, ...ingested, ...billed };
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  console.log(`bench:usage — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);
  installEventSubscribers(EVENT_SUBSCRIBERS);
  const results: Figures[] = [];
  const pgDatabases: string[] = [];
  try {
    if (!args['postgres-only']) results.push(await run('SQLite', `sqlite:${path.join(dir, 'usage.db')}`));
    if (!args['sqlite-only']) {
      const name = `settle_bench_usage_${process.pid}_${Date.now()}`;
      await pgAdmin((c) => c.query(`create database ${name}`));
      pgDatabases.push(name);
      results.push(await run('PostgreSQL', pgUrl(name)));
    }
  } finally {
    stopAll();
    await dropPgDatabases(pgDatabases);
    fs.rmSync(dir, { recursive: true, force: true });
    agent.destroy();
  }
  console.log(`Settle: node bin/server.js (${isDistFresh(root) ? 'the compiled build in dist/' : 'the TypeScript sources through tsx'}), root ${root}`);
  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');
  const rows = ['| goal | database | Settle | detail | aim |', '|---|---|---:|---|---|'];
  for (const r of results) {
    rows.push(
      `| usage events ingested, batches of ${fmt(BATCH)}, ${CLIENTS} clients | ${r.label} | ${fmt(r.eventsPerSecond)} events/s | ${fmt(r.events)} events in ${SECONDS} s; batch p50 ${fmt(r.batchP50)} ms, p99 ${fmt(r.batchP99)} ms; ${fmt(r.cpuPer1000Events / 1000, 1)} ms server CPU per 1,000 | ${r.label === 'SQLite' ? '≥ 20,000/s' : ''} |`,
    );
    rows.push(
      `| monthly subscriptions billed at once (${fmt(SUBSCRIPTIONS)}) | ${r.label} | ${fmt(r.invoicesPerSecond)} invoices/s | ${fmt(r.invoices)} invoices finalized; ${fmt(r.cpuPerInvoice / 1000, 2)} ms server CPU each; created at ${fmt(r.createdPerSecond)}/s in-process | ${r.label === 'SQLite' ? '≥ 500/s' : ''} |`,
    );
  }
  console.log();
  console.log(rows.join('\n'));
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
