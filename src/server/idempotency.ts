/**
 * Idempotency-Key for POST requests, so that a client whose connection dropped can retry a
 * payment or an invoice without doubling it. Why it is built the way it is:
 *
 * - Only authenticated POSTs under /api/v1 take part. Public routes (setup, login) have no
 *   organization to scope a key to, and other methods are idempotent by themselves or not
 *   worth a stored response. Keys are scoped by organization and bound to the principal
 *   (user, or API token) and to a fingerprint of the request, so a key can never replay
 *   another tenant's or another user's response, nor answer a different request.
 * - The fingerprint is taken in preValidation, after the NUL guard and before the route's
 *   schema runs: it hashes what the client sent (method, path, body with object keys
 *   sorted), not what our transforms made of it, so a schema change cannot turn a genuine
 *   retry into a conflict. The body is hashed iteratively: no input nesting can overflow
 *   the stack.
 * - The key is claimed by INSERTing its row (status null = in flight) in its own
 *   autocommitted statement, before the handler runs. The primary key (organization, key)
 *   makes the database the arbiter between concurrent retries and between server
 *   processes: exactly one request wins the claim; the others see the row and answer 409
 *   (still in flight) or replay the stored response — never a second effect.
 * - The response is stored in onSend, before it leaves the server, so a client can never
 *   receive an answer and then retry into a claim that is not completed yet. Only 2xx
 *   responses are stored, and only JSON (or empty) bodies: every other outcome (validation
 *   error, conflict, a 5xx, an exception) deletes the claim, so a rejected request changes
 *   nothing and the client may retry with the same key. onResponse releases any claim that
 *   onSend did not settle (a hijacked reply), so no code path keeps a claim.
 * - The effect and the stored response are not committed atomically (the handler owns its
 *   transactions). If the process dies in between, the claim stays in flight; after 60 s a
 *   retry takes it over (compare-and-set on created_at, so only one retry does), because a
 *   request cannot legitimately run that long and a key stuck forever would be worse.
 * - Keys live 24 h, as with Stripe: an older row is treated as absent (deleted and claimed
 *   anew), and expired rows of the organization are purged opportunistically when a key is
 *   claimed, at most once a minute per organization and process, so the table stays small
 *   without a scheduler and without a scan on every POST.
 * - A route whose response carries a secret shown only once (a new API token) declares
 *   `config.idempotency = 'no-replay'`: its success is recorded without the body, and a
 *   retry gets 409 instead of the secret, which is therefore never stored in plain text.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { Principal } from './context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'no-replay': the success response holds a secret; record the effect, never the body. */
    idempotency?: 'replay' | 'no-replay';
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** An in-flight claim older than this belongs to a request that will never finish. */
export const IN_FLIGHT_TIMEOUT_MS = 60_000;
/** Keys (and their stored responses) expire after this. */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 60_000;
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const MAX_CLAIM_ATTEMPTS = 3;

const DIFFERENT_REQUEST = 'Idempotency-Key was already used with a different request';
const IN_FLIGHT = 'A request with this Idempotency-Key is still being processed';
const NOT_REPLAYABLE = 'The request with this Idempotency-Key already succeeded; its response held a secret that is shown only once';

interface Claim {
  orgId: string;
  key: string;
  /** The claim's created_at: proves the row is still ours when we settle it. */
  createdAt: string;
  replay: boolean;
  settled: boolean;
}

