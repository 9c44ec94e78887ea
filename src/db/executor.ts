/**
 * The database handle and what queries run on. Its own file so that the connection and the
 * transaction helpers can both name it without importing each other.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections now (for /metrics); absent on SQLite (one connection). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
