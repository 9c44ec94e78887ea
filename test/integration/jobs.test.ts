/**
 * The job queue on real SQLite and PostgreSQL databases: jobs exist only when their
 * transaction commits; failures come back after an exponential backoff measured on the
 * (moved) clock, and fail for good after the last attempt; a worker that died leaves its
 * job to another once the lock runs out; and two workers never run the same job — on
 * PostgreSQL with two connection pools claiming at the same time (SKIP LOCKED).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { JobsTable } from '../../src/db/schema.ts';
import { announceJobs, claimNextJob, completeJob, enqueueJob } from '../../src/kernel/jobs/queue.ts';
import { JobWorker, type JobHandler, type JobInfo } from '../../src/kernel/jobs/worker.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { describeEachDb } from '../support/server.ts';

const START = '2026-11-23T10:00:00.000Z';
const Payload = z.object({ n: z.number().int() }).strict();

describeEachDb('job queue', (kind) => {
  let database: TestDatabase;
  let db: Db;
  let clock: ReturnType<typeof fixedClock>;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = openDatabase(database.url, { poolSize: 10, onConnectionError: () => undefined });
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.kysely.deleteFrom('jobs').execute();
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  function newClock() {
    clock = fixedClock(START);
    return clock;
  }

  async function enqueue(kindName: string, n: number, options: { maxAttempts?: number; runAt?: string } = {}): Promise<string> {
    return db.kysely.transaction().execute((trx) => enqueueJob(trx, { orgId: null, kind: kindName, payload: { n }, now: clock.now().toISOString(), ...options }));
  }

  const job = (id: string): Promise<JobsTable> => db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A handler that records each run and fails while `failures` says so. */
  function recorder(failures: (n: number, attempt: number) => boolean = () => false) {
    const runs: { n: number; attempt: number; at: string }[] = [];
    const gaveUp: { n: number; error: string }[] = [];
    const handler: JobHandler<{ n: number }> = {
      payload: Payload,
      run: ({ n }, info: JobInfo) => {
        runs.push({ n, attempt: info.attempt, at: clock.now().toISOString() });
        if (failures(n, info.attempt)) return Promise.reject(new Error(`attempt ${info.attempt} of job ${n} failed`));
        return Promise.resolve();
      },
      giveUp: ({ n }, _info, error) => {
        gaveUp.push({ n, error });
        return Promise.resolve();
      },
    };
    return { runs, gaveUp, handler };
  }

  it('keeps a job only when its transaction commits, and runs it once', async () => {
    newClock();
    const { runs, handler } = recorder();
    const worker = new JobWorker({ db, clock, handlers: { 'test.ok': handler }, pollMs: 60_000 });

    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await enqueueJob(trx, { orgId: null, kind: 'test.ok', payload: { n: 1 }, now: START });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);

    const id = await enqueue('test.ok', 2);
    expect(await worker.runDueJobs()).toBe(1);
    expect(runs).toEqual([{ n: 2, attempt: 1, at: START }]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1, locked_until: null, last_error: null });
    expect(await worker.runDueJobs()).toBe(0);
    expect(runs).toHaveLength(1);
  });

  it('retries a failing job after an exponential backoff on the clock, then fails it for good after the last attempt', async () => {
    newClock();
    const { runs, gaveUp, handler } = recorder(() => true);
    const worker = new JobWorker({ db, clock, handlers: { 'test.flaky': handler }, pollMs: 60_000 });
    const id = await enqueue('test.flaky', 7, { maxAttempts: 3 });

    expect(await worker.runDueJobs()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1, run_at: '2026-11-23T10:00:30.000Z', last_error: 'attempt 1 of job 7 failed' });
    // Not due yet: nothing runs, however often the worker looks.
    clock.advance(29_999);
    expect(await worker.runDueJobs()).toBe(0);
    clock.advance(1);
    expect(await worker.runDueJobs()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 2, run_at: '2026-11-23T10:01:30.000Z', last_error: 'attempt 2 of job 7 failed' });
    clock.advance(60_000);
    expect(await worker.runDueJobs()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 3, locked_until: null, last_error: 'attempt 3 of job 7 failed' });
    expect(runs.map((r) => [r.attempt, r.at])).toEqual([
      [1, '2026-11-23T10:00:00.000Z'],
      [2, '2026-11-23T10:00:30.000Z'],
      [3, '2026-11-23T10:01:30.000Z'],
    ]);
    expect(gaveUp).toEqual([{ n: 7, error: 'attempt 3 of job 7 failed' }]);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await worker.runDueJobs()).toBe(0);
  });

  it('succeeds on a later attempt, and fails a malformed payload at once', async () => {
    newClock();
    const { runs, handler } = recorder((_n, attempt) => attempt < 2);
    const worker = new JobWorker({ db, clock, handlers: { 'test.flaky': handler }, pollMs: 60_000 });
    const id = await enqueue('test.flaky', 1);
    await worker.runDueJobs();
    clock.advance(30_000);
    await worker.runDueJobs();
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    expect(runs).toHaveLength(2);

    const bad = await db.kysely.transaction().execute((trx) => enqueueJob(trx, { orgId: null, kind: 'test.flaky', payload: { n: 'x' }, now: START }));
    await worker.runDueJobs();
    expect(await job(bad)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('Invalid payload') });
    expect(runs).toHaveLength(2);
  });

  it('gives the job of a worker that died to another once its lock runs out, and refuses the dead worker’s late result', async () => {
    newClock();
    const id = await enqueue('test.ok', 3, { maxAttempts: 2 });
    // A worker claims it and dies without a word.
    const lost = await claimNextJob(db, clock.now(), 60_000);
    expect(lost?.kind).toBe('run');
    const { runs, gaveUp, handler } = recorder();
    const survivor = new JobWorker({ db, clock, handlers: { 'test.ok': handler }, pollMs: 60_000, lockMs: 60_000 });
    expect(await survivor.runDueJobs()).toBe(0);
    clock.advance(60_000);
    expect(await survivor.runDueJobs()).toBe(1);
    expect(runs).toEqual([{ n: 3, attempt: 2, at: '2026-11-23T10:01:00.000Z' }]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 });
    // The first worker wakes up and reports: its claim is gone, the row stays as it is.
    expect(await completeJob(db, lost!.job, clock.now())).toBe(false);
    expect(gaveUp).toEqual([]);

    // Dying on the last attempt fails the job, and the handler hears of it.
    const last = await enqueue('test.ok', 4, { maxAttempts: 1 });
    expect((await claimNextJob(db, clock.now(), 60_000))?.kind).toBe('run');
    clock.advance(60_000);
    expect(await survivor.runDueJobs()).toBe(1);
    expect(await job(last)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('stopped before it finished') });
    expect(gaveUp).toEqual([{ n: 4, error: expect.stringContaining('stopped before it finished') }]);
    expect(runs).toHaveLength(1);
  });

  it('under the test clock, jobs fall due on business time but keep their locks on wall time', async () => {
    newClock();
    const wall = fixedClock(START);
    const later = await enqueue('test.ok', 5, { runAt: '2026-12-23T10:00:00.000Z' });
    // Not due until business time reaches run_at, whatever the wall clock says.
    expect(await claimNextJob(db, clock.now(), 60_000, wall.now())).toBeNull();
    clock.advance(30 * 24 * 60 * 60 * 1000);
    const claim = await claimNextJob(db, clock.now(), 60_000, wall.now());
    expect(claim?.job.id).toBe(later);
    // Business time jumps a month on while the job runs: its lock holds, no second worker gets it.
    clock.advance(30 * 24 * 60 * 60 * 1000);
    expect(await claimNextJob(db, clock.now(), 60_000, wall.now())).toBeNull();
    // Only a minute of real time frees it (its worker died).
    wall.advance(60_000);
    expect((await claimNextJob(db, clock.now(), 60_000, wall.now()))?.job.id).toBe(later);
  });

  it('never lets two workers run the same job', async () => {
    newClock();
    const ids = new Set<string>();
    for (let n = 0; n < 40; n++) ids.add(await enqueue('test.count', n));
    const runsBy = { a: [] as number[], b: [] as number[] };
    const handlerFor = (name: 'a' | 'b'): JobHandler<{ n: number }> => ({
      payload: Payload,
      run: async ({ n }) => {
        runsBy[name].push(n);
        // Long enough for the other worker to claim in between.
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    // On PostgreSQL each worker has its own connection pool, as two server processes would.
    // SQLite's embedded driver is synchronous: two connections in one process would block
    // each other's busy wait, so here both workers share the server's one connection, whose
    // transactions still interleave with the other worker's awaits.
    const second = kind === 'postgres' ? openDatabase(database.url, { poolSize: 5, onConnectionError: () => undefined }) : db;
    try {
      const a = new JobWorker({ db, clock, handlers: { 'test.count': handlerFor('a') }, pollMs: 60_000 });
      const b = new JobWorker({ db: second, clock, handlers: { 'test.count': handlerFor('b') }, pollMs: 60_000 });
      const [ranA, ranB] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
      expect(ranA + ranB).toBe(40);
      const all = [...runsBy.a, ...runsBy.b].sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 40 }, (_, n) => n));
      // Both took part: the claims really ran side by side.
      expect(runsBy.a.length).toBeGreaterThan(0);
      expect(runsBy.b.length).toBeGreaterThan(0);
      const rows = await db.kysely.selectFrom('jobs').select(['status', 'attempts']).execute();
      expect(rows.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
    } finally {
      if (second !== db) await second.close();
    }
  });

  // PostgreSQL only: SQLite has one writer at a time, so there is no row lock to skip.
  // (Registered only there, so the SQLite run reports no skipped test.)
  if (kind === 'postgres') it('skips a job another transaction is claiming instead of waiting for it (FOR UPDATE SKIP LOCKED)', async () => {
    newClock();
    const first = await enqueue('test.ok', 1);
    const second = await enqueue('test.ok', 2, { runAt: '2026-11-23T10:00:00.001Z' });
    clock.advance(1000);
    const other = openDatabase(database.url, { poolSize: 2, onConnectionError: () => undefined });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another instance is in the middle of claiming the first job: its row is locked.
      const holder = other.kysely.transaction().execute(async (trx) => {
        await trx.selectFrom('jobs').select('id').where('id', '=', first).forUpdate().execute();
        locked();
        await held;
      });
      await isLocked;
      const claim = await claimNextJob(db, clock.now(), 60_000);
      expect(claim?.job.id).toBe(second);
      release();
      await holder;
      expect((await claimNextJob(db, clock.now(), 60_000))?.job.id).toBe(first);
    } finally {
      await other.close();
    }
  });

  it('wakes up at once when a job is announced, without waiting for the next poll', async () => {
    newClock();
    const { runs, handler } = recorder();
    const worker = new JobWorker({ db, clock, handlers: { 'test.ok': handler }, pollMs: 3_600_000 });
    worker.start();
    try {
      // The first look happens at start; wait until it is done, then enqueue.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const id = await enqueue('test.ok', 9);
      announceJobs(db);
      await expect.poll(async () => (await job(id)).status, { timeout: 5000, interval: 20 }).toBe('done');
      expect(runs).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
