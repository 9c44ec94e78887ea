/**
 * GDPR erasure reaches the webhook log: anonymizing a customer erases its personal data from
 * the stored bodies of the deliveries about it and from what receivers answered (which may
 * quote it); a delivery still waiting goes out erased; other customers' deliveries stay as
 * they were.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { addEndpoint, deliverUntil, deliveriesOf, LOCAL_RECEIVER_ENV } from '../support/webhooks.ts';

const PERSONAL = ['Erika Mustermann', 'erika.mustermann@example.org', '+49 170 5550123', 'Heidestraße 17', 'DE123456789', 'Call after 5pm', '+49 170 5550999'];

describeEachDb('webhook payloads and GDPR erasure', (kind) => {
  let server: TestServer;
  let owner: Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer(kind, { env: LOCAL_RECEIVER_ENV });
    owner = await setupOwner(server.url);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.kill();
    await server?.close();
  });

  const storedText = async () => {
    const deliveries = await server.db.kysely.selectFrom('webhook_deliveries').select(['event_type', 'payload']).execute();
    const attempts = await server.db.kysely.selectFrom('webhook_attempts').select(['response_body', 'error']).execute();
    return JSON.stringify({ deliveries, attempts });
  };

  it('anonymizing a customer erases it from stored payloads and receivers’ answers; a waiting delivery goes out erased', async () => {
    const endpoint = await addEndpoint(owner, `${receiver.origin}/gdpr`, ['*']);
    await receiver.echo(true);
    const erika = await createCustomer(owner, {
      name: 'Erika Mustermann',
      email: 'erika.mustermann@example.org',
      phone: '+49 170 5550123',
      address: { line1: 'Heidestraße 17', city: 'Köln', postal_code: '51147', country: 'DE' },
      tax_id: 'DE123456789',
      notes: 'Call after 5pm',
    });
    const other = await createCustomer(owner, { name: 'Otto Normal', email: 'otto@example.org' });
    await deliverUntil(server, receiver.requests, '/gdpr', 2);
    // The update's delivery fails once and is still waiting when the customer is anonymized.
    await receiver.respondWith([500]);
    expect((await owner.patch(`/api/v1/customers/${erika.id}`, { phone: '+49 170 5550999' })).status).toBe(200);
    await deliverUntil(server, receiver.requests, '/gdpr', 3);
    expect((await deliveriesOf(owner, endpoint.id))[0]).toMatchObject({ event_type: 'customer.updated', status: 'pending' });
    const before = await storedText();
    for (const value of PERSONAL) expect(before).toContain(value);

    const anonymized = await owner.post(`/api/v1/customers/${erika.id}/anonymize`);
    expect(anonymized.status, anonymized.text).toBe(200);
    const after = await storedText();
    for (const value of PERSONAL) expect(after, value).not.toContain(value);
    expect(after).toContain('(erased)');
    // The other customer's deliveries are as they were.
    expect(after).toContain('Otto Normal');
    expect(after).toContain('otto@example.org');
    expect(after).toContain(other.id);

    // What was waiting goes out erased, with its webhook-id; the anonymization is an event too.
    server.clock.advance(5000);
    const requests = await deliverUntil(server, receiver.requests, '/gdpr', 5);
    const late = requests.slice(3).map((request) => JSON.parse(request.body));
    expect(late.map((body) => body.type).sort()).toEqual(['customer.anonymized', 'customer.updated']);
    for (const body of late) for (const value of PERSONAL) expect(JSON.stringify(body), value).not.toContain(value);
    const updated = late.find((body) => body.type === 'customer.updated');
    expect(updated.data.object).toMatchObject({ id: erika.id, name: '(erased)', email: '(erased)', phone: '(erased)' });
    expect(requests[2]!.headers['webhook-id']).toBe(updated.id);
    await receiver.echo(false);
  });
});
