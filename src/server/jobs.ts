/**
 * Every server process runs a job worker and a scheduler next to its HTTP server: they
 * start when the app is ready, stop claiming as soon as the app starts closing, and finish
 * the work in hand before the database is closed. Job handlers and periodic tasks come from
 * the modules' entries (server/modules.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../kernel/deps.ts';
import { JobWorker, type JobHandlers } from '../kernel/jobs/worker.ts';
import { Scheduler } from '../kernel/scheduler.ts';
import { wallClockOf } from '../kernel/test-clock.ts';
import { MODULES } from './modules.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's job worker (tests call `runDueJobs()` after moving the clock). */
    jobs: JobWorker;
    /** This process's scheduler of periodic work (tests call `runDue()` after moving the clock). */
    scheduler: Scheduler;
  }
}

export function jobHandlers(deps: AppDeps): JobHandlers {
  const handlers: JobHandlers = {};
  for (const module of MODULES) {
    for (const [kind, handler] of Object.entries(module.jobs?.(deps) ?? {})) {
      if (kind in handlers) throw new Error(`job kind ${kind} is declared twice (module ${module.name})`);
      handlers[kind] = handler;
    }
  }
  return handlers;
}

export function registerJobWorker(app: FastifyInstance, deps: AppDeps): void {
  const worker = new JobWorker({
    db: deps.db,
    clock: deps.clock,
    // Under the test clock, jobs fall due on business time but hold their locks on wall time.
    lockClock: wallClockOf(deps.clock),
    handlers: jobHandlers(deps),
    pollMs: deps.config.JOB_POLL_MS,
    log: {
      error: (details, message) => app.log.error(details, message),
      warn: (details, message) => app.log.warn(details, message),
    },
  });
  const scheduler = new Scheduler({
    db: deps.db,
    clock: deps.clock,
    tasks: MODULES.flatMap((module) => module.schedules?.(deps) ?? []),
    pollMs: deps.config.SCHEDULER_POLL_MS,
    log: { error: (details, message) => app.log.error(details, message) },
  });
  app.decorate('jobs', worker);
  app.decorate('scheduler', scheduler);
  app.addHook('onReady', (done) => {
    worker.start();
    if (deps.config.SCHEDULER_POLL_MS > 0) scheduler.start();
    done();
  });
  // Fastify runs onClose hooks only once every connection has ended; claiming stops as soon as
  // closing starts (preClose), and onClose waits for the job in hand.
  app.addHook('preClose', (done) => {
    void worker.stop();
    void scheduler.stop();
    done();
  });
  app.addHook('onClose', async () => {
    await Promise.all([worker.stop(), scheduler.stop()]);
  });
}