interface StoredRow {
  principal_id: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

/**
 * Feeds the canonical JSON of `value` (object keys sorted, undefined members dropped as
 * JSON.stringify does) into the hash, with an explicit stack instead of recursion.
 */
function hashCanonicalJson(hash: crypto.Hash, value: unknown): void {
  type Work = { value: unknown } | string;
  const stack: Work[] = [{ value }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      hash.update(item);
      continue;
    }
    let current = item.value;
    if (current !== null && typeof current === 'object' && typeof (current as { toJSON?: unknown }).toJSON === 'function') {
      current = (current as { toJSON: () => unknown }).toJSON();
    }
    if (Array.isArray(current)) {
      const array: unknown[] = current;
      stack.push(']');
      for (let i = array.length - 1; i >= 0; i--) {
        const element = array[i];
        stack.push(element === undefined || typeof element === 'function' ? 'null' : { value: element });
        if (i > 0) stack.push(',');
      }
      stack.push('[');
    } else if (current !== null && typeof current === 'object') {
      const entries: [string, unknown][] = Object.entries(current as Record<string, unknown>).filter(
        ([, v]) => v !== undefined && typeof v !== 'function',
      );
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stack.push('}');
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        stack.push({ value: v });
        stack.push(`${JSON.stringify(k)}:`);
        if (i > 0) stack.push(',');
      }
      stack.push('{');
    } else {
      // Primitives as JSON writes them (a non-finite number becomes null).
      hash.update(JSON.stringify(current) ?? 'null');
    }
  }
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${method}\n${path}\n`);
  // No body at all is not the same request as a JSON null.
  if (body === undefined) hash.update('-');
  else hashCanonicalJson(hash, body);
  return hash.digest('hex');
}

function principalKey(principal: Principal): string {
  return principal.via === 'token' ? `token:${principal.tokenId ?? principal.userId}` : `user:${principal.userId}`;
}

function isJsonResponse(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && JSON_MEDIA_TYPE.test(type);
}

/** The body to store for a 2xx response, or null when it cannot be replayed faithfully. */
function storableBody(reply: FastifyReply, payload: unknown): string | null {
  if (reply.statusCode === 204 || reply.statusCode === 205) return '';
  if (!isJsonResponse(reply)) return null;
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null;
}

export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock }): void {
  const kysely = deps.db.kysely;
  const claims = new WeakMap<FastifyRequest, Claim>();
  const lastPurge = new Map<string, number>();

  async function purgeExpired(orgId: string, now: number): Promise<void> {
    const last = lastPurge.get(orgId);
    if (last !== undefined && now - last >= 0 && now - last < PURGE_INTERVAL_MS) return;
    if (lastPurge.size > 10_000) lastPurge.clear();
    lastPurge.set(orgId, now);
    await kysely
      .deleteFrom('idempotency_keys')
      .where('organization_id', '=', orgId)
      .where('created_at', '<', new Date(now - KEY_TTL_MS).toISOString())
      .execute();
  }

  async function release(request: FastifyRequest, claim: Claim): Promise<void> {
    claim.settled = true;
    try {
      await kysely
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', claim.orgId)
        .where('key', '=', claim.key)
        .where('created_at', '=', claim.createdAt)
        .where('status_code', 'is', null)
        .execute();
    } catch (error) {
      // The claim turns stale and is taken over after IN_FLIGHT_TIMEOUT_MS.
      request.log.error({ err: error, idempotencyKey: claim.key }, 'could not release an idempotency claim');
    }
  }

  async function complete(request: FastifyRequest, claim: Claim, statusCode: number, body: string | null): Promise<void> {
    claim.settled = true;
    try {
      const result = await kysely
        .updateTable('idempotency_keys')
        .set({ status_code: statusCode, response_body: body })
        .where('organization_id', '=', claim.orgId)
        .where('key', '=', claim.key)
        .where('created_at', '=', claim.createdAt)
        .where('status_code', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) request.log.warn({ idempotencyKey: claim.key }, 'idempotency claim was taken over before the response was stored');
    } catch (error) {
      // The effect has happened: the response must still go out. Release what we can.
      request.log.error({ err: error, idempotencyKey: claim.key }, 'could not store an idempotent response');
      claim.settled = false;
      await release(request, claim);
    }
  }

  async function replay(reply: FastifyReply, row: StoredRow): Promise<FastifyReply> {
    if (row.response_body === null) throw AppError.conflict(NOT_REPLAYABLE);
    void reply.code(row.status_code ?? 200).header(REPLAYED_HEADER, 'true');
    if (row.response_body === '') return reply.send();
    return reply.type('application/json; charset=utf-8').send(row.response_body);
  }

  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST') return;
    const requirement = request.routeOptions.config.requires;
    const principal = request.principal;
    if (requirement === undefined || requirement === 'public' || principal === null) return;
    if (!request.routeOptions.url?.startsWith('/api/v1/')) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw AppError.validation('Idempotency-Key', 'must be 1 to 255 printable ASCII characters');
    }

    const key = header;
    const orgId = principal.orgId;
    const principalId = principalKey(principal);
    const path = request.url.split('?')[0] ?? request.url;
    const requestHash = requestFingerprint(request.method, path, request.body);
    const nowMs = deps.clock.now().getTime();
    const createdAt = new Date(nowMs).toISOString();

    await purgeExpired(orgId, nowMs);

    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      const inserted = await kysely
        .insertInto('idempotency_keys')
        .values({
          organization_id: orgId,
          key,
          principal_id: principalId,
          method: request.method,
          path,
          request_hash: requestHash,
          status_code: null,
          response_body: null,
          created_at: createdAt,
        })
        .onConflict((oc) => oc.columns(['organization_id', 'key']).doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 1n) {
        claims.set(request, { orgId, key, createdAt, replay: request.routeOptions.config.idempotency !== 'no-replay', settled: false });
        return;
      }

      const row = await kysely
        .selectFrom('idempotency_keys')
        .select(['principal_id', 'request_hash', 'status_code', 'response_body', 'created_at'])
        .where('organization_id', '=', orgId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined) continue; // released in between: claim again

      const age = nowMs - Date.parse(row.created_at);
      if (age >= KEY_TTL_MS) {
        // Expired but not purged yet: it no longer exists for the client.
        await kysely
          .deleteFrom('idempotency_keys')
          .where('organization_id', '=', orgId)
          .where('key', '=', key)
          .where('created_at', '=', row.created_at)
          .execute();
        continue;
      }
      if (row.principal_id !== principalId || row.request_hash !== requestHash) throw AppError.conflict(DIFFERENT_REQUEST);
      if (row.status_code !== null) return replay(reply, row);
      if (age < IN_FLIGHT_TIMEOUT_MS) throw new AppError('conflict', IN_FLIGHT, [], 1);

      // The request that claimed the key died: take the claim over, unless another retry did first.
      const taken = await kysely
        .updateTable('idempotency_keys')
        .set({ created_at: createdAt })
        .where('organization_id', '=', orgId)
        .where('key', '=', key)
        .where('created_at', '=', row.created_at)
        .where('status_code', 'is', null)
        .executeTakeFirst();
      if (taken.numUpdatedRows === 1n) {
        request.log.warn({ idempotencyKey: key, claimedAt: row.created_at }, 'took over a stale idempotency claim');
        claims.set(request, { orgId, key, createdAt, replay: request.routeOptions.config.idempotency !== 'no-replay', settled: false });
        return;
      }
      throw new AppError('conflict', IN_FLIGHT, [], 1);
    }
    throw new AppError('conflict', IN_FLIGHT, [], 1);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (claim === undefined || claim.settled) return payload;
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const body = storableBody(reply, payload);
      if (body === null) await release(request, claim);
      else await complete(request, claim, reply.statusCode, claim.replay ? body : null);
    } else {
      await release(request, claim);
    }
    return payload;
  });

  // Safety net: a reply that bypassed onSend (hijacked, or the socket failed) still frees its key.
  app.addHook('onResponse', async (request) => {
    const claim = claims.get(request);
    if (claim !== undefined && !claim.settled) await release(request, claim);
  });
}
