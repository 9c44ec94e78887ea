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
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { createSession, SESSION_COOKIE } from '../src/modules/auth/sessions.ts';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/shared/clock.ts';
import { reportCases } from './report-cases.ts';
import { withReportSettings } from '../src/modules/reports/report-queries.ts';
import { prepareSeeded } from './seeded.ts';

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

async function bench(kind: 'sqlite' | 'postgres'): Promise<string> {
  const { db, url, orgId, userId, seedLine } = await prepareSeeded(kind, INVOICES);
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
