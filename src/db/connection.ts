/**
 * Opens the database named by DATABASE_URL: an embedded SQLite file (better-sqlite3, WAL,
 * foreign keys on) or PostgreSQL (pg pool). Everything above this file sees one Kysely
 * instance and a `dialect` tag; the few SQL differences live in db/dialect.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type PostgresDialectConfig,
  type SqliteDialectConfig,
} from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './executor.ts';
import { assertNoOpenRequestTransaction } from './transaction.ts';

export type { DialectName } from './executor.ts';

export type { Db } from './executor.ts';

// PostgreSQL returns int8 (bigint) as text; our integers (minor units, micros) stay well
// inside 2^53, so read them as numbers and refuse anything that would lose precision.
pg.types.setTypeParser(20, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} exceeds the safe integer range`);
  return value;
});

/**
 * SQLite transactions start with BEGIN IMMEDIATE: they take the write lock at once (waiting
 * up to busy_timeout for another process to finish), so a transaction never reads, then
 * fails to upgrade to writing because another process wrote in between. Settle only opens
 * transactions to write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    assertNoOpenRequestTransaction();
    return super.acquireConnection();
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** Refuses a connection to code that must use its request's transaction (see db/transaction.ts). */
class GuardedPostgresDriver extends PostgresDriver {
  override async acquireConnection(): Promise<DatabaseConnection> {
    assertNoOpenRequestTransaction();
    return super.acquireConnection();
  }
}

class GuardedPostgresDialect extends PostgresDialect {
  constructor(private readonly settings: PostgresDialectConfig) {
    super(settings);
  }
  override createDriver(): PostgresDriver {
    return new GuardedPostgresDriver(this.settings);
  }
}

export function sqlitePathFromUrl(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
}

export interface OpenOptions {
  poolSize?: number;
  /**
   * Called when the server ends a PostgreSQL connection on its own (a restart, a
   * terminated backend). The pool drops that connection and opens a new one when needed;
   * without a listener Node would treat the error event as a crash.
   */
  onConnectionError?: (error: Error) => void;
}

function logConnectionError(error: Error): void {
  console.error(`settle: PostgreSQL connection lost (${error.message}); the pool will reconnect`);
}

export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = sqlitePathFromUrl(url);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Several processes may open the same file (CLI next to the server): wait for locks.
    sqlite.pragma('busy_timeout = 5000');
    const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const onError = options.onConnectionError ?? logConnectionError;
  pool.on('error', onError);
  // A client the pool has already let go of (checked out, or being closed) has no listener
  // of the pool's any more: give every client its own.
  pool.on('connect', (client) => client.on('error', onError));
  const kysely = new Kysely<Database>({ dialect: new GuardedPostgresDialect({ pool }) });
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { kysely, dialect: 'postgres', close: () => kysely.destroy(), poolStats };
}
