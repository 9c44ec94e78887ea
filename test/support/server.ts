/**
 * A real Settle server for integration tests: its own fresh database, migrations applied,
 * listening on a free port on 127.0.0.1, spoken to over real HTTP.
 */
import { describe } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildApp, type App, type AppDeps } from '../../src/server/app.ts';
import { fixedClock, type Clock } from '../../src/shared/clock.ts';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.ts';
import { postgresAvailable } from './postgres.ts';
import { freePort } from './process.ts';

export interface TestServer {
  kind: DbKind;
  url: string;
  app: App;
  db: Db;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function startTestServer(
  kind: DbKind,
  options: { env?: Record<string, string>; clock?: Clock & ReturnType<typeof fixedClock>; faults?: AppDeps['faults'] } = {},
): Promise<TestServer> {
  const database = await createTestDatabase(kind);
  // The server listens on the port its configuration names, so links built from the
  // configuration (publicBaseUrl: the listen address without PUBLIC_URL) reach it.
  const port = options.env?.PORT ?? String(await freePort());
  const config: Config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: port, SCHEDULER_POLL_MS: '0', ...options.env });
  // Dropping the test database ends its connections from the server side: expected here.
  const db = openDatabase(database.url, { poolSize: 20, onConnectionError: () => undefined });
  await migrateToLatest(db);
  const clock = options.clock ?? fixedClock('2026-11-23T10:00:00.000Z');
  const app = await buildApp({ db, clock, config, faults: options.faults }, { logger: false });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://127.0.0.1:${config.PORT}`;
  const server: TestServer = {
    kind,
    url,
    app,
    db,
    database,
    clock,
    close: async () => {
      running.delete(url);
      await app.close();
      await db.close();
      await database.drop();
    },
  };
  running.set(url, server);
  return server;
}

/** Running test servers by base URL, so factories can reach the operator's tools (see userWithRole). */
const running = new Map<string, TestServer>();

export function testServerAt(baseUrl: string): TestServer {
  const server = running.get(baseUrl);
  if (!server) throw new Error(`No test server runs at ${baseUrl}`);
  return server;
}

const pgAvailable = await postgresAvailable();

/** Runs a suite once on SQLite and once on PostgreSQL, each with its own database. */
export function describeEachDb(name: string, suite: (kind: DbKind) => void): void {
  describe(`${name} [sqlite]`, () => suite('sqlite'));
  // Under CI=true the global setup has already failed the run when PostgreSQL is missing.
  describe.skipIf(!pgAvailable)(`${name} [postgres]`, () => suite('postgres'));
}
