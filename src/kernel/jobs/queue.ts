/**
 * The job queue on the `jobs` table (the transactional outbox): work that must happen
 * after a change is written as a row in the change's own transaction, so it exists if and
 * only if the change committed. Workers claim due rows:
 *
 * - PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` inside a short transaction that marks the
 *   row running, so any number of server instances share the queue and never take the same
 *   row; a row another worker is claiming is skipped, not waited for.
 * - SQLite: the claim runs in a write transaction (BEGIN IMMEDIATE, see db/connection.ts),
 *   which every process takes one at a time.
 *
 * A claim increments `attempts` and sets `locked_until`; if the worker dies, the row becomes
 * claimable again once that time has passed (handlers are safe to run twice). `attempts`
 * doubles as the claim's fencing token: a worker only settles a row whose attempts still
 * equal its own claim's, so a worker that overran its lock cannot overwrite a newer claim.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { afterCommit, inTransaction, onCommit } from '../../db/transaction.ts';
import type { Database, JobsTable } from '../../db/schema.ts';
import type { Executor } from '../../db/executor.ts';
import { newId } from '../../shared/ids.ts';

export const DEFAULT_MAX_ATTEMPTS = 10;
/** Stored errors are for people reading the outbox: a few lines, not a whole stack. */
const MAX_ERROR_LENGTH = 1000;

export interface NewJob {
  orgId: string | null;
  kind: string;
  payload: unknown;
  /** The enqueuing transaction's time (the injected clock), RFC 3339. */
  now: string;
  /** Not before this time; default now. */
  runAt?: string;
  maxAttempts?: number;
}

/** Adds a job inside the caller's transaction; this process's workers are woken once it commits. */
export async function enqueueJob(trx: Executor, job: NewJob): Promise<string> {
  const id = newId('job');
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  await trx
    .insertInto('jobs')
    .values({
      id,
      organization_id: job.orgId,
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      status: 'pending',
      attempts: 0,
      max_attempts: maxAttempts,
      run_at: job.runAt ?? job.now,
      locked_until: null,
      last_error: null,
      created_at: job.now,
      updated_at: job.now,
    })
    .execute();
  // The workers could not see the job before the commit; wake them then (never on rollback).
  onCommit(trx, wakeWorkers);
  return id;
}

/**
 * Pending and due by the business clock, or running with a lock that has run out by the
 * wall clock (its worker died). The two differ only under the test clock: a lock is about
 * how long a worker may take in real time, so jumping business time forward must not hand a
 * job that is still running to a second worker (it would, say, send an e-mail twice).
 */
function claimable(now: string, lockNow: string) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', lockNow)]),
    ]);
}

export type Claim =
  /** Run it: this worker holds the row until `locked_until`. */
  | { kind: 'run'; job: JobsTable }
  /** Its worker died on the last attempt: the row is failed now; the handler may clean up. */
  | { kind: 'abandoned'; job: JobsTable };

/**
 * Claims the next due job, or returns null when none is due. `now` is the business time that
 * makes jobs due; `lockNow` the wall time that locks are taken and expire on (the same clock
 * except under the test clock, see `claimable`).
 */
export async function claimNextJob(db: Db, now: Date, lockMs: number, lockNow: Date = now): Promise<Claim | null> {
  const nowText = now.toISOString();
  const lockNowText = lockNow.toISOString();
  // A plain read first: an idle queue costs one indexed query, and on SQLite no write lock.
  const anyDue = await db.kysely.selectFrom('jobs').select('id').where(claimable(nowText, lockNowText)).limit(1).executeTakeFirst();
  if (anyDue === undefined) return null;

  return inTransaction(db, async (trx): Promise<Claim | null> => {
    let query = trx.selectFrom('jobs').selectAll().where(claimable(nowText, lockNowText)).orderBy('run_at').orderBy('id').limit(1);
    if (db.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const row = await query.executeTakeFirst();
    if (row === undefined) return null;

    if (row.status === 'running' && row.attempts >= row.max_attempts) {
      const failed = { status: 'failed', locked_until: null, last_error: 'The worker running the last attempt stopped before it finished', updated_at: nowText };
      await trx.updateTable('jobs').set(failed).where('id', '=', row.id).execute();
      return { kind: 'abandoned', job: { ...row, ...failed } };
    }
    const claimed = {
      status: 'running',
      attempts: row.attempts + 1,
      locked_until: new Date(lockNow.getTime() + lockMs).toISOString(),
      updated_at: nowText,
    };
    await trx.updateTable('jobs').set(claimed).where('id', '=', row.id).execute();
    return { kind: 'run', job: { ...row, ...claimed } };
  });
}

/** Updates a job only while this worker's claim on it stands; false when it was lost. */
async function settle(db: Db, job: JobsTable, changes: Partial<JobsTable>): Promise<boolean> {
  const result = await db.kysely
    .updateTable('jobs')
    .set(changes)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function completeJob(db: Db, job: JobsTable, now: Date): Promise<boolean> {
  return settle(db, job, { status: 'done', locked_until: null, last_error: null, updated_at: now.toISOString() });
}

/** Back to pending for another attempt at `retryAt`, or failed when there is none. */
export function failJob(db: Db, job: JobsTable, now: Date, error: string, retryAt: Date | null): Promise<boolean> {
  const lastError = error.slice(0, MAX_ERROR_LENGTH);
  const base = { locked_until: null, last_error: lastError, updated_at: now.toISOString() };
  return settle(db, job, retryAt === null ? { ...base, status: 'failed' } : { ...base, status: 'pending', run_at: retryAt.toISOString() });
}

/** Finished jobs older than `before` are history nobody reads: the queue table stays small. Failed ones are kept. */
export async function purgeDoneJobs(db: Db, before: Date): Promise<number> {
  const result = await db.kysely.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ── Wake-up after commit ────────────────────────────────────────────────────
// Workers poll; a job enqueued in this process also wakes them at once. Other processes'
// workers find it at their next poll.

/**
 * This process's workers, woken when jobs are committed. Process-wide: a wake-up only makes a
 * worker look for due jobs in its own database, so waking the worker of another database
 * (several apps in one test process) costs one query and nothing else.
 */
const listeners = new Set<() => void>();

export function onJobsAnnounced(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function wakeWorkers(): void {
  for (const listener of listeners) listener();
}

/**
 * Tells this process's workers that jobs were committed. enqueueJob already does it when
 * the transaction commits; call this after work that made jobs due otherwise (a retry that
 * moved run_at). On a request's transaction (an idempotent POST) it waits for the commit.
 */
export function announceJobs(db: Db): void {
  afterCommit(db, wakeWorkers);
}
