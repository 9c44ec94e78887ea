/**
 * Webhook endpoints refuse what they must, on a server with the default settings (https:
 * only, public addresses only): bad input is a 422 naming its field and changes nothing;
 * loopback, private, link-local, metadata and other special addresses are refused when saved;
 * an endpoint saved while private networks were allowed (or whose name now resolves to
 * 127.0.0.1) is refused again when delivering; only admins manage webhooks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { databaseFingerprint } from '../support/snapshots.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { deliveriesOf, LOCAL_RECEIVER_ENV, runJobs } from '../support/webhooks.ts';

const PUBLIC_URL = 'https://hooks.example.invalid/settle';

/** The business tables and the webhook tables, row by row. */
async function fingerprint(server: TestServer) {
  const webhooks: Record<string, unknown> = {};
  for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts'] as const) {
    webhooks[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1`.execute(server.db.kysely)).rows;
  }
  return { ...(await databaseFingerprint(server)), ...webhooks };
}

describeEachDb('webhook endpoints: input, addresses and roles', (kind) => {
  let server: TestServer;
  let owner: Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.kill();
    await server?.close();
  });

  const refusedUrls = [
    'not a url',
    'example.com/hooks',
    'ftp://example.com/hooks',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://hooks.example.invalid/settle',
    `https://example.com/${'a'.repeat(2040)}`,
    'https://user:secret@example.com/hooks',
    'https://:secret@example.com/hooks',
    'https://exa\nmple.com/hooks',
    'https://example.com/ho oks',
    'https://127.0.0.1/hooks',
    'https://127.1/hooks',
    'https://2130706433/hooks',
    'https://0x7f000001/hooks',
    'https://localhost/hooks',
    'https://LOCALHOST./hooks',
    'https://api.localhost/hooks',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[::]/hooks',
    'https://0.0.0.0/hooks',
    'https://10.0.0.8/hooks',
    'https://172.16.5.4/hooks',
    'https://192.168.1.1/hooks',
    'https://100.64.0.1/hooks',
    'https://169.254.169.254/latest/meta-data/',
    'https://169.254.10.10/hooks',
    'https://[fe80::1]/hooks',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fc00::5]/hooks',
    'https://224.0.0.1/hooks',
    'https://[ff02::1]/hooks',
    'https://[64:ff9b::7f00:1]/hooks',
  ];

  it('refuses URLs that are malformed, not https:, too long, with credentials, or on non-public addresses — naming url, changing nothing', async () => {
    for (const url of refusedUrls) {
      const before = await fingerprint(server);
      const response = await owner.post('/api/v1/webhook-endpoints', { url, events: ['*'] });
      const label = `${url.slice(0, 60)} → ${response.status} ${response.text.slice(0, 200)}`;
      expect(response.status, label).toBe(422);
      expect(response.headers.get('content-type'), label).toContain('application/problem+json');
      expect(response.body.errors.map((error: any) => error.path), label).toEqual(['url']);
      expect(await fingerprint(server), label).toEqual(before);
    }
    // What is refused for an address says so, and how an operator would allow it.
    const metadata = await owner.post('/api/v1/webhook-endpoints', { url: 'https://169.254.169.254/', events: ['*'] });
    expect(metadata.body.errors[0].message).toContain('metadata');
    expect(metadata.body.errors[0].message).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
    // A public name (that does not resolve here) is accepted: the delivery checks it again.
    expect((await owner.post('/api/v1/webhook-endpoints', { url: PUBLIC_URL, events: ['*'] })).status).toBe(201);
  });

  it('refuses bad fields of every kind, naming them, and changes nothing', async () => {
    const endpoint = (await owner.post('/api/v1/webhook-endpoints', { url: PUBLIC_URL, events: ['invoice.paid'] })).body;
    const create: [unknown, string][] = [
      [{ events: ['*'] }, 'url'],
      [{ url: 42, events: ['*'] }, 'url'],
      [{ url: ['https://example.com'], events: ['*'] }, 'url'],
      [{ url: PUBLIC_URL }, 'events'],
      [{ url: PUBLIC_URL, events: [] }, 'events'],
      [{ url: PUBLIC_URL, events: 'customer.created' }, 'events'],
      [{ url: PUBLIC_URL, events: ['customer.created', 'customer.exploded'] }, 'events'],
      [{ url: PUBLIC_URL, events: ['ping'] }, 'events'],
      [{ url: PUBLIC_URL, events: ['*', 'invoice.paid'] }, 'events'],
      [{ url: PUBLIC_URL, events: [1] }, 'events'],
      [{ url: PUBLIC_URL, events: [{ type: 'invoice.paid' }] }, 'events'],
      [{ url: PUBLIC_URL, events: Array.from({ length: 101 }, () => 'invoice.paid') }, 'events'],
      [{ url: PUBLIC_URL, events: ['<script>alert(1)</script>'] }, 'events'],
      [{ url: PUBLIC_URL, events: ["invoice.paid'; drop table webhook_endpoints; --"] }, 'events'],
      [{ url: PUBLIC_URL, events: ['*'], description: 'x'.repeat(501) }, 'description'],
      [{ url: PUBLIC_URL, events: ['*'], description: 'bell \u0007' }, 'description'],
      [{ url: PUBLIC_URL, events: ['*'], description: 42 }, 'description'],
      [{ url: PUBLIC_URL, events: ['*'], description: 'nul \u0000' }, 'description'],
      [{ url: PUBLIC_URL, events: ['*'], description: 'lone \ud800' }, 'description'],
      [{ url: PUBLIC_URL, events: ['*'], secret: 'whsec_mine' }, 'body'],
      [{ url: PUBLIC_URL, events: ['*'], enabled: false }, 'body'],
      [[PUBLIC_URL], 'body'],
    ];
    const update: [unknown, string][] = [
      [{ url: 'https://10.0.0.1/hooks' }, 'url'],
      [{ url: 'http://hooks.example.invalid/' }, 'url'],
      [{ url: null }, 'url'],
      [{ events: ['invoice.nope'] }, 'events'],
      [{ events: null }, 'events'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ enabled: 1 }, 'enabled'],
      [{ description: 'y'.repeat(10_000) }, 'description'],
      [{ secret: 'whsec_mine' }, 'body'],
      [{ id: 'whe_other' }, 'body'],
    ];
    const cases = [
      ...create.map(([body, field]) => ['POST', '/api/v1/webhook-endpoints', body, field] as const),
      ...update.map(([body, field]) => ['PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, body, field] as const),
    ];
    for (const [method, path, body, field] of cases) {
      const before = await fingerprint(server);
      const response = await owner.request(method, path, body);
      const label = `${method} ${JSON.stringify(body).slice(0, 100)} → ${response.status} ${response.text.slice(0, 200)}`;
      expect(response.status, label).toBe(422);
      expect(response.body.errors.map((error: any) => error.path), label).toContain(field);
      expect(await fingerprint(server), label).toEqual(before);
    }
    // Malformed JSON and hostile ids and cursors are refused too.
    expect((await owner.post('/api/v1/webhook-endpoints', '{"url":')).status).toBe(400);
    expect((await owner.get('/api/v1/webhook-endpoints/..%2F..%2Fetc')).status).toBe(422);
    expect((await owner.get('/api/v1/webhook-endpoints?cursor=not-a-cursor')).status).toBe(422);
    expect((await owner.get(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=0`)).status).toBe(422);
    expect((await owner.post(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${'x'.repeat(65)}/retry`)).status).toBe(422);
    expect((await owner.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).body).toMatchObject({ url: PUBLIC_URL, events: ['invoice.paid'], description: null, enabled: true });
  });

  it('accepts a change of URL, events and description, keeping what was not sent', async () => {
    const endpoint = (await owner.post('/api/v1/webhook-endpoints', { url: PUBLIC_URL, events: ['invoice.paid', 'customer.created', 'invoice.paid'], description: 'Shop' })).body;
    expect(endpoint.events).toEqual(['customer.created', 'invoice.paid']);
    const changed = await owner.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { url: 'https://other.example.invalid/in', events: ['*'] });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ url: 'https://other.example.invalid/in', events: ['*'], description: 'Shop', enabled: true });
    expect((await owner.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { description: null })).body.description).toBeNull();
    const disabled = await owner.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, disabled_reason: null });
  });

  it('checks the address again when delivering: an endpoint on 127.0.0.1 or on a name resolving to it is never called', async () => {
    // Saved by a server that allowed private networks (as a name could have resolved to a
    // public address when saved and to 127.0.0.1 now) …
    const permissive = await buildApp(
      { db: server.db, clock: server.clock, config: loadConfig({ DATABASE_URL: server.database.url, LOG_LEVEL: 'silent', ...LOCAL_RECEIVER_ENV }) },
      { logger: false },
    );
    await permissive.listen({ port: 0, host: '127.0.0.1' });
    const address = permissive.server.address();
    const viaPermissive = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    viaPermissive.cookie = owner.cookie;
    const https = (host: string) => `https://${host}:${receiver.port}/rebound`;
    const endpoints = [];
    try {
      for (const host of ['localhost', '127.0.0.1', '[::ffff:127.0.0.1]']) {
        const created = await viaPermissive.post('/api/v1/webhook-endpoints', { url: https(host), events: ['customer.created'] });
        expect(created.status, created.text).toBe(201);
        endpoints.push(created.body);
      }
    } finally {
      await permissive.close();
    }
    // … delivered by this server, which does not allow them.
    await createCustomer(owner);
    await runJobs(server);
    for (const endpoint of endpoints) {
      const [delivery] = await deliveriesOf(owner, endpoint.id);
      expect(delivery, endpoint.url).toMatchObject({ status: 'pending', last_status_code: null });
      expect(delivery.last_error, endpoint.url).toMatch(/^Refused: .*127\.0\.0\.1.*loopback.*WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
      expect(delivery.attempts[0]).toMatchObject({ attempt: 1, status_code: null, error: delivery.last_error });
    }
    expect(receiver.requests).toEqual([]);
  });

  it('lets only admins and owners manage webhooks', async () => {
    const endpoint = (await owner.post('/api/v1/webhook-endpoints', { url: PUBLIC_URL, events: ['*'] })).body;
    const admin = await userWithRole(owner, 'admin');
    expect((await admin.get(`/api/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(200);
    for (const role of ['viewer', 'sales', 'accountant'] as const) {
      const client = await userWithRole(owner, role);
      const before = await fingerprint(server);
      for (const [method, path, body] of [
        ['GET', '/api/v1/webhook-endpoints', undefined],
        ['POST', '/api/v1/webhook-endpoints', { url: PUBLIC_URL, events: ['*'] }],
        ['GET', `/api/v1/webhook-endpoints/${endpoint.id}`, undefined],
        ['PATCH', `/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: false }],
        ['DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`, undefined],
        ['POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`, undefined],
        ['GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, undefined],
      ] as const) {
        const response = await client.request(method, path, body);
        expect(response.status, `${role} ${method} ${path}`).toBe(403);
      }
      expect(await fingerprint(server)).toEqual(before);
    }
    expect((await new Client(server.url).get('/api/v1/webhook-endpoints')).status).toBe(401);
  });
});
