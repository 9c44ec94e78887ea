/**
 * Webhook helpers for integration tests: add an endpoint, read its delivery log, run the
 * due jobs until the receiver has seen what a test waits for, and check a signature the
 * way a receiver following the documentation would (node:crypto), independently of the
 * server's own signing code.
 */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Client } from './http.ts';
import type { TestServer } from './server.ts';
import type { ReceivedRequest } from './webhook-receiver.ts';

/** Test servers whose receivers run on 127.0.0.1 over plain HTTP. */
export const LOCAL_RECEIVER_ENV = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

export async function addEndpoint(client: Client, url: string, events: string[] = ['customer.created'], description?: string): Promise<any> {
  const response = await client.post('/api/v1/webhook-endpoints', { url, events, ...(description === undefined ? {} : { description }) });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

export async function deliveriesOf(client: Client, endpointId: string): Promise<any[]> {
  const response = await client.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`);
  expect(response.status, response.text).toBe(200);
  return response.body.data;
}

/** The requests a receiver got on one path (each test uses its own). */
export function requestsTo(requests: readonly ReceivedRequest[], path: string): ReceivedRequest[] {
  return requests.filter((request) => request.path === path);
}

/**
 * Runs every job due by the test clock, and waits for the server's background worker (which
 * is woken by the same commits) to finish what it took: afterwards every attempt made so far
 * is recorded, and the next ones are scheduled from the clock as it is now.
 */
export async function runJobs(server: TestServer): Promise<void> {
  for (;;) {
    await server.app.jobs.runDueJobs();
    if (!server.app.jobs.busy) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs due jobs until `path` has received `count` requests and their outcomes are recorded. */
export async function deliverUntil(server: TestServer, requests: readonly ReceivedRequest[], path: string, count: number): Promise<ReceivedRequest[]> {
  await expect
    .poll(
      async () => {
        await runJobs(server);
        return requestsTo(requests, path).length;
      },
      { timeout: 15_000, interval: 50 },
    )
    .toBeGreaterThanOrEqual(count);
  await runJobs(server);
  return requestsTo(requests, path);
}

/** The Standard Webhooks signature recomputed from the documentation: v1,base64(HMAC-SHA256(key, "id.timestamp.body")). */
export function expectedSignature(secret: string, request: Pick<ReceivedRequest, 'headers' | 'body'>): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
  return `v1,${crypto.createHmac('sha256', key).update(signed).digest('base64')}`;
}
