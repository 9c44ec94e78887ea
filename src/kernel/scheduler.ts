/**
 * Periodic work (the overdue check; later recurring billing and reminders), run by one
 * process at a time however many server instances share the database. Each task has a row
 * in `scheduled_tasks`; a process runs a task only after an atomic UPDATE moved its lease
 * (`locked_until`) forward from a due, unleased state, so two instances never run it at
 * once, and a process that dies mid-run only delays it until its lease runs out. Times come
 * from the injected clock: tests move the clock and call `runDue()` instead of sleeping.
 * A task must be safe to run again (a crash after its work, before its row is updated).
 */
import crypto from 'node:crypto';
import type { Db } from '../db/executor.ts';
import type { Clock } from '../shared/clock.ts';
import { wallClockOf } from './test-clock.ts';

export interface ScheduledTask {
  /** Unique across modules, e.g. `invoices.overdue`. */
  name: string;
  /** Time between the end of one run and the next. */
  everyMs: number;
  run(now: Date): Promise<void>;
  /**
   * The next instant after `after` at which the task will have work (an invoice to
   * generate, one to flag overdue), or null. Only the test clock asks (`advanceTo`), to
   * stop at each due time on its way forward instead of jumping over them.
   */
  nextDueAt?(after: Date): Promise<Date | null>;
}

/**
 * Lets the event loop serve what waits (HTTP requests) between two units of a long run. On
 * SQLite every statement completes synchronously, so a loop of awaits never leaves the
 * microtask queue: without this, a run of thousands of invoices would hold every request
 * until it ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock the scheduler may move (the test clock, kernel/test-clock.ts). */
export interface MovableClock {
  now(): Date;
  /** Moves the clock to `target`, or leaves it where it is when another process moved it further. */
  catchUpTo(target: Date): Promise<void>;
}

export interface SchedulerLog {
  error(details: object, message: string): void;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  tasks: readonly ScheduledTask[];
  /** How often this process looks for due tasks. */
  pollMs: number;
  /** How long a claim holds a task before another process may take it over. */
  leaseMs?: number;
  log?: SchedulerLog;
}

/**
 * A claim lasts this long and is renewed every third of it while the task runs, so a long
 * run keeps its claim and a process that dies gives the task up within this time.
 */
const DEFAULT_LEASE_MS = 30 * 1000;
/** A failed run is tried again after this long (or its interval, when shorter). */
const RETRY_AFTER_FAILURE_MS = 60 * 1000;

export class Scheduler {
  private readonly owner = crypto.randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    if (this.timer !== null || this.options.tasks.length === 0) return;
    this.timer = setInterval(() => void this.runDue(), this.options.pollMs);
    this.timer.unref();
    void this.runDue();
  }

  /** Stops looking for work and waits for the run in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every task that is due now and not held by another process; returns the names of those run. */
  async runDue(): Promise<string[]> {
    // One run at a time in this process: each call queues behind the one before it.
    const previous = this.running;
    const done: string[] = [];
    const run = (async () => {
      await previous;
      for (const task of this.options.tasks) {
        if (this.stopped) break;
        if (await this.runIfDue(task)) done.push(task.name);
      }
    })().catch((error: unknown) => this.options.log?.error({ err: error }, 'scheduler tick failed'));
    this.running = run;
    await run;
    if (this.running === run) this.running = null;
    return done;
  }

  /**
   * The test clock's walk (POST /test-clock): moves the clock from now to `target` stopping at
   * every instant a task has work, and runs every task there, so the work of a month happens
   * in the order of its due times as if the days had passed one by one (an invoice generated
   * on the 1st is overdue on the 15th before the next one is generated on the 1st after). A
   * task held by another process is waited for, not skipped: when this returns, everything
   * due up to `target` has run.
   */
  async advanceTo(clock: MovableClock, target: Date): Promise<void> {
    const tasks = this.options.tasks;
    await this.runAllNow();
    for (;;) {
      const now = clock.now();
      const times = await Promise.all(tasks.map((task) => task.nextDueAt?.(now) ?? Promise.resolve(null)));
      const next = times.filter((t): t is Date => t !== null && t.getTime() > now.getTime()).sort((a, b) => a.getTime() - b.getTime())[0];
      if (next === undefined || next.getTime() > target.getTime()) break;
      await clock.catchUpTo(next);
      await this.runAllNow();
    }
    await clock.catchUpTo(target);
    await this.runAllNow();
  }

  /** Runs every task now, due or not, waiting for any another process holds. */
  private async runAllNow(): Promise<void> {
    const previous = this.running;
    const run = (async () => {
      await previous;
      for (const task of this.options.tasks) {
        while (!(await this.runIfDue(task, { force: true }))) {
          if (this.stopped) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();
    this.running = run.catch(() => undefined);
    await run;
  }

  private leaseMs(): number {
    return this.options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  private async renewLease(name: string): Promise<void> {
    const until = new Date(wallClockOf(this.options.clock).now().getTime() + this.leaseMs()).toISOString();
    await this.options.db.kysely.updateTable('scheduled_tasks').set({ locked_until: until }).where('name', '=', name).where('locked_by', '=', this.owner).execute();
  }

  private async runIfDue(task: ScheduledTask, options: { force?: boolean } = {}): Promise<boolean> {
    const { db, clock } = this.options;
    const now = clock.now();
    const nowIso = now.toISOString();
    // Leases run on real time: a test clock moved a year must not expire another process's lease.
    const wallNow = wallClockOf(clock).now();
    await db.kysely
      .insertInto('scheduled_tasks')
      .values({ name: task.name, next_run_at: nowIso, locked_until: null, locked_by: null, last_run_at: null, last_error: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const leaseUntil = new Date(wallNow.getTime() + this.leaseMs()).toISOString();
    const claimed = await db.kysely
      .updateTable('scheduled_tasks')
      .set({ locked_until: leaseUntil, locked_by: this.owner })
      .where('name', '=', task.name)
      .$if(!options.force, (q) => q.where('next_run_at', '<=', nowIso))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', wallNow.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;

    let error: string | null = null;
    const heartbeat = setInterval(() => void this.renewLease(task.name).catch(() => undefined), this.leaseMs() / 3);
    try {
      await task.run(now);
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.options.log?.error({ err: failure, task: task.name }, 'scheduled task failed');
    } finally {
      clearInterval(heartbeat);
    }
    const finished = clock.now();
    const delay = error === null ? task.everyMs : Math.min(task.everyMs, RETRY_AFTER_FAILURE_MS);
    await db.kysely
      .updateTable('scheduled_tasks')
      .set({
        next_run_at: new Date(finished.getTime() + delay).toISOString(),
        locked_until: null,
        locked_by: null,
        last_run_at: finished.toISOString(),
        last_error: error?.slice(0, 1000) ?? null,
      })
      .where('name', '=', task.name)
      .where('locked_by', '=', this.owner)
      .execute();
    return true;
  }
}
