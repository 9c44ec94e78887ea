/**
 * What a business module contributes to the application, declared once in its entry file
 * (`src/modules/<area>/<area>.module.ts`): its API routes, public pages, background job
 * handlers, event subscribers and periodic tasks. The composition root (server/) mounts the
 * list; nothing else needs to know a module exists.
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './deps.ts';
import type { EventSubscriber } from './events.ts';
import type { JobHandler } from './jobs/worker.ts';
import type { ScheduledTask } from './scheduler.ts';

export interface SettleModule {
  name: string;
  /** Routes under /api/v1. */
  routes?(api: FastifyInstance, deps: AppDeps): void;
  /** Routes outside the API (customer pages), registered before the web app's fallback. */
  pages?(app: FastifyInstance, deps: AppDeps): void;
  /** Background job handlers by job kind. */
  jobs?(deps: AppDeps): Record<string, JobHandler<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Reactions to the event stream, run inside the emitting transaction, in module order. */
  subscribers?: readonly EventSubscriber[];
  /** Periodic work, run by one process at a time. */
  schedules?(deps: AppDeps): readonly ScheduledTask[];
}
