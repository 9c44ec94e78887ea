/**
 * Prometheus metrics at /metrics, scraped over HTTP after real requests: request durations
 * by route pattern (never the raw URL) and status, job queue depth and the age of the oldest
 * due job per kind, e-mail and pool figures, process metrics; METRICS_TOKEN enforced. And the
 * web app never answers for /metrics or an unknown /api/… path: those get JSON 404s.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { enqueueJob } from '../../src/kernel/jobs/queue.ts';
import { EMAIL_SEND_JOB } from '../../src/modules/email/deliver-email.ts';

const TOKEN = 'metrics-scrape-token-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, '$1');
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

async function scrape(url: string, token?: string): Promise<Response> {
  return fetch(`${url}/metrics`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

describeEachDb('metrics', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: { METRICS_TOKEN: TOKEN, JOB_POLL_MS: '3600000' } });
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('refuses a scrape without the METRICS_TOKEN, or with another one', async () => {
    for (const token of [undefined, 'wrong-token', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const response = await scrape(server.url, token);
      expect(response.status, String(token)).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.text()).not.toContain('http_request_duration_seconds');
    }
    // A session is not the metrics token.
    const withSession = await fetch(`${server.url}/metrics`, { headers: { cookie: owner.cookie ?? '' } });
    expect(withSession.status).toBe(401);
  });

  it('times requests by route pattern and status, counts jobs per kind, and reports the process', async () => {
    const customer = await createCustomer(owner, { name: 'Metrics GmbH' });
    for (let i = 0; i < 3; i++) expect((await owner.get(`/api/v1/customers/${customer.id}`)).status).toBe(200);
    expect((await owner.get('/api/v1/customers/cus_missing_for_metrics')).status).toBe(404);

    // A due job nobody has claimed: this server's worker is stopped, the job waited an hour.
    await server.app.jobs.stop();
    const now = server.clock.now();
    await enqueueJob(server.db.kysely, {
      orgId: null,
      kind: EMAIL_SEND_JOB,
      payload: { message_id: 'eml_metrics_test' },
      now: now.toISOString(),
      runAt: new Date(now.getTime() - 3_600_000).toISOString(),
    });

    const response = await scrape(server.url, TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const samples = parseMetrics(text);

    const route = '/api/v1/customers/:id';
    const ok = find(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '200' });
    expect(ok.map((s) => s.value)).toEqual([3]);
    expect(find(samples, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: '404' }).map((s) => s.value)).toEqual([1]);
    const buckets = find(samples, 'http_request_duration_seconds_bucket', { method: 'GET', route, status_code: '200' });
    expect(buckets.length).toBeGreaterThan(5);
    expect(find(samples, 'http_request_duration_seconds_bucket', { route, status_code: '200', le: '+Inf' })[0]?.value).toBe(3);
    expect(find(samples, 'http_request_duration_seconds_sum', { route, status_code: '200' })[0]?.value).toBeGreaterThan(0);
    // The raw URL (with its id) never becomes a label.
    expect(text).not.toContain(customer.id);
    expect(text).not.toContain('cus_missing_for_metrics');

    expect(find(samples, 'settle_job_queue_depth', { kind: EMAIL_SEND_JOB })[0]?.value).toBe(1);
    expect(find(samples, 'settle_job_oldest_due_age_seconds', { kind: EMAIL_SEND_JOB })[0]?.value).toBe(3600);
    expect(find(samples, 'settle_job_queue_depth').length).toBeGreaterThanOrEqual(2); // every kind, even with none queued
    expect(find(samples, 'settle_jobs_failed', { kind: EMAIL_SEND_JOB })).toHaveLength(1);
    expect(find(samples, 'settle_email_messages', { status: 'failed' })).toHaveLength(1);
    expect(find(samples, 'settle_email_delivery_failures_total')).toHaveLength(1);

    const pool = find(samples, 'settle_db_pool_connections');
    if (kind === 'postgres') {
      expect(pool.map((s) => s.labels.state).sort()).toEqual(['idle', 'total', 'waiting']);
      expect(find(samples, 'settle_db_pool_connections', { state: 'total' })[0]?.value).toBeGreaterThan(0);
    } else {
      expect(pool).toEqual([]);
    }
    // prom-client's default process metrics.
    expect(find(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(find(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(find(samples, 'process_resident_memory_bytes').length + find(samples, 'nodejs_heap_size_used_bytes').length).toBeGreaterThan(0);
  });
});

describeEachDb('unknown paths outside the web app', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  it('serves /metrics as Prometheus text, open when no METRICS_TOKEN is set', async () => {
    const response = await scrape(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).not.toMatch(/<html|<!doctype/i);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('answers every unknown /api/… path with a JSON 404, never the web app', async () => {
    const paths = ['/api', '/api/', '/api/v1', '/api/v1/', '/api/v1/nothing-here', '/api/v2/customers', '/api/v1/customers/x/unknown', '/API/v1/customers', '/%61pi/v1/nothing', '/api/v1/metrics', '/metrics/', '/metrics/extra'];
    for (const path of paths) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        const response = await fetch(server.url + path, { method, headers: method === 'POST' ? { 'content-type': 'application/json' } : {}, body: method === 'POST' ? '{}' : undefined });
        const label = `${method} ${path}`;
        if (path === '/metrics/' && method !== 'POST') {
          // The trailing slash is the same route.
          expect(response.status, label).toBe(200);
          continue;
        }
        expect(response.status, label).toBe(404);
        expect(response.headers.get('content-type'), label).toContain('application/problem+json');
        if (method !== 'HEAD') expect(((await response.json()) as { status: number }).status, label).toBe(404);
      }
    }
    // The web app still answers its own deep links.
    const page = await fetch(`${server.url}/invoices/inv_123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
