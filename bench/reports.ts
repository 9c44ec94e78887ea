/**
 * Report benchmark: `npm run bench:reports -- --invoices 1000000 [--sqlite-only|--postgres-only] [--runs 7] [--no-scans]`.
 *
 * For SQLite (bench/.data/sqlite-N.db) and PostgreSQL (database settle_bench, or
 * SETTLE_BENCH_PG_URL), seeds N invoices with `settle seed` unless the database already holds
 * exactly that data set, runs ANALYZE, then for each report (bench/report-cases.ts) measures
 * the median of --runs calls of
 *   - Settle: the real path (HTTP request through buildApp + app.inject with a session cookie:
 *     routing, auth, validation, service, queries, serialization);
 *   - plain SQL: the queries the report boils down to, written by hand against the same
 *     report summaries, under the same settings (reports/report-queries.ts) — Settle ÷ plain
 *     is the overhead of Settle;
 *   - scan: the same figures aggregated from the documents themselves, as they would be
 *     without the summaries (median of at most 3 runs; --no-scans skips them).
 * Prints: report | Settle ms | plain SQL ms | ratio | scan ms. Not part of `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createSession, SESSION_COOKIE } from '../src/modules/auth/sessions.ts';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/shared/clock.ts';
import { seed } from '../src/cli/seed.ts';
import { reportCases } from './report-cases.ts';
import { withReportSettings } from '../src/modules/reports/report-queries.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench/.data');
const PG_URL = process.env.SETTLE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/settle_bench';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    'no-scans': { type: 'boolean', default: false },
  },
});
const INVOICES = Number(values.invoices);
const RUNS = Number(values.runs);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function time(fn: () => Promise<void>, runs = RUNS): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function ensurePostgresDatabase(fresh: boolean): Promise<void> {
  const url = new URL(PG_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (fresh && exists.rowCount === 1) await client.query(`drop database ${name} with (force)`);
    if (fresh || exists.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

const orgName = `Seeded Demo Co (${INVOICES} invoices)`;

async function seededOrg(db: Db): Promise<{ orgId: string; userId: string } | undefined> {
  const org = await db.kysely.selectFrom('organizations').select('id').where('name', '=', orgName).executeTakeFirst();
  if (!org) return undefined;
  const count = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number | string>().as('n')).where('organization_id', '=', org.id).executeTakeFirstOrThrow();
  if (Number(count.n) !== INVOICES) return undefined;
  const owner = await db.kysely.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return { orgId: org.id, userId: owner.user_id };
}

async function prepare(kind: 'sqlite' | 'postgres'): Promise<{ db: Db; url: string; orgId: string; userId: string; seedLine: string }> {
  fs.mkdirSync(DATA, { recursive: true });
  const url = kind === 'sqlite' ? `sqlite:${path.join(DATA, `sqlite-${INVOICES}.db`)}` : PG_URL;
  const info = path.join(DATA, `${kind}-${INVOICES}.seed.txt`);
  if (kind === 'postgres') await ensurePostgresDatabase(false);
  let db = openDatabase(url, { poolSize: 4 });
  await migrateToLatest(db);
  let found = await seededOrg(db);
  let seedLine = fs.existsSync(info) ? `${fs.readFileSync(info, 'utf8').trim()} (earlier run, data reused)` : 'data reused';
  if (!found) {
    await db.close();
    if (kind === 'sqlite') for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(DATA, `sqlite-${INVOICES}.db${suffix}`), { force: true });
    else await ensurePostgresDatabase(true);
    db = openDatabase(url, { poolSize: 4 });
    console.log(`[${kind}] seeding ${INVOICES} invoices…`);
    const result = await seed(db, url, { invoices: String(INVOICES) }, (line) => console.log(`[${kind}] ${line}`));
    seedLine = `${result.invoices} invoices, ${result.rows} rows in ${result.seconds.toFixed(1)} s (of which ${result.summarySeconds.toFixed(1)} s statistics and report summaries): ${Math.round(result.rows / result.seconds)} rows/s`;
    fs.writeFileSync(info, `${seedLine}\n`);
    found = await seededOrg(db);
    if (!found) throw new Error('seeded organization not found');
  }
  await sql`analyze`.execute(db.kysely);
  return { db, url, ...found, seedLine };
}

async function bench(kind: 'sqlite' | 'postgres'): Promise<string> {
  const { db, url, orgId, userId, seedLine } = await prepare(kind);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const app = await buildApp({ db, clock: systemClock, config }, { logger: false });
  const token = await createSession(db.kysely, userId, orgId, new Date(), 1);
  const busiest = await db.kysely
    .selectFrom('invoices')
    .select(['customer_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('organization_id', '=', orgId)
    .groupBy('customer_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const someName = await db.kysely.selectFrom('customers').select('name').where('organization_id', '=', orgId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const search = someName.name.toLowerCase().split(' ').slice(0, 2).join(' ');
  const lines = [`${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${INVOICES} invoices (seed: ${seedLine}); median of ${RUNS} runs`];
  lines.push('| report | Settle ms | plain SQL ms | ratio | scan ms |', '|---|---:|---:|---:|---:|');
  const today = new Date().toISOString().slice(0, 10);
  for (const c of reportCases({ orgId, customerId: busiest.customer_id, search, today })) {
    const settle = await time(async () => {
      const res = await app.inject({ method: 'GET', url: c.url, cookies: { [SESSION_COOKIE]: token } });
      if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    });
    // Under the settings the reports' heavier queries get (PostgreSQL: work_mem, no JIT), like Settle.
    const runAll = (queries: typeof c.plain) => withReportSettings(db, async (executor) => {
      for (const query of queries) await query.execute(executor);
    });
    const plain = await time(() => runAll(c.plain));
    const scans = c.scan;
    const scan = scans === undefined || values['no-scans'] ? null : await time(() => runAll(scans), Math.min(RUNS, 3));
    const flag = settle > (c.list === true ? 50 : 300) ? ' ⚠' : '';
    lines.push(`| ${c.name} | ${settle.toFixed(1)}${flag} | ${plain.toFixed(1)} | ${(settle / plain).toFixed(1)}× | ${scan === null ? '—' : scan.toFixed(1)} |`);
    console.log(lines[lines.length - 1]);
  }
  await app.close();
  await db.close();
  return lines.join('\n');
}

const kinds: ('sqlite' | 'postgres')[] = values['postgres-only'] ? ['postgres'] : values['sqlite-only'] ? ['sqlite'] : ['sqlite', 'postgres'];
const tables: string[] = [];
for (const kind of kinds) tables.push(await bench(kind));
console.log(`\n${new Date().toISOString().slice(0, 10)}, ${(await import('node:os')).cpus().length} CPUs, Node ${process.version}\n`);
console.log(tables.join('\n\n'));
