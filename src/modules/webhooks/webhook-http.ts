/**
 * One webhook request, made carefully: the receiver is a stranger's server.
 * - The address is checked in the socket's own DNS lookup, so the connection goes to the
 *   address that was checked (no gap for DNS rebinding between a check and the connect);
 *   an IP literal, which Node connects to without a lookup, is checked before.
 * - 10 s for everything (connect, TLS, answer, body); redirects are not followed (a 3xx is
 *   a failure like any other non-2xx); at most 4 KB of the answer is read and kept.
 * - No connection pooling: every attempt connects (and looks up) afresh.
 * Never throws: every outcome becomes a result for the delivery log.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { assertAllowedAddress, bareHost, RefusedAddressError } from './webhook-address.ts';

export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 4096;

export interface WebhookResponse {
  /** 2xx. */
  ok: boolean;
  /** The receiver's status, or null when there was no answer. */
  statusCode: number | null;
  durationMs: number;
  /** Why it failed, for people; null on success. */
  error: string | null;
  /** The first 4 KB of the answer. */
  responseBody: string | null;
}

export interface SendOptions {
  allowPrivateNetworks: boolean;
  timeoutMs?: number;
}

/** dns.lookup, refusing names that resolve to any address a webhook may not reach. */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', undefined);
    try {
      // Every address, not only the first: a name with one public and one private address is refused.
      for (const { address } of addresses) assertAllowedAddress(hostname, address);
    } catch (refused) {
      return callback(refused as NodeJS.ErrnoException, '', undefined);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', undefined);
    callback(null, first.address, first.family);
  });
};

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `No answer within ${timeoutMs / 1000} s`;
  if (error instanceof RefusedAddressError) return `Refused: ${error.message} (allowed only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)`;
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Could not resolve the host (${String(code)})`;
  if (code === 'ECONNREFUSED') return 'Connection refused (ECONNREFUSED)';
  if (code === 'ECONNRESET') return 'The connection was reset (ECONNRESET)';
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' ? `${message} (${code})` : message).slice(0, 500);
}

function failureOf(statusCode: number): string {
  if (statusCode >= 300 && statusCode < 400) return `Answered HTTP ${statusCode}: redirects are not followed`;
  return `Answered HTTP ${statusCode}`;
}

export function postWebhook(url: URL, headers: Record<string, string>, body: string, options: SendOptions): Promise<WebhookResponse> {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  // An IP literal is connected to without a lookup: it is checked here instead.
  const host = bareHost(url);
  if (!options.allowPrivateNetworks && net.isIP(host) !== 0) {
    try {
      assertAllowedAddress(host, host);
    } catch (refused) {
      return Promise.resolve({ ok: false, statusCode: null, durationMs: 0, error: describeError(refused, false, timeoutMs), responseBody: null });
    }
  }

  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    let timedOut = false;
    const finish = (result: Omit<WebhookResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const fail = (error: unknown) => finish({ ok: false, statusCode: null, error: describeError(error, timedOut, timeoutMs), responseBody: null });

    let request: http.ClientRequest;
    try {
      request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
        lookup: options.allowPrivateNetworks ? undefined : guardedLookup,
      });
    } catch (error) {
      // Before the timer exists: answer directly.
      resolve({ ok: false, statusCode: null, durationMs: elapsed(), error: describeError(error, false, timeoutMs), responseBody: null });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('timed out'));
    }, timeoutMs);

    request.on('error', (error) => fail(error));
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        // Stored as text: invalid UTF-8 becomes U+FFFD, and so does NUL, which PostgreSQL text cannot hold.
        const responseBody = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8').replaceAll('\u0000', '\uFFFD');
        const ok = statusCode >= 200 && statusCode < 300;
        finish({ ok, statusCode, error: ok ? null : failureOf(statusCode), responseBody });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough to show someone what their endpoint said; the rest is not read at all.
        if (size >= MAX_RESPONSE_BYTES) {
          done();
          response.destroy();
        }
      });
      response.on('end', done);
      // A receiver that answers and then stalls or drops the connection still answered.
      response.on('error', () => done());
      response.on('close', () => done());
    });
    request.end(body);
  });
}
