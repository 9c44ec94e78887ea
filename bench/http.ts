/**
 * Settle over real HTTP next to the raw limits of the machine, in one run, alternating:
 *
 * - Settle: `node bin/server.js` (what `npm start` runs: the compiled build in dist/ when it
 *   is up to date, else the TypeScript sources through tsx — printed at the top) on a fresh
 *   SQLite file and on a fresh PostgreSQL database (created and dropped here;
 *   `SETTLE_BENCH_PG_URL`, default postgres://postgres@127.0.0.1:5432/postgres).
 * - Raw baselines: better-sqlite3 on the same schema (migrated), one transaction with the
 *   statements the work needs at the least, prepared once; pg with 10 connections doing the
 *   same; a Fastify hello world in its own process for the reads.
 *
 * Goals of issue 17, each printed with figure, baseline, ratio and spread (min–max over the
 * rounds): create + finalize a 3-line invoice at 10 clients; record a payment likewise; GET
 * one invoice (and the server's CPU time per request, from /proc); GET /invoices?limit=50;
 * idle RSS and the cold start of `npm start`.
 *
 *   npm run bench:http -- [--seconds 5] [--rounds 3] [--clients 10] [--sqlite-only|--postgres-only]
 *                          [--root DIR] [--two-calls] [--profile DIR] [--only create,pay,get,list,start]
 *
 * --root runs another checkout; --two-calls creates and finalizes in two requests even where
 * `finalize: true` exists; --profile writes a CPU profile of each Settle server into DIR.
 *
 *   npm run bench:http -- --grown 1000000 [--seconds 5] [--rounds 3] [--sqlite-only|--postgres-only] [--only create,pay,get,list,draft] [--profile DIR]
 *
 * --grown N is the flat-cost goal instead: the same writes and reads on a fresh database and,
 * in the same rounds, alternating, on a working copy of the seeded data set of N invoices
 * (bench/seeded.ts: seeded first when missing; the copy leaves it as it is); prints rate and
 * CPU per operation at 0 and at N and their ratio (goal ≥ 90 %). No raw baselines. Also a
 * draft's life (create, change its lines, delete: the deletes check the rows that refer to it).
 *
 * This measures; it asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createSession, SESSION_COOKIE } from '../src/modules/auth/sessions.ts';
import { pgMaintenance, prepareSeeded, seededSqliteFile, SEEDED_PG_URL, type Kind } from './seeded.ts';
import {
  agent,
  cpuMicros,
  PG_ADMIN,
  dropPgDatabases,
  isDistFresh as distFreshAt,
  pgAdmin,
  pgUrl,
  request,
  rssMb,
  setupBench,
  spawnGroup,
  startSettle as startServer,
  stopAll as stopServers,
  takePort,
  waitHealthy,
  type Client,
  type Server,
} from './settle-server.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '10' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    root: { type: 'string' },
    'two-calls': { type: 'boolean', default: false },
    profile: { type: 'string' },
    only: { type: 'string' },
    grown: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const CLIENTS = Number(args.clients);
/** --only create,pay,get,list,start(,draft with --grown): a subset of the goals (e.g. to profile one path). */
const ONLY = new Set((args.only ?? 'create,pay,get,list,start,draft').split(','));
const root = path.resolve(args.root ?? path.join(import.meta.dirname, '..'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-bench-http-'));

// ── processes ──────────────────────────────────────────────────────────────

function startSettle(name: string, databaseUrl: string, command?: string[]): Promise<Server & { startMs: number }> {
  return startServer(name, databaseUrl, { root, profileDir: args.profile, command });
}

const HELLO = `
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
`;

async function startHello(): Promise<Server & { startMs: number }> {
  const port = await takePort();
  const base = `http://127.0.0.1:${port}`;
  const file = path.join(import.meta.dirname, '.hello-world.mjs');
  fs.writeFileSync(file, HELLO);
  const child = spawnGroup([process.execPath, file], { cwd: root, env: { ...process.env, PORT: String(port) } });
  const startMs = await waitHealthy(base, '/hello', child);
  return { name: 'hello', child, base, pid: child.pid ?? 0, startMs };
}

function stopAll(): void {
  stopServers();
  fs.rmSync(path.join(import.meta.dirname, '.hello-world.mjs'), { force: true });
}

// ── closed loops ───────────────────────────────────────────────────────────

interface Result {
  /** Operations done. */
  n: number;
  rate: number;
  p50: number;
  p99: number;
  cpuUs?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `CLIENTS` loops running `op` for SECONDS; latency per op, server CPU per op. */
async function closedLoop(op: (worker: number) => Promise<void | false>, pid?: number, seconds = SECONDS): Promise<Result> {
  const latencies: number[] = [];
  const cpuBefore = pid ? cpuMicros(pid) : 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        // false: nothing left to do (the payment runs pay the invoices the create runs made).
        if ((await op(worker)) === false) break;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result: Result = { n: latencies.length, rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  if (pid) result.cpuUs = (cpuMicros(pid) - cpuBefore) / latencies.length;
  return result;
}

// ── Settle ──────────────────────────────────────────────────────────────────

const LINES = (taxId: string) => [1, 2, 3].map((k) => ({ description: `Item ${k}`, quantity: '2', unit_price: '10.50', tax_rate_id: taxId }));

interface SettleTarget {
  server: Server;
  client: Client;
  taxId: string;
  customerId: string;
  /** Finalized unpaid invoices, for the payment runs: [id, amount due]. */
  open: [string, string][];
  oneInvoice: string;
  finalizeInOneCall: boolean;
  /** Issue date of the invoices created, and date of their payments. */
  issueDate: string;
  payDate: string;
}

async function prepareSettle(server: Server, dates: Pick<SettleTarget, 'issueDate' | 'payDate'> = { issueDate: '2026-11-23', payDate: '2026-11-24' }): Promise<SettleTarget> {
  const client = await setupBench(server);
  const tax = await request(client, 'POST', '/tax-rates', { name: 'VAT', percentage: '19' });
  const customer = await request(client, 'POST', '/customers', { name: 'Customer' });
  const target: SettleTarget = { server, client, taxId: tax.json.id ?? '', customerId: customer.json.id ?? '', open: [], oneInvoice: '', finalizeInOneCall: false, ...dates };
  await firstInvoices(target);
  return target;
}

/** Whether `finalize: true` works, then 61 invoices: the one to GET and 50+ for the list. */
async function firstInvoices(target: SettleTarget): Promise<void> {
  if (!args['two-calls']) {
    // `finalize: true` (issue 17) when this checkout has it; else create, then finalize.
    target.finalizeInOneCall = await request(target.client, 'POST', '/invoices', { customer_id: target.customerId, issue_date: target.issueDate, lines: LINES(target.taxId), finalize: true }).then(
      (r) => r.json.amount_due !== undefined && (r.json as { status?: string }).status === 'open',
      () => false,
    );
  }
  await createFinalize(target);
  target.oneInvoice = target.open[0]?.[0] ?? '';
  for (let i = 0; i < 60; i++) await createFinalize(target);
}

async function createFinalize(t: SettleTarget): Promise<void> {
  const body = { customer_id: t.customerId, issue_date: t.issueDate, lines: LINES(t.taxId) };
  if (t.finalizeInOneCall) {
    const invoice = await request(t.client, 'POST', '/invoices', { ...body, finalize: true });
    t.open.push([invoice.json.id ?? '', invoice.json.amount_due ?? '']);
    return;
  }
  const draft = await request(t.client, 'POST', '/invoices', body);
  const invoice = await request(t.client, 'POST', `/invoices/${draft.json.id}/finalize`);
  t.open.push([invoice.json.id ?? '', invoice.json.amount_due ?? '']);
}

/** A draft's life without issuing it: create it, change its lines, delete it. */
async function draftCycle(t: SettleTarget): Promise<void> {
  const draft = await request(t.client, 'POST', '/invoices', { customer_id: t.customerId, issue_date: t.issueDate, lines: LINES(t.taxId) });
  await request(t.client, 'PATCH', `/invoices/${draft.json.id}`, { lines: LINES(t.taxId).map((line) => ({ ...line, quantity: '3' })) });
  await request(t.client, 'DELETE', `/invoices/${draft.json.id}`);
}

async function pay(t: SettleTarget): Promise<void | false> {
  const next = t.open.pop();
  if (!next) return false;
  await request(t.client, 'POST', '/payments', { invoice_id: next[0], amount: next[1], date: t.payDate, method: 'card' });
}

// ── raw baselines ───────────────────────────────────────────────────────────

const NOW = '2026-11-23T10:00:00.000Z';
let rawSeq = 0;
const rawId = (prefix: string) => `${prefix}_raw${process.pid}${(rawSeq++).toString(36).padStart(10, '0')}`;

interface RawStatements {
  /** One transaction: draft + 3 lines, counter, number and totals, audit row. */
  createFinalize: () => Promise<string>;
  /** One transaction: payment row, invoice amounts and status, audit row. */
  pay: (invoiceId: string) => Promise<void>;
}

const RAW = {
  insertInvoice: `insert into invoices (id, organization_id, customer_id, status, currency, issue_date, created_at, updated_at) values ($1, $2, $3, 'draft', 'EUR', '2026-11-23', $4, $4)`,
  insertLine: `insert into invoice_lines (id, organization_id, invoice_id, position, description, quantity, unit_price, tax_category, tax_percentage, net_amount) values ($1, $2, $3, $4, 'Item', '2', '10.50', 'S', '19', 2100)`,
  counter: `insert into document_sequences (organization_id, kind, scope, last_value) values ($1, 'invoice', '2026', 1) on conflict (organization_id, kind, scope) do update set last_value = document_sequences.last_value + 1 returning last_value`,
  finalize: `update invoices set status = 'open', number = $1, due_date = '2026-12-23', subtotal = 6300, tax_total = 1197, total = 7497, amount_due = 7497, finalized_at = $2, updated_at = $2 where id = $3`,
  audit: `insert into audit_events (id, organization_id, actor_type, action, resource_type, resource_id, created_at) values ($1, $2, 'user', $3, 'invoice', $4, $5)`,
  payment: `insert into payments (id, organization_id, invoice_id, customer_id, currency, amount, applied_amount, excess_amount, date, method, created_at) values ($1, $2, $3, $4, 'EUR', 7497, 7497, 0, '2026-11-24', 'card', $5)`,
  paid: `update invoices set amount_paid = 7497, amount_due = 0, status = 'paid', paid_at = $1, updated_at = $1 where id = $2`,
};
/** `$n` placeholders to `?`, with the argument order they need. */
function toSqlite(sqlite: BetterSqlite3.Database, text: string): { run(...params: unknown[]): BetterSqlite3.RunResult; get(...params: unknown[]): unknown } {
  const order: number[] = [];
  const statement = sqlite.prepare(text.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')));
  const pick = (params: unknown[]) => order.map((i) => params[i]);
  return { run: (...params) => statement.run(...pick(params)), get: (...params) => statement.get(...pick(params)) };
}

async function seedRaw(databaseUrl: string): Promise<{ orgId: string; customerId: string }> {
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  await db.close();
  return { orgId: 'org_rawbench', customerId: 'cus_rawbench' };
}

async function rawSqlite(file: string): Promise<RawStatements & { close(): void }> {
  const { orgId, customerId } = await seedRaw(`sqlite:${file}`);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.prepare(`insert into organizations (id, name, currency, invoice_number_format, created_at, updated_at) values (?, 'Raw', 'EUR', 'INV-{YYYY}-{SEQ:5}', ?, ?)`).run(orgId, NOW, NOW);
  sqlite.prepare(`insert into customers (id, organization_id, name, created_at, updated_at) values (?, ?, 'Raw', ?, ?)`).run(customerId, orgId, NOW, NOW);
  const s = Object.fromEntries(Object.entries(RAW).map(([k, text]) => [k, toSqlite(sqlite, text)])) as Record<keyof typeof RAW, ReturnType<typeof toSqlite>>;
  const createFinalize = sqlite.transaction(() => {
    const id = rawId('inv');
    s.insertInvoice.run(id, orgId, customerId, NOW);
    for (let k = 1; k <= 3; k++) s.insertLine.run(rawId('lin'), orgId, id, k);
    const { last_value } = s.counter.get(orgId) as { last_value: number };
    s.finalize.run(`INV-2026-${String(last_value).padStart(5, '0')}`, NOW, id);
    s.audit.run(rawId('aud'), orgId, 'invoice.finalized', id, NOW);
    return id;
  });
  const payTx = sqlite.transaction((invoiceId: string) => {
    s.payment.run(rawId('pay'), orgId, invoiceId, customerId, NOW);
    s.paid.run(NOW, invoiceId);
    s.audit.run(rawId('aud'), orgId, 'payment.created', invoiceId, NOW);
  });
  return {
    createFinalize: () => Promise.resolve(createFinalize.immediate()),
    pay: (invoiceId) => Promise.resolve(payTx.immediate(invoiceId)),
    close: () => sqlite.close(),
  };
}

async function rawPostgres(url: string): Promise<RawStatements & { close(): Promise<void> }> {
  const { orgId, customerId } = await seedRaw(url);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(`insert into organizations (id, name, currency, invoice_number_format, created_at, updated_at) values ($1, 'Raw', 'EUR', 'INV-{YYYY}-{SEQ:5}', $2, $2)`, [orgId, NOW]);
  await pool.query(`insert into customers (id, organization_id, name, created_at, updated_at) values ($1, $2, 'Raw', $3, $3)`, [customerId, orgId, NOW]);
  async function tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const result = await fn(c);
      await c.query('commit');
      return result;
    } catch (error) {
      await c.query('rollback');
      throw error;
    } finally {
      c.release();
    }
  }
  return {
    createFinalize: () =>
      tx(async (c) => {
        const id = rawId('inv');
        await c.query(RAW.insertInvoice, [id, orgId, customerId, NOW]);
        for (let k = 1; k <= 3; k++) await c.query(RAW.insertLine, [rawId('lin'), orgId, id, k]);
        const { rows } = await c.query<{ last_value: number }>(RAW.counter, [orgId]);
        await c.query(RAW.finalize, [`INV-2026-${String(rows[0]?.last_value).padStart(5, '0')}`, NOW, id]);
        await c.query(RAW.audit, [rawId('aud'), orgId, 'invoice.finalized', id, NOW]);
        return id;
      }),
    pay: (invoiceId) =>
      tx(async (c) => {
        await c.query(RAW.payment, [rawId('pay'), orgId, invoiceId, customerId, NOW]);
        await c.query(RAW.paid, [NOW, invoiceId]);
        await c.query(RAW.audit, [rawId('aud'), orgId, 'payment.created', invoiceId, NOW]);
      }),
    close: () => pool.end(),
  };
}

// ── the run ─────────────────────────────────────────────────────────────────

type Sample = Result;
const samples = new Map<string, Sample[]>();
function record(key: string, sample: Sample): void {
  const list = samples.get(key) ?? [];
  list.push(sample);
  samples.set(key, list);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

interface Db {
  label: string;
  settle: SettleTarget;
  raw: RawStatements;
  rawOpen: string[];
}

const pgDatabases: string[] = [];
const closers: (() => unknown)[] = [];

async function main(): Promise<void> {
  console.log(`bench:http — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);

  const dbs: Db[] = [];
  if (!args['postgres-only']) {
    const settle = await prepareSettle(await startSettle('sqlite', `sqlite:${path.join(dir, 'settle.db')}`));
    const raw = await rawSqlite(path.join(dir, 'raw.db'));
    closers.push(() => raw.close());
    dbs.push({ label: 'SQLite', settle, raw, rawOpen: [] });
  }
  if (!args['sqlite-only']) {
    const stamp = `${process.pid}_${Date.now()}`;
    const settleDb = `settle_bench_http_${stamp}`;
    const rawDb = `settle_bench_raw_${stamp}`;
    await pgAdmin(async (c) => {
      await c.query(`create database ${settleDb}`);
      await c.query(`create database ${rawDb}`);
    });
    pgDatabases.push(settleDb, rawDb);
    const settle = await prepareSettle(await startSettle('postgres', pgUrl(settleDb)));
    const raw = await rawPostgres(pgUrl(rawDb));
    closers.push(() => raw.close());
    dbs.push({ label: 'PostgreSQL', settle, raw, rawOpen: [] });
  }
  const mode = isDistFresh() ? 'the compiled build in dist/' : 'the TypeScript sources through tsx';
  console.log(`Settle: node bin/server.js (${mode}), ${CLIENTS} clients, ${ROUNDS} rounds × ${SECONDS} s, root ${root}`);
  console.log(`create + finalize: ${dbs[0]?.settle.finalizeInOneCall ? 'one call (POST /invoices with finalize: true)' : 'two calls (POST /invoices, POST /invoices/{id}/finalize)'}`);
  const hello = await startHello();
  const helloClient: Client = { base: hello.base, cookie: '' };

  for (let round = 0; round < ROUNDS; round++) {
    const settleFirst = round % 2 === 0;
    process.stdout.write(`round ${round + 1}/${ROUNDS} (${settleFirst ? 'Settle first' : 'baseline first'}) `);
    for (const db of ONLY.has('create') || ONLY.has('pay') ? dbs : []) {
      const runs: [string, () => Promise<Result>][] = [
        [`create ${db.label}`, () => closedLoop(() => createFinalize(db.settle), db.settle.server.pid)],
        [
          `create raw ${db.label}`,
          () =>
            closedLoop(async () => {
              db.rawOpen.push(await db.raw.createFinalize());
            }),
        ],
      ];
      for (const [key, run] of settleFirst ? runs : runs.reverse()) record(key, await run());
      process.stdout.write('.');
    }
    for (const db of ONLY.has('pay') ? dbs : []) {
      const runs: [string, () => Promise<Result>][] = [
        [`pay ${db.label}`, () => closedLoop(() => pay(db.settle), db.settle.server.pid)],
        [
          `pay raw ${db.label}`,
          () =>
            closedLoop(async () => {
              const id = db.rawOpen.pop();
              if (id === undefined) return false;
              await db.raw.pay(id);
            }),
        ],
      ];
      for (const [key, run] of settleFirst ? runs : runs.reverse()) record(key, await run());
      process.stdout.write('.');
    }
    const reads: [string, () => Promise<Result>][] = [[`hello`, () => closedLoop(() => request(helloClient, 'GET', '/hello').then(() => undefined), hello.pid)]];
    for (const db of dbs) {
      if (ONLY.has('get')) reads.push([`get ${db.label}`, () => closedLoop(() => request(db.settle.client, 'GET', `/invoices/${db.settle.oneInvoice}`).then(() => undefined), db.settle.server.pid)]);
      if (ONLY.has('list')) reads.push([`list ${db.label}`, () => closedLoop(() => request(db.settle.client, 'GET', `/invoices?limit=50`).then(() => undefined), db.settle.server.pid)]);
    }
    for (const [key, run] of settleFirst ? reads : reads.reverse()) {
      record(key, await run());
      process.stdout.write('.');
    }
    console.log();
  }

  // Idle RSS: after the runs, the servers idle for 2 s (the heap as a working server keeps it).
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rss = new Map<string, number>([['hello', rssMb(hello.pid)]]);
  for (const db of dbs) rss.set(db.label, rssMb(db.settle.server.pid));

  // Cold start of `npm start` (SQLite), against the hello world's start, alternating.
  const cold: number[] = [];
  const coldHello: number[] = [];
  const coldRss: number[] = [];
  // One start first (not counted) migrates the file: the figure is a start on an existing database.
  const coldUrl = `sqlite:${path.join(dir, 'cold.db')}`;
  if (ONLY.has('start')) {
    const first = await startSettle('cold', coldUrl, ['npm', 'start', '--silent']);
    process.kill(-first.pid, 'SIGTERM');
    await new Promise((resolve) => first.child.once('exit', resolve));
  }
  for (let i = 0; i < (ONLY.has('start') ? ROUNDS : 0); i++) {
    const s = await startSettle('cold', coldUrl, ['npm', 'start', '--silent']);
    cold.push(s.startMs);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // npm → sh → node: the server is the newest node process in the group.
    coldRss.push(groupRss(s.pid));
    process.kill(-s.pid, 'SIGTERM');
    await new Promise((resolve) => s.child.once('exit', resolve));
    const h = await startHello();
    coldHello.push(h.startMs);
    process.kill(-h.pid, 'SIGTERM');
  }

  // ── report ──
  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
  const spread = (xs: number[], digits = 0) => `${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;
  const get = (key: string) => samples.get(key) ?? [];
  const rows: string[] = ['| goal | database | Settle | spread | baseline | spread | ratio | target |', '|---|---|---:|---:|---:|---:|---:|---|'];
  for (const db of dbs) {
    for (const [goal, key, unit] of [
      ['create + finalize, 3 lines, 10 clients', 'create', 'inv/s'],
      ['record a payment, 10 clients', 'pay', 'pay/s'],
    ] as const) {
      const s = get(`${key} ${db.label}`);
      const b = get(`${key} raw ${db.label}`);
      const rate = median(s.map((x) => x.rate));
      const base = median(b.map((x) => x.rate));
      rows.push(
        `| ${goal} | ${db.label} | ${fmt(rate)} ${unit} | ${spread(s.map((x) => x.rate))} | ${fmt(base)} ${unit} (raw driver) | ${spread(b.map((x) => x.rate))} | ${fmt((100 * rate) / base)} % | ≥ 50 % |`,
      );
      rows.push(
        `| ${goal}: latency | ${db.label} | p50 ${fmt(median(s.map((x) => x.p50)), 1)} ms, p99 ${fmt(median(s.map((x) => x.p99)), 1)} ms | p99 ${spread(s.map((x) => x.p99), 1)} | p50 ${fmt(median(b.map((x) => x.p50)), 2)} ms, p99 ${fmt(median(b.map((x) => x.p99)), 2)} ms | | | p99 < 25 ms |`,
      );
      rows.push(`| ${goal}: server CPU | ${db.label} | ${fmt(median(s.map((x) => x.cpuUs ?? NaN)))} µs | ${spread(s.map((x) => x.cpuUs ?? NaN))} | | | | |`);
    }
  }
  const h = get('hello');
  const helloRate = median(h.map((x) => x.rate));
  const helloCpu = median(h.map((x) => x.cpuUs ?? NaN));
  for (const db of dbs) {
    for (const [goal, key, target] of [
      ['GET one invoice', 'get', '≥ 25 %, ≤ 150 µs'],
      ['GET /invoices?limit=50', 'list', '≤ 500 µs'],
    ] as const) {
      const s = get(`${key} ${db.label}`);
      const rate = median(s.map((x) => x.rate));
      const cpu = median(s.map((x) => x.cpuUs ?? NaN));
      rows.push(
        `| ${goal} | ${db.label} | ${fmt(rate)} req/s, ${fmt(cpu)} µs CPU, p99 ${fmt(median(s.map((x) => x.p99)), 1)} ms | ${spread(s.map((x) => x.rate))} req/s; ${spread(s.map((x) => x.cpuUs ?? NaN))} µs | ${fmt(helloRate)} req/s, ${fmt(helloCpu)} µs (hello world) | ${spread(h.map((x) => x.rate))} | ${fmt((100 * rate) / helloRate)} % | ${target} |`,
      );
    }
  }
  for (const db of dbs) rows.push(`| idle RSS after the runs | ${db.label} | ${fmt(rss.get(db.label) ?? NaN)} MB | | ${fmt(rss.get('hello') ?? NaN)} MB (hello world) | | | ≤ 120 MB |`);
  rows.push(`| idle RSS, fresh \`npm start\` | SQLite | ${fmt(median(coldRss))} MB | ${spread(coldRss)} | | | | ≤ 120 MB |`);
  rows.push(`| cold start of \`npm start\` to /healthz (migrated file) | SQLite | ${fmt(median(cold))} ms | ${spread(cold)} | ${fmt(median(coldHello))} ms (hello world, node) | ${spread(coldHello)} | | ≤ 1.5 s |`);
  console.log();
  console.log(rows.join('\n'));
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

// ── flat cost: a fresh database next to one of N seeded invoices (--grown N) ────

/** Server processes (PostgreSQL backends) connected to a database: pid → CPU µs so far. */
async function backendCpu(admin: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMicros(pid));
    } catch {
      /* gone, or not on this machine */
    }
  }
  return cpu;
}

interface FlatSide {
  settle: SettleTarget;
  /** PostgreSQL: the database, for the CPU of its backends. */
  pgDatabase?: string;
}

/**
 * A Settle server on a working copy of the seeded data set of N invoices (bench/seeded.ts),
 * logged in as the seeded organization's owner, creating for its busiest EUR customer. The
 * seeded data set stays as it is for later runs: SQLite copies the file, PostgreSQL creates a
 * database from it as a template.
 */
async function prepareGrown(kind: Kind, invoices: number, today: string): Promise<FlatSide> {
  const seeded = await prepareSeeded(kind, invoices);
  const k = seeded.db.kysely;
  const customer = await k
    .selectFrom('invoices')
    .innerJoin('customers', 'customers.id', 'invoices.customer_id')
    .select(['invoices.customer_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('invoices.organization_id', '=', seeded.orgId)
    .where('customers.currency', '=', 'EUR')
    .groupBy('invoices.customer_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const tax = await k.selectFrom('tax_rates').select('id').where('organization_id', '=', seeded.orgId).where('category', '=', 'S').where('percentage', '=', '19').executeTakeFirstOrThrow();
  await seeded.db.close();
  console.log(`${kind}: seeded data set of ${invoices} invoices (${seeded.seedLine}); copying…`);
  const copyStarted = performance.now();
  let url: string;
  let pgDatabase: string | undefined;
  if (kind === 'sqlite') {
    const file = path.join(dir, 'grown.db');
    fs.copyFileSync(seededSqliteFile(invoices), file);
    url = `sqlite:${file}`;
  } else {
    pgDatabase = `settle_bench_grown_${process.pid}_${Date.now()}`;
    const template = new URL(SEEDED_PG_URL).pathname.slice(1);
    await pgMaintenance(SEEDED_PG_URL, (c) => c.query(`create database ${pgDatabase} template ${template} strategy file_copy`));
    pgDatabases.push(pgDatabase);
    url = pgUrl(pgDatabase);
  }
  console.log(`${kind}: copied in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`);
  const copy = openDatabase(url);
  const token = await createSession(copy.kysely, seeded.userId, seeded.orgId, new Date(), 1);
  await copy.close();
  const startedAt = new Date().toISOString();
  const server = await startSettle(`${kind} grown`, url);
  await scheduledTasksRun(kind, url, startedAt);
  const settle: SettleTarget = {
    server,
    client: { base: server.base, cookie: `${SESSION_COOKIE}=${token}` },
    taxId: tax.id,
    customerId: customer.customer_id,
    open: [],
    oneInvoice: '',
    finalizeInOneCall: false,
    issueDate: today,
    payDate: today,
  };
  // Also the warm-up: the first requests read the pages they need from disk.
  await firstInvoices(settle);
  return pgDatabase === undefined ? { settle } : { settle, pgDatabase };
}

/**
 * Waits for the first run of the server's scheduled tasks (the overdue check runs at start):
 * on a data set seeded before the seed flagged overdue invoices, or left unused for days, it
 * has a backlog to catch up on, which the figures should not include.
 */
async function scheduledTasksRun(kind: Kind, url: string, since: string): Promise<void> {
  const db = openDatabase(url, { poolSize: 1 });
  const started = performance.now();
  try {
    for (;;) {
      const tasks = await db.kysely.selectFrom('scheduled_tasks').select('last_run_at').execute();
      if (tasks.length > 0 && tasks.every((t) => t.last_run_at !== null && t.last_run_at >= since)) break;
      if (performance.now() - started > 30 * 60_000) throw new Error(`${kind}: scheduled tasks still running after 30 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await db.close();
  }
  console.log(`${kind}: the server's first scheduled run (overdue check) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function flatCost(invoices: number): Promise<void> {
  console.log(`bench:http --grown ${invoices} — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`);
  const today = new Date().toISOString().slice(0, 10);
  const kinds: Kind[] = args['postgres-only'] ? ['postgres'] : args['sqlite-only'] ? ['sqlite'] : ['sqlite', 'postgres'];
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  if (kinds.includes('postgres')) {
    await admin.connect();
    closers.push(() => admin.end());
  }
  const sides: { label: string; fresh: FlatSide; grown: FlatSide }[] = [];
  for (const kind of kinds) {
    const grown = await prepareGrown(kind, invoices, today);
    let fresh: FlatSide;
    if (kind === 'sqlite') {
      fresh = { settle: await prepareSettle(await startSettle('sqlite fresh', `sqlite:${path.join(dir, 'fresh.db')}`), { issueDate: today, payDate: today }) };
    } else {
      const database = `settle_bench_fresh_${process.pid}_${Date.now()}`;
      await pgAdmin((c) => c.query(`create database ${database}`));
      pgDatabases.push(database);
      fresh = { settle: await prepareSettle(await startSettle('postgres fresh', pgUrl(database)), { issueDate: today, payDate: today }), pgDatabase: database };
    }
    sides.push({ label: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL', fresh, grown });
    console.log(`${kind}: fresh server pid ${fresh.settle.server.pid}, grown server pid ${grown.settle.server.pid}`);
  }
  const mode = isDistFresh() ? 'the compiled build in dist/' : 'the TypeScript sources through tsx';
  console.log(`Settle: node bin/server.js (${mode}), ${CLIENTS} clients, ${ROUNDS} rounds × ${SECONDS} s; create + finalize in ${sides[0]?.fresh.settle.finalizeInOneCall ? 'one call' : 'two calls'}`);

  /** One goal on one side: server CPU per op, and for PostgreSQL its backends' CPU per op. */
  async function measure(side: FlatSide, op: () => Promise<void | false>): Promise<Result & { dbUs?: number }> {
    const before = side.pgDatabase === undefined ? undefined : await backendCpu(admin, side.pgDatabase);
    const result: Result & { dbUs?: number } = await closedLoop(op, side.settle.server.pid);
    if (before !== undefined && side.pgDatabase !== undefined) {
      let total = 0;
      for (const [pid, cpu] of await backendCpu(admin, side.pgDatabase)) total += cpu - (before.get(pid) ?? 0);
      result.dbUs = total / result.n;
    }
    return result;
  }

  const goals: [string, (t: SettleTarget) => Promise<void | false>][] = [
    ['create', (t) => createFinalize(t)],
    ['pay', (t) => pay(t)],
    ['get', (t) => request(t.client, 'GET', `/invoices/${t.oneInvoice}`).then(() => undefined)],
    ['list', (t) => request(t.client, 'GET', '/invoices?limit=50').then(() => undefined)],
    ['draft', (t) => draftCycle(t)],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const freshFirst = round % 2 === 0;
    process.stdout.write(`round ${round + 1}/${ROUNDS} (${freshFirst ? 'fresh first' : 'grown first'}) `);
    for (const side of sides) {
      for (const [goal, op] of goals) {
        if (!ONLY.has(goal)) continue;
        const pair: [string, FlatSide][] = [
          [`${goal} ${side.label} 0`, side.fresh],
          [`${goal} ${side.label} N`, side.grown],
        ];
        for (const [key, s] of freshFirst ? pair : pair.reverse()) record(key, await measure(s, () => op(s.settle)));
        process.stdout.write('.');
      }
    }
    console.log();
  }

  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
  const spread = (xs: number[], digits = 0) => `${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}`;
  const n = invoices.toLocaleString('en');
  const rows = [
    `| goal | database | at 0: rate | CPU | at ${n}: rate | CPU | ratio | target |`,
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  const names: Record<string, [string, string]> = {
    create: ['create + finalize, 3 lines', 'inv/s'],
    pay: ['record a payment', 'pay/s'],
    get: ['GET one invoice', 'req/s'],
    list: ['GET /invoices?limit=50', 'req/s'],
    draft: ['draft: create, change its lines, delete', 'drafts/s'],
  };
  for (const side of sides) {
    for (const [goal] of goals) {
      const zero = samples.get(`${goal} ${side.label} 0`) ?? [];
      const grown = samples.get(`${goal} ${side.label} N`) ?? [];
      if (zero.length === 0) continue;
      const [name, unit] = names[goal] ?? [goal, '/s'];
      const rate = (xs: Sample[]) => median(xs.map((x) => x.rate));
      const cpu = (xs: Sample[]) => median(xs.map((x) => x.cpuUs ?? NaN));
      const db = (xs: Sample[]) => median(xs.map((x) => (x as { dbUs?: number }).dbUs ?? NaN));
      const postgres = side.fresh.pgDatabase !== undefined;
      const cpuText = (xs: Sample[]) => `${fmt(cpu(xs))} µs${postgres ? ` + ${fmt(db(xs))} µs PostgreSQL` : ''}`;
      // The database's share counts: on SQLite it is in the server's own CPU.
      const allCpu = (xs: Sample[]) => cpu(xs) + (postgres ? db(xs) : 0);
      rows.push(
        `| ${name} | ${side.label} | ${fmt(rate(zero))} ${unit} [${spread(zero.map((x) => x.rate))}] | ${cpuText(zero)} | ${fmt(rate(grown))} ${unit} [${spread(grown.map((x) => x.rate))}] | ${cpuText(grown)} | ${fmt((100 * rate(grown)) / rate(zero))} % (rate), ${fmt((100 * allCpu(zero)) / allCpu(grown))} % (CPU) | ≥ 90 % |`,
      );
    }
  }
  console.log();
  console.log(`CPU: server CPU per operation (utime + stime from /proc); for PostgreSQL also its backends' for the database. Ratio: at ${n} ÷ at 0 (CPU, with PostgreSQL's: at 0 ÷ at ${n}). Spread in brackets.`);
  console.log(rows.join('\n'));
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

/** The largest RSS among the processes of a group (npm, sh, node). */
function groupRss(pgid: number): number {
  let largest = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) largest = Math.max(largest, rssMb(Number(entry)));
    } catch {
      /* gone */
    }
  }
  return largest;
}

function isDistFresh(): boolean {
  return distFreshAt(root);
}

try {
  await (args.grown === undefined ? main() : flatCost(Number(args.grown)));
} finally {
  stopAll();
  for (const close of closers) await close();
  await dropPgDatabases(pgDatabases);
  fs.rmSync(dir, { recursive: true, force: true });
  agent.destroy();
}
