/**
 * The job worker: runs with every server process, claims due jobs one at a time and runs
 * their handlers. It polls every JOB_POLL_MS and is woken at once when this process
 * enqueues a job. Success marks the job done; a failure puts it back with a later run_at
 * (exponential backoff from the injected clock) and the error, until its last attempt,
 * when it is failed and its handler's giveUp runs. Times come from the clock, so tests move
 * time instead of sleeping; `runDueJobs()` runs what is due now, deterministically.
 */
import type { z } from 'zod';
import type { Db } from '../../db/connection.ts';
import type { JobsTable } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { retryDelayMs } from './backoff.ts';
import { claimNextJob, completeJob, failJob, onJobsAnnounced, purgeDoneJobs } from './queue.ts';

export interface JobInfo {
  id: string;
  orgId: string | null;
  kind: string;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
  /** Whether a failure now is final. */
  lastAttempt: boolean;
}

export interface JobHandler<P = unknown> {
  /** Payloads are validated like any other input: a malformed one fails the job at once. */
  payload: z.ZodType<P>;
  /** Must be safe to run twice (a worker may die after the work and before marking it done). */
  run(payload: P, job: JobInfo): Promise<void>;
  /** Called once when the job will not be tried again. */
  giveUp?(payload: P, job: JobInfo, error: string): Promise<void>;
}

export type JobHandlers = Record<string, JobHandler<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WorkerLog {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface WorkerOptions {
  db: Db;
  clock: Clock;
  handlers: JobHandlers;
  pollMs: number;
  /** How long a claim holds a job before another worker may take it over. */
  lockMs?: number;
  /** The clock locks are taken and expire on (wall time); default `clock`. Differs only under the test clock. */
  lockClock?: Clock;
  log?: WorkerLog;
}

const DEFAULT_LOCK_MS = 5 * 60 * 1000;
/** Jobs run per wake-up before yielding to the timer again (the next tick continues). */
const BATCH = 50;
const PURGE_EVERY_MS = 60 * 60 * 1000;
const KEEP_DONE_MS = 7 * 24 * 60 * 60 * 1000;

const silentLog: WorkerLog = { error: () => undefined, warn: () => undefined };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

export class JobWorker {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly lockClock: Clock;
  private readonly handlers: JobHandlers;
  private readonly pollMs: number;
  private readonly lockMs: number;
  private readonly log: WorkerLog;
  private timer: NodeJS.Timeout | null = null;
  private active: Promise<void> | null = null;
  private started = false;
  /** Set by stop(): a batch in progress claims nothing more. */
  private stopping = false;
  private wakeRequested = false;
  private unsubscribe: (() => void) | null = null;
  private lastPurge = 0;

  constructor(options: WorkerOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.lockClock = options.lockClock ?? options.clock;
    this.handlers = options.handlers;
    this.pollMs = options.pollMs;
    this.lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    this.log = options.log ?? silentLog;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.unsubscribe = onJobsAnnounced(() => this.wake());
    this.schedule(0);
  }

  /** Stops polling and claiming at once, and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.active;
  }

  /** Whether a job (or a claim) is in progress in the background loop. */
  get busy(): boolean {
    return this.active !== null;
  }

  /** Look for work now rather than at the next poll. */
  wake(): void {
    if (!this.started) return;
    if (this.active !== null) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    // A pending poll never keeps a process alive on its own.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (!this.started || this.active !== null) return;
    this.wakeRequested = false;
    this.active = this.runDueJobs(BATCH)
      .then(async (ran) => {
        await this.purgeNow();
        // A full batch means more may be waiting: carry on at once.
        if (ran >= BATCH) this.wakeRequested = true;
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'job worker: could not claim jobs'))
      .finally(() => {
        this.active = null;
        if (this.started) this.schedule(this.wakeRequested ? 0 : this.pollMs);
      });
  }

  private async purgeNow(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS && now >= this.lastPurge) return;
    this.lastPurge = now;
    await purgeDoneJobs(this.db, new Date(now - KEEP_DONE_MS));
  }

  /**
   * Claims and runs jobs due by the clock until none is left (or `limit` ran); the number
   * run. Safe next to the background loop and other workers: claims never overlap.
   */
  async runDueJobs(limit = Number.POSITIVE_INFINITY): Promise<number> {
    let ran = 0;
    while (ran < limit && !this.stopping) {
      const claim = await claimNextJob(this.db, this.clock.now(), this.lockMs, this.lockClock.now());
      if (claim === null) break;
      if (claim.kind === 'abandoned') await this.abandon(claim.job);
      else await this.execute(claim.job);
      ran += 1;
    }
    return ran;
  }

  private info(job: JobsTable): JobInfo {
    return {
      id: job.id,
      orgId: job.organization_id,
      kind: job.kind,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      lastAttempt: job.attempts >= job.max_attempts,
    };
  }

  private async execute(job: JobsTable): Promise<void> {
    const handler = this.handlers[job.kind];
    if (handler === undefined) {
      // Perhaps a newer server version's job: leave it for a worker that knows it, a while later.
      await this.fail(job, `No handler for job kind "${job.kind}"`, false);
      return;
    }
    let payload: unknown;
    try {
      payload = handler.payload.parse(JSON.parse(job.payload));
    } catch (error) {
      await this.fail(job, `Invalid payload: ${errorText(error)}`, true);
      return;
    }
    const info = this.info(job);
    try {
      await handler.run(payload, info);
    } catch (error) {
      const message = errorText(error);
      // Handlers throw errors fit for people to read (the mailer's carry no credentials).
      this.log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.max_attempts, error: message }, 'job worker: a job failed');
      const final = await this.fail(job, message, false);
      if (final) await this.runGiveUp(handler, payload, info, message);
      return;
    }
    const settled = await completeJob(this.db, job, this.clock.now());
    if (!settled) this.log.warn({ jobId: job.id, kind: job.kind }, 'job worker: a job outlived its lock and was claimed again');
  }

  /** Records a failure; true when it was the last attempt. */
  private async fail(job: JobsTable, message: string, permanent: boolean): Promise<boolean> {
    const now = this.clock.now();
    const final = permanent || job.attempts >= job.max_attempts;
    const retryAt = final ? null : new Date(now.getTime() + retryDelayMs(job.attempts));
    const settled = await failJob(this.db, job, now, message, retryAt);
    if (!settled) this.log.warn({ jobId: job.id, kind: job.kind }, 'job worker: a job outlived its lock and was claimed again');
    return settled && final;
  }

  private async abandon(job: JobsTable): Promise<void> {
    const handler = this.handlers[job.kind];
    if (handler === undefined) return;
    let payload: unknown;
    try {
      payload = handler.payload.parse(JSON.parse(job.payload));
    } catch {
      return;
    }
    await this.runGiveUp(handler, payload, this.info(job), job.last_error ?? 'abandoned');
  }

  private async runGiveUp(handler: JobHandler, payload: unknown, info: JobInfo, message: string): Promise<void> {
    try {
      await handler.giveUp?.(payload, info, message);
    } catch (error) {
      this.log.error({ err: error, jobId: info.id, kind: info.kind }, 'job worker: giveUp failed');
    }
  }
}
