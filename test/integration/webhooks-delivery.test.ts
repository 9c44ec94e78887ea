/**
 * Webhook delivery against a real receiver process: the Standard Webhooks signature verifies
 * (recomputed with node:crypto and with the standardwebhooks package), failures are retried
 * on the schedule with the same webhook-id and every attempt is in the log, a delivered event
 * is never sent again unless an admin retries it, pings, endpoints failing for 3 days are
 * disabled, deleting an endpoint drops what was waiting for it, and each organization's
 * events reach only its own endpoints. Each test works in an organization of its own.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { freePort } from '../support/process.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { addEndpoint, deliverUntil, deliveriesOf, expectedSignature, LOCAL_RECEIVER_ENV, requestsTo, runJobs } from '../support/webhooks.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

describeEachDb('webhook delivery', (kind) => {
  let server: TestServer;
  let owner: Client;
  let receiver: WebhookReceiver;
  let orgs = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: LOCAL_RECEIVER_ENV });
    owner = await setupOwner(server.url);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.kill();
    await server?.close();
  });

  /** An organization of its own for a test, so its events and clock moves touch no other test's endpoints. */
  const freshOrganization = () => secondOrganization(owner, `Webhook Org ${++orgs}`);

  it('signs every request per Standard Webhooks; the body is the event with the object as the API returns it', async () => {
    const admin = await freshOrganization();
    const endpoint = await addEndpoint(admin, `${receiver.origin}/signed`, ['customer.created'], 'CRM sync');
    expect(endpoint).toEqual({
      id: expect.stringMatching(/^whe_/),
      url: `${receiver.origin}/signed`,
      events: ['customer.created'],
      description: 'CRM sync',
      enabled: true,
      disabled_reason: null,
      created_at: '2026-11-23T10:00:00.000Z',
      updated_at: '2026-11-23T10:00:00.000Z',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(Buffer.from(endpoint.secret.slice(6), 'base64')).toHaveLength(32);
    // Shown once: never in a read.
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body).not.toHaveProperty('secret');
    expect(JSON.stringify((await admin.get('/api/v1/webhook-endpoints')).body)).not.toContain(endpoint.secret);

    const customer = (await admin.post('/api/v1/customers', { name: 'Signed Customer GmbH', email: 'signed@example.com' })).body;
    const [request] = await deliverUntil(server, receiver.requests, '/signed', 1);
    const body = JSON.parse(request!.body);
    expect(body).toEqual({ id: expect.stringMatching(/^evt_/), type: 'customer.created', created_at: '2026-11-23T10:00:00.000Z', data: { object: customer } });
    expect(request!.method).toBe('POST');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': body.id,
      'webhook-timestamp': String(Math.floor(server.clock.now().getTime() / 1000)),
      'user-agent': expect.stringContaining('Settle'),
    });
    expect(request!.headers['webhook-signature']).toBe(expectedSignature(endpoint.secret, request!));
    // The reference library verifies it too (its 5-minute tolerance is checked against the test clock's time).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(server.clock.now());
      expect(new Webhook(endpoint.secret).verify(request!.body, request!.headers)).toEqual(body);
      expect(() => new Webhook(endpoint.secret).verify(request!.body.replace('Signed', 'Forged'), request!.headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
    const [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery).toMatchObject({ event_id: body.id, event_type: 'customer.created', status: 'delivered', last_status_code: 200, delivered_at: '2026-11-23T10:00:00.000Z' });
  });

  it('retries a receiver that answers 500 twice with the same webhook-id, on the schedule, and logs all three attempts', async () => {
    const admin = await freshOrganization();
    const endpoint = await addEndpoint(admin, `${receiver.origin}/flaky`);
    await receiver.respondWith([500, 500]);
    const start = server.clock.now().getTime();
    await createCustomer(admin);

    await deliverUntil(server, receiver.requests, '/flaky', 1);
    let [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: 500, last_error: 'Answered HTTP 500', next_attempt_at: new Date(start + 5 * SECOND).toISOString() });

    // Not before its time.
    await runJobs(server);
    expect(requestsTo(receiver.requests, '/flaky')).toHaveLength(1);
    server.clock.advance(5 * SECOND);
    await deliverUntil(server, receiver.requests, '/flaky', 2);
    [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery.next_attempt_at).toBe(new Date(start + 5 * SECOND + 5 * MINUTE).toISOString());

    server.clock.advance(5 * MINUTE);
    const requests = await deliverUntil(server, receiver.requests, '/flaky', 3);
    expect(requests.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery.event_id]));
    // Each attempt is signed for its own time.
    expect(requests.map((request) => Number(request.headers['webhook-timestamp']) - start / 1000)).toEqual([0, 5, 305]);
    for (const request of requests) expect(request.headers['webhook-signature']).toBe(expectedSignature(endpoint.secret, request));

    [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'delivered', last_status_code: 200, last_error: null, next_attempt_at: null });
    expect(delivery.attempts).toEqual([
      { attempt: 1, status_code: 500, duration_ms: expect.any(Number), error: 'Answered HTTP 500', created_at: new Date(start).toISOString() },
      { attempt: 2, status_code: 500, duration_ms: expect.any(Number), error: 'Answered HTTP 500', created_at: new Date(start + 5 * SECOND).toISOString() },
      { attempt: 3, status_code: 200, duration_ms: expect.any(Number), error: null, created_at: new Date(start + 5 * SECOND + 5 * MINUTE).toISOString() },
    ]);

    // Delivered is final: days later nothing is sent again …
    server.clock.advance(2 * DAY);
    await runJobs(server);
    expect(requestsTo(receiver.requests, '/flaky')).toHaveLength(3);
    // … unless an admin resends it: once, with the same webhook-id.
    const retried = await admin.post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`);
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body).toMatchObject({ id: delivery.id, status: 'pending' });
    const resent = await deliverUntil(server, receiver.requests, '/flaky', 4);
    expect(resent[3]!.headers['webhook-id']).toBe(delivery.event_id);
    const [after] = await deliveriesOf(admin, endpoint.id);
    expect(after).toMatchObject({ status: 'delivered' });
    expect(after.attempts).toHaveLength(4);
  });

  it('gives up after the last scheduled attempt; a manual retry of a pending delivery brings its attempt forward without doubling it', async () => {
    const admin = await freshOrganization();
    const deadPort = await freePort();
    const endpoint = await addEndpoint(admin, `http://127.0.0.1:${deadPort}/gone`);
    await createCustomer(admin);
    await runJobs(server);
    let [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: null, last_error: expect.stringContaining('ECONNREFUSED') });

    // Brought forward: the attempt due in 5 s is made now, once.
    const retried = await admin.post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`);
    expect(retried.status, retried.text).toBe(202);
    await runJobs(server);
    [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery.attempts.map((attempt: any) => attempt.attempt)).toEqual([1, 2]);

    // The rest of the schedule: 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — then failed.
    for (const wait of [5 * MINUTE, 30 * MINUTE, 2 * 60 * MINUTE, 5 * 60 * MINUTE, 10 * 60 * MINUTE, 10 * 60 * MINUTE]) {
      server.clock.advance(wait);
      await runJobs(server);
    }
    [delivery] = await deliveriesOf(admin, endpoint.id);
    expect(delivery).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(delivery.attempts).toHaveLength(8);
    server.clock.advance(DAY);
    await runJobs(server);
    expect((await deliveriesOf(admin, endpoint.id))[0].attempts).toHaveLength(8);
  });

  it('sends a ping through the same path on request', async () => {
    const admin = await freshOrganization();
    const endpoint = await addEndpoint(admin, `${receiver.origin}/ping`, ['invoice.paid']);
    const now = server.clock.now().toISOString();
    const ping = await admin.post(`/api/v1/webhook-endpoints/${endpoint.id}/test`);
    expect(ping.status, ping.text).toBe(202);
    expect(ping.body).toMatchObject({ event_id: expect.stringMatching(/^evt_/), event_type: 'ping', status: 'pending', attempts: [] });
    const [request] = await deliverUntil(server, receiver.requests, '/ping', 1);
    expect(JSON.parse(request!.body)).toMatchObject({ id: ping.body.event_id, type: 'ping', created_at: now, data: { object: { endpoint_id: endpoint.id } } });
    expect(request!.headers['webhook-id']).toBe(ping.body.event_id);
    expect(request!.headers['webhook-signature']).toBe(expectedSignature(endpoint.secret, request!));
    expect((await deliveriesOf(admin, endpoint.id))[0]).toMatchObject({ id: ping.body.id, status: 'delivered', last_status_code: 200 });
  });

  it('delivers every event of a change that emits several (create and finalize in one call) to each subscribed endpoint', async () => {
    const admin = await freshOrganization();
    const both = await addEndpoint(admin, `${receiver.origin}/both`, ['invoice.created', 'invoice.finalized']);
    const finalizedOnly = await addEndpoint(admin, `${receiver.origin}/finalized`, ['invoice.finalized']);
    const customer = await admin.post('/api/v1/customers', { name: 'Two Events Ltd' });
    const created = await admin.post('/api/v1/invoices', { customer_id: customer.body.id, lines: [{ description: 'Work', quantity: '1', unit_price: '10.00' }], finalize: true });
    expect(created.status, created.text).toBe(201);
    const toBoth = await deliverUntil(server, receiver.requests, '/both', 2);
    expect(toBoth.map((r) => JSON.parse(r.body).type).sort()).toEqual(['invoice.created', 'invoice.finalized']);
    const toFinalized = await deliverUntil(server, receiver.requests, '/finalized', 1);
    expect(toFinalized.map((r) => JSON.parse(r.body).type)).toEqual(['invoice.finalized']);
    expect((await deliveriesOf(admin, both.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(await deliveriesOf(admin, finalizedOnly.id)).toHaveLength(1);
  });

  it('disables an endpoint whose deliveries failed for 3 days, says why, and starts afresh when enabled again', async () => {
    const admin = await freshOrganization();
    const endpoint = await addEndpoint(admin, `http://127.0.0.1:${await freePort()}/down`);
    const since = server.clock.now().toISOString();
    await createCustomer(admin);
    await runJobs(server);
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body).toMatchObject({ enabled: true, disabled_reason: null });

    // The first delivery's schedule ends after about 27 hours; events keep failing into day 4.
    server.clock.advance(2 * DAY);
    await runJobs(server);
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body.enabled).toBe(true);
    server.clock.advance(DAY + MINUTE);
    await createCustomer(admin);
    await runJobs(server);

    const disabled = (await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body;
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: expect.stringContaining(since) });
    expect(disabled.disabled_reason).toContain('ECONNREFUSED');
    const audit = (await admin.get(`/api/v1/audit-events?resource_id=${endpoint.id}`)).body.data.map((event: any) => event.action);
    expect(audit).toContain('webhook_endpoint.disabled');
    // Nothing more is written for it, and nothing waits.
    await createCustomer(admin);
    const deliveries = await deliveriesOf(admin, endpoint.id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.map((delivery) => delivery.status)).toEqual(['failed', 'failed']);
    expect((await admin.post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${deliveries[0].id}/retry`)).status).toBe(409);

    const enabled = await admin.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true });
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null });
    // Afresh: one more failure does not disable it again at once.
    await createCustomer(admin);
    await runJobs(server);
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it('deleting an endpoint drops the deliveries waiting for it', async () => {
    const admin = await freshOrganization();
    const endpoint = await addEndpoint(admin, `${receiver.origin}/deleted`);
    await receiver.respondWith([500]);
    await createCustomer(admin);
    await deliverUntil(server, receiver.requests, '/deleted', 1);
    expect((await deliveriesOf(admin, endpoint.id))[0].status).toBe('pending');

    expect((await admin.delete(`/api/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)).status).toBe(404);
    expect(await server.db.kysely.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpoint.id).execute()).toEqual([]);
    server.clock.advance(10 * MINUTE);
    await runJobs(server);
    expect(requestsTo(receiver.requests, '/deleted')).toHaveLength(1);
  });

  it("sends an organization's events only to its own endpoints, and hides them from other organizations", async () => {
    const first = await freshOrganization();
    const second = await freshOrganization();
    const mine = await addEndpoint(first, `${receiver.origin}/org-first`, ['*']);
    const theirs = await addEndpoint(second, `${receiver.origin}/org-second`, ['*']);
    const customer = await createCustomer(first);
    await deliverUntil(server, receiver.requests, '/org-first', 1);
    await createCustomer(second);
    await deliverUntil(server, receiver.requests, '/org-second', 1);
    await runJobs(server);
    expect(requestsTo(receiver.requests, '/org-first').map((request) => JSON.parse(request.body).data.object.id)).toEqual([customer.id]);
    expect(requestsTo(receiver.requests, '/org-second')).toHaveLength(1);

    const [delivery] = await deliveriesOf(first, mine.id);
    for (const [method, path] of [
      ['GET', `/api/v1/webhook-endpoints/${mine.id}`],
      ['PATCH', `/api/v1/webhook-endpoints/${mine.id}`],
      ['DELETE', `/api/v1/webhook-endpoints/${mine.id}`],
      ['POST', `/api/v1/webhook-endpoints/${mine.id}/test`],
      ['GET', `/api/v1/webhook-endpoints/${mine.id}/deliveries`],
      ['POST', `/api/v1/webhook-endpoints/${mine.id}/deliveries/${delivery.id}/retry`],
      ['POST', `/api/v1/webhook-endpoints/${theirs.id}/deliveries/${delivery.id}/retry`],
    ] as const) {
      const response = await second.request(method, path, method === 'PATCH' ? { enabled: false } : undefined);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await second.get('/api/v1/webhook-endpoints')).body.data.map((endpoint: any) => endpoint.id)).toEqual([theirs.id]);
    expect((await first.get(`/api/v1/webhook-endpoints/${mine.id}`)).body.enabled).toBe(true);
  });
});
