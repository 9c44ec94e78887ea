/**
 * CSV import at volume (issue #19): --rows (10,000) customers in one `POST /api/v1/imports`
 * (one transaction, every row validated by the customers API's schema and written through its
 * use case with its customer.created event), over real HTTP against the app built in this
 * process, on a fresh SQLite file and — when DATABASE_URL names a PostgreSQL server — on a
 * scratch database created there (`settle_bench_import_…`) and dropped afterwards. A dry run
 * of the same file is timed first (validation only). Prints seconds and rows per second.
 *
 *   npm run bench:import -- [--rows 10000]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 *
 * This measures; it asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/server/app.ts';
import { systemClock } from '../src/shared/clock.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' } } });
const ROWS = Number(values.rows);

function csvOf(rows: number): Buffer {
  const lines = ['Name;E-Mail;Telefon;Straße;PLZ;Ort;Land;Zahlungsziel'];
  for (let i = 0; i < rows; i++) lines.push(`Kunde ${i} GmbH;kunde-${i}@example.com;+49 30 ${100000 + i};Hauptstraße ${i % 200};${10000 + (i % 89999)};Berlin;DE;${[7, 14, 30][i % 3]}`);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

const MAPPING = { Name: 'name', 'E-Mail': 'email', Telefon: 'phone', Straße: 'address.line1', PLZ: 'address.postal_code', Ort: 'address.city', Land: 'address.country', Zahlungsziel: 'payment_terms_days' };

async function run(label: string, databaseUrl: string): Promise<void> {
  const port = 4100 + Math.floor(Math.random() * 800);
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), SCHEDULER_POLL_MS: '0' });
  const db = openDatabase(databaseUrl, { poolSize: 10, onConnectionError: () => undefined });
  await migrateToLatest(db);
  const app = await buildApp({ db, clock: systemClock, config }, { logger: false });
  await app.listen({ port, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    const setup = await fetch(`${base}/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ organization: { name: 'Bench', currency: 'EUR', country: 'DE' }, user: { name: 'Bench', email: 'bench@example.com', password: 'bench-password-very-long-1' } }),
    });
    if (setup.status >= 300) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const file = csvOf(ROWS);
    const send = async (dryRun: boolean) => {
      const form = new FormData();
      form.append('type', 'customers');
      form.append('mapping', JSON.stringify(MAPPING));
      form.append('dry_run', String(dryRun));
      form.append('file', new Blob([new Uint8Array(file)], { type: 'text/csv' }), 'kunden.csv');
      const started = performance.now();
      const response = await fetch(`${base}/imports`, { method: 'POST', body: form, headers: { cookie, origin: `http://127.0.0.1:${port}` } });
      const text = await response.text();
      const seconds = (performance.now() - started) / 1000;
      if (response.status >= 300) throw new Error(`import: ${response.status} ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as { created: number; rows: number };
      return { seconds, body };
    };
    const dry = await send(true);
    const real = await send(false);
    const count = await db.kysely.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(
      `${label.padEnd(10)} ${ROWS.toLocaleString('en')} customers (${(file.length / 1024 / 1024).toFixed(1)} MB): ` +
        `dry run ${dry.seconds.toFixed(2)} s (${Math.round(ROWS / dry.seconds).toLocaleString('en')} rows/s); ` +
        `import ${real.seconds.toFixed(2)} s (${Math.round(ROWS / real.seconds).toLocaleString('en')} rows/s), ${real.body.created} created, ${Number(count.n)} in the table`,
    );
  } finally {
    await app.close();
    await db.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-bench-import-'));
try {
  await run('SQLite', `sqlite:${path.join(dir, 'bench.db')}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const pgServer = process.env.DATABASE_URL;
if (pgServer?.startsWith('postgres')) {
  const name = `settle_bench_import_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    await run('PostgreSQL', url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL: skipped (set DATABASE_URL=postgres://… to a server where a scratch database may be created)');
}
