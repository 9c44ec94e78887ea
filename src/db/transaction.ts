/**
 * The one way Settle opens a write transaction: `inTransaction(db, fn)`.
 *
 * - On PostgreSQL a transaction can fail only because of other transactions: a deadlock
 *   (40P01) or a serialization failure (40001). Nothing of it was committed, so it is run
 *   again from the start, a bounded number of times with a small jittered backoff, instead
 *   of answering 500. `fn` must therefore be safe to run again: it only reads and writes
 *   through `trx`, and anything that must happen outside the database after the commit
 *   (waking the job worker) goes through `afterCommit`.
 * - When `db` is already a transaction — the request transaction of an idempotent POST
 *   (server/request-transaction.ts), whose stored response must commit together with the
 *   effect — `fn` runs directly on it: Kysely cannot nest transactions, and the retry then
 *   happens one level up, where the whole request is run again.
 *
 * Deadlocks are avoided in the first place by one global lock order, written down in
 * db/dialect.ts next to `lockRow`; the retry is the safety net for what no order can
 * exclude (e.g. unique-index waits between unrelated documents).
 *
 * Adopting it: replace `db.kysely.transaction().execute(fn)` by `inTransaction(db, fn)`
 * (with `ctx.db` in a use case), keeping `fn` as it is.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'kysely';
import type { Db, Executor } from './executor.ts';
import type { Database } from './schema.ts';

/** Attempts in all (the first run and its retries). */
export const MAX_TRANSACTION_ATTEMPTS = 5;

const RETRYABLE_CODES = new Set(['40001', '40P01']);

/** True for PostgreSQL's serialization_failure and deadlock_detected: run the transaction again. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/** Jittered exponential backoff before attempt `attempt + 1`: 5–10 ms, 10–20 ms, … 40–80 ms. */
export function retryDelayMs(attempt: number): number {
  const ceiling = 5 * 2 ** Math.min(attempt, 6);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  attempts?: number;
  /** Tests replace the wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** Runs `run` until it succeeds, throws a non-retryable error, or has used up its attempts. */
export async function withRetries<T>(run: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? MAX_TRANSACTION_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await (options.sleep ?? sleep)(retryDelayMs(attempt));
    }
  }
}

/** What must run once a transaction opened by inTransaction commits (see onCommit). */
const commitHooks = new WeakMap<object, (() => void)[]>();

/** Runs `fn` in a transaction (or in the open one `db` stands for), retried on deadlock. */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  if (db.kysely.isTransaction) return fn(db.kysely as Transaction<Database>);
  return withRetries(async () => {
    // Each attempt collects its own hooks: a rolled-back attempt's are dropped with it.
    const hooks: (() => void)[] = [];
    const result = await db.kysely.transaction().execute((trx) => {
      commitHooks.set(trx, hooks);
      return fn(trx);
    });
    for (const hook of hooks) hook();
    return result;
  }, options);
}

/**
 * Runs `fn` once the transaction `executor` belongs to has committed — one opened by
 * inTransaction, or a request transaction — and never if it rolls back; at once when
 * `executor` is not such a transaction. For code that only holds the executor (an event
 * subscriber) and must act outside the database after the commit, such as waking workers.
 */
export function onCommit(executor: Executor, fn: () => void): void {
  const hooks = commitHooks.get(executor);
  if (hooks !== undefined) {
    hooks.push(fn);
    return;
  }
  const scope = scopeOfTransaction.get(executor);
  // Outside a transaction, or in one opened otherwise (a test's raw transaction): at once.
  if (scope?.open) scope.afterCommit.push(fn);
  else fn();
}

// ── Request transactions ───────────────────────────────────────────────────
// An idempotent POST runs on one transaction opened before its handler. Its Db is a
// "scoped" Db whose kysely is that transaction; this module remembers which Db it stands
// for and what must run once it commits.

interface Scope {
  root: Db;
  /** False once committed or rolled back. */
  open: boolean;
  afterCommit: (() => void)[];
}

const scopes = new WeakMap<Db, Scope>();
/** The same scopes by their transaction, for onCommit (which sees only the executor). */
const scopeOfTransaction = new WeakMap<object, Scope>();
const current = new AsyncLocalStorage<Scope>();

/** A Db for code that runs on the open transaction `trx` of `root`. */
export function scopedDb(root: Db, trx: Transaction<Database>): Db {
  const db: Db = {
    kysely: trx,
    dialect: root.dialect,
    close: () => Promise.reject(new Error('a request transaction is not a database to close')),
  };
  const scope: Scope = { root, open: true, afterCommit: [] };
  scopes.set(db, scope);
  scopeOfTransaction.set(trx, scope);
  return db;
}

/** The database a (possibly scoped) Db belongs to. */
export function rootDb(db: Db): Db {
  return scopes.get(db)?.root ?? db;
}

/**
 * Runs `fn` after the transaction `db` stands for has committed (at once when `db` is not a
 * request transaction: the caller calls this after its own `inTransaction`). Dropped on
 * rollback.
 */
export function afterCommit(db: Db, fn: () => void): void {
  const scope = scopes.get(db);
  if (scope?.open) scope.afterCommit.push(fn);
  else fn();
}

/**
 * Runs several use cases in one transaction (retried as a whole on deadlock): `fn` gets a Db
 * standing for that transaction, to hand to use cases whose own `inTransaction` then runs on
 * it; their after-commit work runs once it has committed. When `db` is already a transaction
 * (an idempotent request's), `fn` runs on it.
 */
export async function inOneTransaction<T>(db: Db, fn: (scoped: Db) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  if (db.kysely.isTransaction) return fn(db);
  return withRetries(async () => {
    let scoped: Db | undefined;
    try {
      const result = await db.kysely.transaction().execute((trx) => {
        scoped = scopedDb(db, trx);
        return fn(scoped);
      });
      if (scoped) settleScope(scoped, true);
      return result;
    } catch (error) {
      if (scoped) settleScope(scoped, false);
      throw error;
    }
  }, options);
}

/** Runs `fn` (a request handler) with `db`'s request transaction as the one it must use. */
export function runOnRequestTransaction<T>(db: Db, fn: () => T): T {
  const scope = scopes.get(db);
  if (scope === undefined) throw new Error('not a request transaction');
  return current.run(scope, fn);
}

/** Marks the request transaction `db` committed (true) or rolled back, and runs its after-commit work. */
export function settleScope(db: Db, committed: boolean): void {
  const scope = scopes.get(db);
  if (scope === undefined || !scope.open) return;
  scope.open = false;
  const work = committed ? scope.afterCommit.splice(0) : [];
  scope.afterCommit.length = 0;
  // Outside the request's async context: what it starts (a worker poll) is not part of the request.
  current.exit(() => {
    for (const fn of work) fn();
  });
}

/**
 * Called by the drivers whenever a query or transaction asks the pool for a connection.
 * While a handler runs on its request transaction, nothing it does may bypass it: on SQLite
 * (one connection) such a query would wait forever for the connection the request itself
 * holds, and on PostgreSQL it would commit apart from the stored response. Fail loudly.
 */
export function assertNoOpenRequestTransaction(): void {
  if (current.getStore()?.open) {
    throw new Error(
      'a query bypassed the request transaction: use the request context (contextOf / requestDb), not deps.db, in a request handler',
    );
  }
}
