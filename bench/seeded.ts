/**
 * The seeded data sets the benchmarks share: SQLite in bench/.data/sqlite-N.db, PostgreSQL in
 * the database settle_bench (or SETTLE_BENCH_PG_URL). `prepareSeeded` reuses a database that
 * already holds the seeded organization with exactly N invoices and seeds it (`settle seed`)
 * otherwise; bench/.data is ignored by git.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seed } from '../src/cli/seed.ts';

export const DATA = path.resolve(import.meta.dirname, '.data');
/**
 * SETTLE_BENCH_PG_URL names the data set's database for bench:reports, the server's
 * maintenance database for bench:http: pointing at `postgres`, the data set is `settle_bench`
 * on that server (never seeded into, or dropped as, the maintenance database).
 */
export const SEEDED_PG_URL = ((): string => {
  const url = new URL(process.env.SETTLE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/settle_bench');
  if (['', '/', '/postgres'].includes(url.pathname)) url.pathname = '/settle_bench';
  return url.toString();
})();

export type Kind = 'sqlite' | 'postgres';

export interface Seeded {
  db: Db;
  url: string;
  orgId: string;
  userId: string;
  /** How the data set was seeded, or that it was reused. */
  seedLine: string;
}

/** The file of the seeded SQLite data set of N invoices. */
export function seededSqliteFile(invoices: number): string {
  return path.join(DATA, `sqlite-${invoices}.db`);
}

/** Runs `fn` on a connection to the server's `postgres` database of `url`. */
export async function pgMaintenance<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensurePostgresDatabase(fresh: boolean): Promise<void> {
  const name = new URL(SEEDED_PG_URL).pathname.slice(1);
  await pgMaintenance(SEEDED_PG_URL, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (fresh && exists.rowCount === 1) await client.query(`drop database ${name} with (force)`);
    if (fresh || exists.rowCount === 0) await client.query(`create database ${name}`);
  });
}

async function seededOrg(db: Db, invoices: number): Promise<{ orgId: string; userId: string } | undefined> {
  const org = await db.kysely.selectFrom('organizations').select('id').where('name', '=', `Seeded Demo Co (${invoices} invoices)`).executeTakeFirst();
  if (!org) return undefined;
  const count = await db.kysely.selectFrom('invoices').select((eb) => eb.fn.countAll<number | string>().as('n')).where('organization_id', '=', org.id).executeTakeFirstOrThrow();
  if (Number(count.n) !== invoices) return undefined;
  const owner = await db.kysely.selectFrom('memberships').select('user_id').where('organization_id', '=', org.id).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return { orgId: org.id, userId: owner.user_id };
}

/** The seeded data set of N invoices, migrated and analyzed, seeded first when missing. */
export async function prepareSeeded(kind: Kind, invoices: number): Promise<Seeded> {
  fs.mkdirSync(DATA, { recursive: true });
  const file = seededSqliteFile(invoices);
  const url = kind === 'sqlite' ? `sqlite:${file}` : SEEDED_PG_URL;
  const info = path.join(DATA, `${kind}-${invoices}.seed.txt`);
  if (kind === 'postgres') await ensurePostgresDatabase(false);
  let db = openDatabase(url, { poolSize: 4 });
  await migrateToLatest(db);
  let found = await seededOrg(db, invoices);
  let seedLine = fs.existsSync(info) ? `${fs.readFileSync(info, 'utf8').trim()} (earlier run, data reused)` : 'data reused';
  if (!found) {
    await db.close();
    if (kind === 'sqlite') for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    else await ensurePostgresDatabase(true);
    db = openDatabase(url, { poolSize: 4 });
    console.log(`[${kind}] seeding ${invoices} invoices…`);
    const result = await seed(db, url, { invoices: String(invoices) }, (line) => console.log(`[${kind}] ${line}`));
    seedLine = `${result.invoices} invoices, ${result.rows} rows in ${result.seconds.toFixed(1)} s (of which ${result.summarySeconds.toFixed(1)} s statistics and report summaries): ${Math.round(result.rows / result.seconds)} rows/s`;
    fs.writeFileSync(info, `${seedLine}\n`);
    found = await seededOrg(db, invoices);
    if (!found) throw new Error('seeded organization not found');
  }
  await sql`analyze`.execute(db.kysely);
  return { db, url, ...found, seedLine };
}
