/**
 * The scheduler of periodic work on real SQLite and PostgreSQL: a task is run by one
 * scheduler at a time however many share the database (on PostgreSQL: two connection pools,
 * as two processes would be), again only after its interval on the moved clock, sooner after
 * a failure, and taken over when the process holding it died (its lease ran out).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { Scheduler, type ScheduledTask } from '../../src/kernel/scheduler.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { describeEachDb } from '../support/server.ts';

const MINUTE = 60 * 1000;

describeEachDb('scheduler', (kind) => {
  let database: TestDatabase;
  let dbs: Db[];
  const clock = fixedClock('2026-11-23T10:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Two pools on PostgreSQL play two processes; SQLite has one writer per file anyway.
    dbs = [0, 1].map(() => openDatabase(database.url, { poolSize: 5, onConnectionError: () => undefined }));
    await migrateToLatest(dbs[0]!);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await database.drop();
  });

  function countingTask(name: string, runs: string[], options: { everyMs?: number; fail?: () => boolean } = {}): ScheduledTask {
    return {
      name,
      everyMs: options.everyMs ?? 15 * MINUTE,
      async run(now) {
        runs.push(now.toISOString());
        // Long enough that a second scheduler asks while the first still runs.
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (options.fail?.()) throw new Error('the task failed');
      },
    };
  }

  it('runs a due task once among schedulers that ask at the same time, then again after its interval', async () => {
    const runs: string[] = [];
    const schedulers = [0, 1, 0, 1].map((i) => new Scheduler({ db: dbs[i]!, clock, tasks: [countingTask('test.once', runs)], pollMs: 1000 }));
    const results = await Promise.all(schedulers.map((s) => s.runDue()));
    expect(runs).toHaveLength(1);
    expect(results.flat()).toEqual(['test.once']);

    clock.advance(14 * MINUTE);
    await Promise.all(schedulers.map((s) => s.runDue()));
    expect(runs).toHaveLength(1);
    clock.advance(1 * MINUTE);
    await Promise.all(schedulers.map((s) => s.runDue()));
    expect(runs).toHaveLength(2);
    const row = await dbs[0]!.kysely.selectFrom('scheduled_tasks').selectAll().where('name', '=', 'test.once').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ locked_until: null, locked_by: null, last_error: null, last_run_at: clock.now().toISOString() });
  });

  it('records a failure and tries again after a minute, not after the whole interval', async () => {
    const runs: string[] = [];
    let failing = true;
    const scheduler = new Scheduler({ db: dbs[0]!, clock, tasks: [countingTask('test.failing', runs, { everyMs: 24 * 60 * MINUTE, fail: () => failing })], pollMs: 1000 });
    await scheduler.runDue();
    const failed = await dbs[0]!.kysely.selectFrom('scheduled_tasks').selectAll().where('name', '=', 'test.failing').executeTakeFirstOrThrow();
    expect(failed.last_error).toBe('the task failed');
    failing = false;
    clock.advance(30 * 1000);
    await scheduler.runDue();
    expect(runs).toHaveLength(1);
    clock.advance(30 * 1000);
    await scheduler.runDue();
    expect(runs).toHaveLength(2);
    const recovered = await dbs[0]!.kysely.selectFrom('scheduled_tasks').selectAll().where('name', '=', 'test.failing').executeTakeFirstOrThrow();
    expect(recovered.last_error).toBeNull();
  });

  it('queues calls in a process; stop() lets the task in hand finish, starts nothing more, and waits for every call', async () => {
    const runs: string[] = [];
    clock.advance(60 * MINUTE);
    const scheduler = new Scheduler({ db: dbs[0]!, clock, tasks: [countingTask('test.queue.a', runs), countingTask('test.queue.b', runs)], pollMs: 1000 });
    let settled = 0;
    const calls = [scheduler.runDue(), scheduler.runDue()].map((call) => call.then((names) => ((settled += 1), names)));
    // The first task is in hand: stopping lets it finish, starts nothing more, and waits for both calls.
    await expect.poll(() => runs.length, { timeout: 5_000, interval: 5 }).toBe(1);
    await scheduler.stop();
    expect(settled).toBe(2);
    const [first, second] = await Promise.all(calls);
    expect(first).toEqual(['test.queue.a']);
    expect(second).toEqual([]);
    expect(runs).toHaveLength(1);
    const row = await dbs[0]!.kysely.selectFrom('scheduled_tasks').selectAll().where('name', '=', 'test.queue.a').executeTakeFirstOrThrow();
    expect(row.locked_by).toBeNull();
  });

  it('lets another scheduler take over a task whose holder died, once its lease ran out', async () => {
    const runs: string[] = [];
    const task = countingTask('test.lease', runs, { everyMs: MINUTE });
    // A process that claimed the task and died: its lease stands, nothing runs it.
    await dbs[0]!.kysely
      .insertInto('scheduled_tasks')
      .values({ name: 'test.lease', next_run_at: clock.now().toISOString(), locked_until: new Date(clock.now().getTime() + 10 * MINUTE).toISOString(), locked_by: 'dead-process', last_run_at: null, last_error: null })
      .execute();
    const survivor = new Scheduler({ db: dbs[1]!, clock, tasks: [task], pollMs: 1000 });
    expect(await survivor.runDue()).toEqual([]);
    clock.advance(10 * MINUTE);
    expect(await survivor.runDue()).toEqual(['test.lease']);
    expect(runs).toHaveLength(1);
  });
});
