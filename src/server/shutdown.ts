/**
 * What SIGTERM and SIGINT do. Servers have been seen "shutting down" for over an hour: an
 * orderly close waits for every open connection (a slow or stalled client), the job in hand
 * (an SMTP server that stopped answering) and every checked-out database connection, and
 * any of those can take forever. So:
 *
 * 1. New work stops at once: the listener closes, requests arriving on open keep-alive
 *    connections get 503 (Fastify's return503OnClosing), idle connections are closed, and
 *    the job worker claims nothing more (its preClose hook, jobs/register.ts).
 * 2. In-flight requests and the job in hand get SHUTDOWN_GRACE_SECONDS to finish; then the
 *    database is closed and the process exits 0.
 * 3. If the grace period runs out, the process exits 1 regardless, saying what it was still
 *    waiting for. An abandoned job stays claimed until its lock expires, then a worker (this
 *    server once restarted, or another) runs it again: jobs are safe to run twice.
 *
 * A second signal exits at once. The timer is unref'd: it never keeps the process alive.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/connection.ts';

export interface ShutdownOptions {
  app: FastifyInstance;
  db: Db;
  graceSeconds: number;
}

export function exitOnSignals({ app, db, graceSeconds }: ShutdownOptions): void {
  let closing = false;

  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    closing = true;
    // Should the event loop run dry before the close completes, that was no clean shutdown either.
    process.exitCode = 1;
    app.log.info({ signal, graceSeconds }, 'shutting down');

    let waitingFor = 'in-flight requests and the job in hand';
    const timer = setTimeout(() => {
      app.log.error({ waitingFor, jobRunning: app.jobs.busy }, `shutdown grace period of ${graceSeconds} s ran out; exiting with in-flight work`);
      process.exit(1);
    }, graceSeconds * 1000);
    timer.unref();

    const close = async (): Promise<void> => {
      await app.close();
      waitingFor = 'database connections still in use';
      await db.close();
    };
    close().then(
      () => {
        clearTimeout(timer);
        app.log.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
