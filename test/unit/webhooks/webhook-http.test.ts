/**
 * The webhook request against local servers: a 3xx is a failure and is not followed, at most
 * 4 KB of an answer is kept, a receiver that does not answer in time is given up on, and a
 * host that is or resolves to a loopback address is never connected to without
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../../src/modules/webhooks/webhook-http.ts';

describe('postWebhook', () => {
  let server: http.Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.url ?? '');
      request.resume();
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/target' }).end();
      } else if (request.url === '/large') {
        response.writeHead(200);
        response.end('x'.repeat(1024 * 1024));
      } else if (request.url === '/slow') {
        setTimeout(() => response.writeHead(200).end('late'), 2000);
      } else if (request.url === '/binary') {
        response.writeHead(200).end(Buffer.from([0x6f, 0x6b, 0x00, 0xff]));
      } else if (request.url === '/error') {
        response.writeHead(503).end('down for maintenance');
      } else {
        response.writeHead(204).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const allow = { allowPrivateNetworks: true };
  const post = (path: string, options = allow, host = '127.0.0.1') => postWebhook(new URL(`http://${host}:${port}${path}`), { 'content-type': 'application/json' }, '{}', options);

  it('succeeds on 2xx', async () => {
    expect(await post('/ok')).toMatchObject({ ok: true, statusCode: 204, error: null });
  });

  it('does not follow redirects: a 3xx is a failure', async () => {
    expect(await post('/redirect')).toMatchObject({ ok: false, statusCode: 302, error: 'Answered HTTP 302: redirects are not followed' });
    expect(seen).not.toContain('/target');
  });

  it('keeps at most 4 KB of the answer, and the status of a non-2xx', async () => {
    const large = await post('/large');
    expect(large).toMatchObject({ ok: true, statusCode: 200 });
    expect(large.responseBody).toHaveLength(4096);
    // Storable text: no NUL (PostgreSQL), no invalid UTF-8.
    expect((await post('/binary')).responseBody).toBe('ok\uFFFD\uFFFD');
    expect(await post('/error')).toMatchObject({ ok: false, statusCode: 503, error: 'Answered HTTP 503', responseBody: 'down for maintenance' });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const slow = await postWebhook(new URL(`http://127.0.0.1:${port}/slow`), {}, '{}', { ...allow, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, statusCode: null, error: 'No answer within 0.2 s' });
    expect(slow.durationMs).toBeLessThan(1500);
  });

  it('refuses loopback hosts, by literal and by name, without connecting', async () => {
    const before = seen.length;
    const strict = { allowPrivateNetworks: false };
    expect((await post('/ok', strict)).error).toBe('Refused: 127.0.0.1 is a loopback address (allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)');
    expect((await post('/ok', strict, 'localhost')).error).toBe('Refused: localhost resolves to 127.0.0.1, a loopback address (allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)');
    expect((await post('/ok', strict, '[::ffff:127.0.0.1]')).error).toContain('(127.0.0.1) is a loopback address');
    expect(seen.length).toBe(before);
  });

  it('reports a refused connection', async () => {
    server.closeAllConnections();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await postWebhook(new URL(`http://127.0.0.1:${deadPort}/`), {}, '{}', allow);
    expect(result).toMatchObject({ ok: false, statusCode: null, error: 'Connection refused (ECONNREFUSED)' });
  });
});
