/**
 * Every server process runs a job worker next to its HTTP server: it starts when the app
 * is ready, stops claiming as soon as the app starts closing, and finishes the job in hand
 * before the database is closed. The handlers of every job kind are listed here (invoice e-mails, account e-mails).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../server/app.ts';
import { emailSendHandler, EMAIL_SEND_JOB } from '../modules/email/deliver-email.ts';
import { ACCOUNT_EMAIL_JOB, accountEmailHandler } from '../modules/auth/account-email.ts';
import { JobWorker, type JobHandlers } from './worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's job worker (tests call `runDueJobs()` after moving the clock). */
    jobs: JobWorker;
  }
}

export function jobHandlers(deps: AppDeps): JobHandlers {
  return { [EMAIL_SEND_JOB]: emailSendHandler(deps), [ACCOUNT_EMAIL_JOB]: accountEmailHandler(deps) };
}

export function registerJobWorker(app: FastifyInstance, deps: AppDeps): void {
  const worker = new JobWorker({
    db: deps.db,
    clock: deps.clock,
    handlers: jobHandlers(deps),
    pollMs: deps.config.JOB_POLL_MS,
    log: {
      error: (details, message) => app.log.error(details, message),
      warn: (details, message) => app.log.warn(details, message),
    },
  });
  app.decorate('jobs', worker);
  app.addHook('onReady', (done) => {
    worker.start();
    done();
  });
  // Fastify runs onClose hooks only once every connection has ended; claiming stops as soon as
  // closing starts (preClose), and onClose waits for the job in hand.
  app.addHook('preClose', (done) => {
    void worker.stop();
    done();
  });
  app.addHook('onClose', async () => worker.stop());
}
