/**
 * Report benchmark: `npm run bench:reports -- --invoices 1000000 [--sqlite-only|--postgres-only] [--runs 7]`.
 *
 * For SQLite (bench/.data/sqlite-N.db) and PostgreSQL (database settle_bench, or
 * SETTLE_BENCH_PG_URL), seeds N invoices with `settle seed` unless the database already holds
 * exactly that data set, runs ANALYZE, then for each report measures the median of --runs
 * calls of the real path (HTTP request through buildApp + app.inject with a session cookie:
 * routing, auth, validation, service, queries, serialization) and of the plain SQL aggregate
 * the report boils down to, written by hand. Prints: report | Settle ms | plain SQL ms | ratio.
 * Not part of `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { createSession, SESSION_COOKIE } from '../src/modules/auth/sessions.ts';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/shared/clock.ts';
import { seed } from '../src/cli/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.join(ROOT, 'bench/.data');
const PG_URL = process.env.SETTLE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/settle_bench';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
  },
});
const INVOICES = Number(values.invoices);
const RUNS = Number(values.runs);

interface Case {
  name: string;
  url: string;
  plain: RawBuilder<unknown>[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function time(fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
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
    seedLine = `${result.invoices} invoices, ${result.rows} rows in ${result.seconds.toFixed(1)} s: ${Math.round(result.rows / result.seconds)} rows/s`;
    fs.writeFileSync(info, `${seedLine}\n`);
    found = await seededOrg(db);
    if (!found) throw new Error('seeded organization not found');
  }
  await sql`analyze`.execute(db.kysely);
  return { db, url, ...found, seedLine };
}

function cases(k: Kysely<Database>, orgId: string, customerId: string, search: string): Case[] {
  void k;
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const year = `from=${yearAgo}&to=${today}`;
  const invoiced = sql`status in ('open', 'partially_paid', 'paid', 'uncollectible')`;
  const month = sql`substr(issue_date, 1, 7)`;
  return [
    {
      name: 'summary (all time)',
      url: '/api/v1/reports/summary',
      plain: [
        sql`select currency, sum(total), count(*) from invoices where organization_id = ${orgId} and ${invoiced} group by currency`,
        sql`select currency, sum(amount), count(*) from payments where organization_id = ${orgId} and method <> 'customer_credit' group by currency`,
        sql`select p.currency, sum(r.amount) from refunds r join payments p on p.id = r.payment_id where r.organization_id = ${orgId} group by p.currency`,
        sql`select currency, sum(amount_due), count(*), sum(case when due_date < ${today} then amount_due else 0 end) from invoices
            where organization_id = ${orgId} and status in ('open', 'partially_paid') and amount_due > 0 group by currency`,
      ],
    },
    {
      name: 'aging',
      url: '/api/v1/reports/aging',
      plain: [
        sql`select i.currency, i.customer_id, min(c.name), sum(i.amount_due), sum(case when i.due_date >= ${today} then i.amount_due else 0 end)
            from invoices i join customers c on c.id = i.customer_id
            where i.organization_id = ${orgId} and i.status in ('open', 'partially_paid') and i.amount_due > 0 and i.issue_date <= ${today}
            group by i.currency, i.customer_id`,
      ],
    },
    {
      name: 'sales by month (1 year)',
      url: `/api/v1/reports/sales?${year}&group_by=month`,
      plain: [
        sql`select currency, ${month}, sum(subtotal), sum(tax_total), sum(total), count(*) from invoices
            where organization_id = ${orgId} and ${invoiced} and issue_date between ${yearAgo} and ${today} group by 1, 2`,
        sql`select currency, substr(issue_date, 1, 7), sum(total) from credit_notes where organization_id = ${orgId} and issue_date between ${yearAgo} and ${today} group by 1, 2`,
      ],
    },
    {
      name: 'revenue by month (1 year)',
      url: `/api/v1/reports/revenue?${year}&group_by=month`,
      plain: [
        sql`select currency, substr(date, 1, 7), sum(amount), count(*) from payments
            where organization_id = ${orgId} and method <> 'customer_credit' and date between ${yearAgo} and ${today} group by 1, 2`,
        sql`select p.currency, substr(r.date, 1, 7), sum(r.amount) from refunds r join payments p on p.id = r.payment_id
            where r.organization_id = ${orgId} and r.date between ${yearAgo} and ${today} group by 1, 2`,
      ],
    },
    {
      name: 'taxes (1 year)',
      url: `/api/v1/reports/taxes?${year}`,
      plain: [
        sql`select i.currency, l.tax_rate_id, sum(l.net_amount) from invoice_lines l join invoices i on i.id = l.invoice_id
            where i.organization_id = ${orgId} and i.${invoiced} and i.issue_date between ${yearAgo} and ${today} group by 1, 2`,
      ],
    },
    {
      name: 'top customers (all time)',
      url: '/api/v1/reports/top-customers',
      plain: [
        sql`select currency, customer_id, sum(total) as t, count(*) from invoices where organization_id = ${orgId} and ${invoiced}
            group by currency, customer_id order by t desc limit 10`,
      ],
    },
    {
      name: 'top products (all time)',
      url: '/api/v1/reports/top-products',
      plain: [
        sql`select i.currency, l.product_id, sum(l.net_amount) as t, count(*) from invoice_lines l join invoices i on i.id = l.invoice_id
            where i.organization_id = ${orgId} and i.${invoiced} group by 1, 2 order by t desc limit 10`,
      ],
    },
    {
      name: 'customer analytics (1 year)',
      url: `/api/v1/reports/customer-analytics?${year}`,
      plain: [
        sql`select currency, customer_id, count(*), min(issue_date), max(paid_at) from invoices
            where organization_id = ${orgId} and status = 'paid' and paid_at >= ${yearAgo} and paid_at < ${today} group by 1, 2`,
        sql`select customer_id, min(issue_date) from invoices where organization_id = ${orgId} and ${invoiced} group by customer_id`,
      ],
    },
    {
      name: 'statement (busiest customer)',
      url: `/api/v1/customers/${customerId}/statement`,
      plain: [
        sql`select id, number, issue_date, total from invoices where organization_id = ${orgId} and customer_id = ${customerId} and ${invoiced}`,
        sql`select id, date, amount from payments where organization_id = ${orgId} and customer_id = ${customerId}`,
        sql`select id, issue_date, total from credit_notes where organization_id = ${orgId} and customer_id = ${customerId}`,
      ],
    },
    {
      name: 'invoice list, first page',
      url: '/api/v1/invoices',
      plain: [sql`select * from invoices where organization_id = ${orgId} order by id desc limit 51`],
    },
    {
      name: `invoice search "${search}"`,
      url: `/api/v1/invoices?q=${encodeURIComponent(search)}`,
      plain: [
        sql`select i.* from invoices i where i.organization_id = ${orgId} and (lower(i.number) like ${`%${search}%`}
            or exists (select 1 from customers c where c.id = i.customer_id and lower(c.name) like ${`%${search}%`})) order by i.id desc limit 51`,
      ],
    },
  ];
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
  lines.push('| report | Settle ms | plain SQL ms | ratio |', '|---|---:|---:|---:|');
  for (const c of cases(db.kysely, orgId, busiest.customer_id, search)) {
    const settle = await time(async () => {
      const res = await app.inject({ method: 'GET', url: c.url, cookies: { [SESSION_COOKIE]: token } });
      if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    });
    const plain = await time(async () => {
      for (const query of c.plain) await query.execute(db.kysely);
    });
    const flag = settle > (c.name.startsWith('invoice') ? 50 : 300) ? ' ⚠' : '';
    lines.push(`| ${c.name} | ${settle.toFixed(1)}${flag} | ${plain.toFixed(1)} | ${(settle / plain).toFixed(1)}× |`);
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
