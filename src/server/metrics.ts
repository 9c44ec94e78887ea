/**
 * Prometheus metrics at GET /metrics (outside /api/v1), in the text exposition format:
 *
 * - `http_request_duration_seconds{method, route, status_code}`: a histogram per route
 *   pattern (`/api/v1/customers/:id`, never the raw URL, so ids cannot blow up the series);
 *   requests no route matched are labelled `route="(unmatched)"`.
 * - `settle_job_queue_depth{kind}` (jobs pending or running) and
 *   `settle_job_oldest_due_age_seconds{kind}` (how long the oldest due job has waited; 0
 *   when none is due), `settle_jobs_failed{kind}` (jobs that gave up), read from the jobs
 *   table at scrape time: the queue is shared by every server instance.
 * - `settle_email_messages{status}` (the outbox by status: outbox, queued, sending, sent,
 *   failed) and `settle_email_delivery_failures_total` (failed SMTP attempts of this process).
 * - `settle_db_pool_connections{state}` (PostgreSQL pool: total, idle, waiting; not reported
 *   on SQLite, which has one connection).
 * - prom-client's default process metrics (CPU, memory, event loop lag, GC, handles).
 *
 * When METRICS_TOKEN is set, a scrape must send `Authorization: Bearer <token>` (401
 * otherwise; compared in constant time). Unset, the endpoint is open to whoever reaches the
 * listen address: the README says to set it whenever HOST is not a loopback address.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import { processRegistry } from '../kernel/metrics.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { z } from 'zod';
import { sendProblem } from '../kernel/http/problems.ts';
import { ProblemSchema } from '../kernel/http/schemas.ts';

export const METRICS_PATH = '/metrics';

/** The job kinds and e-mail statuses always reported (0 when absent), so a dashboard never sees a gap. */
const EMAIL_STATUSES = ['outbox', 'queued', 'sending', 'sent', 'failed'] as const;

export interface MetricsDeps {
  db: Db;
  clock: Clock;
  token: string | undefined;
  /** Every job kind this server handles. */
  jobKinds: string[];
}

function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of the presented bearer token with METRICS_TOKEN (hashed first: equal lengths). */
function authorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  const presented = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (presented === undefined) return false;
  return crypto.timingSafeEqual(sha256(presented), sha256(token));
}

function appRegistry(deps: MetricsDeps): { registry: Registry; requestDuration: Histogram<'method' | 'route' | 'status_code'> } {
  const registry = new Registry();
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });

  const db = deps.db.kysely;
  new Gauge({
    name: 'settle_job_queue_depth',
    help: 'Background jobs waiting or running, by kind (all server instances)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const kind of deps.jobKinds) this.set({ kind }, 0);
      const rows = await db.selectFrom('jobs').select(['kind', (eb) => eb.fn.countAll<number | string>().as('count')]).where('status', 'in', ['pending', 'running']).groupBy('kind').execute();
      for (const row of rows) this.set({ kind: row.kind }, Number(row.count));
    },
  });
  new Gauge({
    name: 'settle_job_oldest_due_age_seconds',
    help: 'Seconds the oldest due, unclaimed job has been waiting since its run time, by kind (0: none due)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const kind of deps.jobKinds) this.set({ kind }, 0);
      const now = deps.clock.now();
      const rows = await db
        .selectFrom('jobs')
        .select(['kind', (eb) => eb.fn.min('run_at').as('oldest')])
        .where('status', '=', 'pending')
        .where('run_at', '<=', now.toISOString())
        .groupBy('kind')
        .execute();
      for (const row of rows) {
        const oldest = Date.parse(String(row.oldest));
        if (Number.isFinite(oldest)) this.set({ kind: row.kind }, Math.max(0, (now.getTime() - oldest) / 1000));
      }
    },
  });
  new Gauge({
    name: 'settle_jobs_failed',
    help: 'Background jobs that failed for good (every attempt used), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const kind of deps.jobKinds) this.set({ kind }, 0);
      const rows = await db.selectFrom('jobs').select(['kind', (eb) => eb.fn.countAll<number | string>().as('count')]).where('status', '=', 'failed').groupBy('kind').execute();
      for (const row of rows) this.set({ kind: row.kind }, Number(row.count));
    },
  });
  new Gauge({
    name: 'settle_email_messages',
    help: 'E-mail messages by delivery status (outbox: no mail server configured; failed: given up)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of EMAIL_STATUSES) this.set({ status }, 0);
      const rows = await db.selectFrom('email_messages').select(['status', (eb) => eb.fn.countAll<number | string>().as('count')]).groupBy('status').execute();
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
  const pool = deps.db.poolStats?.bind(deps.db);
  if (pool !== undefined) {
    new Gauge({
      name: 'settle_db_pool_connections',
      help: 'PostgreSQL connection pool: total (open), idle, and waiting (requests queued for a connection)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = pool();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }
  return { registry, requestDuration };
}

export interface Metrics {
  /** Times every request by its route pattern: call before any route is registered. */
  timeRequests(app: FastifyInstance): void;
  /** GET /metrics: call after the auth guard, so the route joins the access table. */
  registerRoute(app: FastifyInstance): void;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const { registry, requestDuration } = appRegistry(deps);
  return {
    timeRequests(app) {
      app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
        requestDuration.observe(
          { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status_code: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
    },
    registerRoute(app) {
      // Public as far as sessions and API tokens go: its own METRICS_TOKEN guards it.
      const schema = {
        tags: ['Operations'],
        summary: 'Prometheus metrics (text exposition format); with METRICS_TOKEN set, send it as Authorization: Bearer <token>',
        security: [],
        response: {
          200: { description: 'The metrics', content: { 'text/plain': { schema: z.string() } } },
          401: { description: 'METRICS_TOKEN is set and was not sent', content: { 'application/problem+json': { schema: ProblemSchema } } },
        },
      };
      app.get(METRICS_PATH, { schema, config: { requires: 'public' } }, async (request, reply) => {
        if (deps.token !== undefined && !authorized(request, deps.token)) {
          void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
          return sendProblem(reply, 401, 'unauthorized', 'Send the METRICS_TOKEN as Authorization: Bearer <token>');
        }
        const merged = Registry.merge([processRegistry, registry]);
        const text = await merged.metrics();
        return reply.header('Cache-Control', 'no-store').type(merged.contentType).send(text);
      });
    },
  };
}
