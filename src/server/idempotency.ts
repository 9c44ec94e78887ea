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
 *   the stack. A key whose response is already stored is replayed there, before validation,
 *   with one plain read.
 * - The effect and the stored response commit in ONE transaction, so either both exist or
 *   neither does: a crash or kill at any moment can never leave an effect without its
 *   response (a retry would repeat it) nor a response without its effect. The request's
 *   handler runs on a transaction opened for it (request-transaction.ts; use cases reach it
 *   through contextOf, and inTransaction runs on it instead of opening their own). The key
 *   is claimed first in that transaction (INSERT … ON CONFLICT DO NOTHING: the primary key
 *   (organization, key) makes the database the arbiter between concurrent retries and
 *   between server processes); onSend writes the response into the claim row and commits,
 *   before the response leaves the server, so a client can never receive an answer whose
 *   effect is not committed. Every other outcome (validation error, conflict, a 5xx, an
 *   exception, a reply that bypassed onSend) rolls back, so the claim disappears with the
 *   effect and the client may retry with the same key.
 * - A concurrent request with the same key: on PostgreSQL its claim would wait on the first
 *   one's uncommitted row; it waits at most CLAIM_WAIT_MS (lock_timeout) and then answers
 *   409 "still being processed" (Retry-After: 1), as before. On SQLite writers are
 *   serialized, so it simply runs after the first and replays its response.
 * - A deadlock or serialization failure in the handler (before its reply is sent) rolls the
 *   whole request transaction back and runs the handler again on a new one, a bounded
 *   number of times (db/transaction.ts).
 * - A claim row without a stored response can only be left by an earlier version of Settle,
 *   which claimed keys in a statement of their own: it is treated as in flight for
 *   LEGACY_IN_FLIGHT_MS after its creation, then taken over.
 * - Only 2xx responses are stored, JSON (or empty) bodies replayable. A route whose
 *   response carries a secret shown only once (a new API token) declares
 *   `config.idempotency = 'no-replay'`: its success is recorded without the body, and a
 *   retry gets 409 instead of the secret, which is therefore never stored in plain text;
 *   a 2xx that is not JSON is recorded the same way.
 * - Keys live 24 h, as with Stripe: an older row is treated as absent (deleted and claimed
 *   anew), and expired rows of the organization are purged opportunistically when a key is
 *   used, at most once a minute per organization and process, so the table stays small
 *   without a scheduler and without a scan on every POST.
 * - Tests simulate a process killed around the commit through `faults` in the app deps
 *   (IdempotencyFaults below); production never sets it.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { MAX_TRANSACTION_ATTEMPTS, isRetryableTransactionError, retryDelayMs, runOnRequestTransaction } from '../db/transaction.ts';
import type { IdempotencyFaults } from '../kernel/deps.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { Principal } from '../kernel/context.ts';
import {
  beginRequestTransaction,
  commitRequestTransaction,
  openRequestTransaction,
  rollbackRequestTransaction,
} from '../kernel/http/request-transaction.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'no-replay': the success response holds a secret; record the effect, never the body. */
    idempotency?: 'replay' | 'no-replay';
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** A claim row without a response, left by an earlier version of Settle, is taken over after this. */
export const LEGACY_IN_FLIGHT_MS = 60_000;
/** How long a claim waits for a concurrent request with the same key (PostgreSQL) before 409. */
export const CLAIM_WAIT_MS = 200;
/** Keys (and their stored responses) expire after this. */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 60_000;
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const MAX_CLAIM_ATTEMPTS = 3;

const DIFFERENT_REQUEST = 'Idempotency-Key was already used with a different request';
const IN_FLIGHT = 'A request with this Idempotency-Key is still being processed';
const NOT_REPLAYABLE =
  'The request with this Idempotency-Key already succeeded; its response cannot be shown again (it held a secret shown only once, or was not JSON)';

/** What preValidation learned about a keyed request; the handler wrapper claims the key. */
interface Pending {
  orgId: string;
  key: string;
  principalId: string;
  method: string;
  path: string;
  requestHash: string;
  nowMs: number;
  replay: boolean;
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

/**
 * A streamed upload (multipart/form-data: `POST /imports`) has no parsed body when the key is
 * judged: its media type and length stand for it, so a key reused for another file is a
 * conflict rather than a replay of the first file's answer. The boundary is left out: clients
 * draw a new one when they retry the same request.
 */
export function streamedUpload(headers: { 'content-type'?: string; 'content-length'?: string }): { media_type: string; length: string | null } | undefined {
  const type = headers['content-type'];
  if (type === undefined || !/^multipart\//i.test(type)) return undefined;
  return { media_type: (type.split(';')[0] ?? type).trim().toLowerCase(), length: headers['content-length'] ?? null };
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  const hash = crypto.createHash('sha256');
  hash.update(`${method}\n${path}\n`);
  // No body at all is not the same request as a JSON null.
  if (body === undefined) hash.update('-');
  else hashCanonicalJson(hash, body);
  return hash.digest('hex');
}

const LOCK_NOT_AVAILABLE = '55P03';

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE;
}

const inFlight = () => new AppError('conflict', IN_FLIGHT, [], 1);

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

export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock; faults?: IdempotencyFaults }): void {
  const kysely = deps.db.kysely;
  const pendings = new WeakMap<FastifyRequest, Pending>();
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

  const readRow = (db: Transaction<Database> | Db['kysely'], pending: Pending): Promise<StoredRow | undefined> =>
    db
      .selectFrom('idempotency_keys')
      .select(['principal_id', 'request_hash', 'status_code', 'response_body', 'created_at'])
      .where('organization_id', '=', pending.orgId)
      .where('key', '=', pending.key)
      .executeTakeFirst();

  /**
   * What an existing row means for this request: a stored response to replay, a conflict
   * (thrown), or 'absent' — none, or one that no longer counts (expired, or a claim an
   * earlier version abandoned), which is then deleted.
   */
  async function judge(db: Transaction<Database> | Db['kysely'], pending: Pending, row: StoredRow | undefined): Promise<StoredRow | 'absent'> {
    if (row === undefined) return 'absent';
    const age = pending.nowMs - Date.parse(row.created_at);
    if (age >= KEY_TTL_MS || (row.status_code === null && age >= LEGACY_IN_FLIGHT_MS)) {
      await db
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', pending.orgId)
        .where('key', '=', pending.key)
        .where('created_at', '=', row.created_at)
        .execute();
      return 'absent';
    }
    if (row.principal_id !== pending.principalId || row.request_hash !== pending.requestHash) throw AppError.conflict(DIFFERENT_REQUEST);
    if (row.status_code === null) throw inFlight();
    return row;
  }

  /** Claims the key inside the request transaction: 'claimed', or the stored row to replay. */
  async function claim(trx: Transaction<Database>, pending: Pending): Promise<StoredRow | 'claimed'> {
    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      let previousTimeout: string | undefined;
      if (deps.db.dialect === 'postgres') {
        // Wait briefly, not for the whole of a concurrent request holding the same key.
        const { rows } = await sql<{ previous: string }>`select current_setting('lock_timeout') as previous, set_config('lock_timeout', ${`${CLAIM_WAIT_MS}ms`}, true)`.execute(trx);
        previousTimeout = rows[0]?.previous;
      }
      const inserted = await trx
        .insertInto('idempotency_keys')
        .values({
          organization_id: pending.orgId,
          key: pending.key,
          principal_id: pending.principalId,
          method: pending.method,
          path: pending.path,
          request_hash: pending.requestHash,
          status_code: null,
          response_body: null,
          created_at: new Date(pending.nowMs).toISOString(),
        })
        .onConflict((oc) => oc.columns(['organization_id', 'key']).doNothing())
        .executeTakeFirst();
      if (previousTimeout !== undefined) await sql`select set_config('lock_timeout', ${previousTimeout}, true)`.execute(trx);
      if (inserted.numInsertedOrUpdatedRows === 1n) return 'claimed';
      const verdict = await judge(trx, pending, await readRow(trx, pending));
      if (verdict !== 'absent') return verdict;
    }
    throw inFlight();
  }

  async function replay(reply: FastifyReply, row: StoredRow): Promise<FastifyReply> {
    if (row.response_body === null) throw AppError.conflict(NOT_REPLAYABLE);
    void reply.code(row.status_code ?? 200).header(REPLAYED_HEADER, 'true');
    if (row.response_body === '') return reply.send();
    return reply.type('application/json; charset=utf-8').send(row.response_body);
  }

  /** Runs a keyed request's handler on its own transaction, from the claim; again after a deadlock. */
  async function runClaimed(
    instance: FastifyInstance,
    handler: RouteHandlerMethod,
    request: FastifyRequest,
    reply: FastifyReply,
    pending: Pending,
  ): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const { trx, db } = await beginRequestTransaction(request, deps.db);
      try {
        const claimed = await claim(trx, pending);
        if (claimed !== 'claimed') {
          await rollbackRequestTransaction(request);
          return await replay(reply, claimed);
        }
      } catch (error) {
        await rollbackRequestTransaction(request);
        throw isLockTimeout(error) ? inFlight() : error;
      }
      try {
        // onSend commits (or rolls back) the transaction once the reply is known.
        return await runOnRequestTransaction(db, () => handler.call(instance, request, reply));
      } catch (error) {
        await rollbackRequestTransaction(request);
        if (reply.sent || attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        request.log.warn({ err: error, attempt }, 'the request conflicted with another transaction; running it again');
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
      }
    }
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
    const path = request.url.split('?')[0] ?? request.url;
    const pending: Pending = {
      orgId: principal.orgId,
      key: header,
      principalId: principalKey(principal),
      method: request.method,
      path,
      requestHash: requestFingerprint(request.method, path, request.body ?? streamedUpload(request.headers)),
      nowMs: deps.clock.now().getTime(),
      replay: request.routeOptions.config.idempotency !== 'no-replay',
    };
    await purgeExpired(pending.orgId, pending.nowMs);
    // A stored response is replayed here, before validation and without a write transaction.
    const verdict = await judge(kysely, pending, await readRow(kysely, pending));
    if (verdict !== 'absent') return replay(reply, verdict);
    pendings.set(request, pending);
  });

  // Every POST handler is wrapped: with a key (preValidation left a Pending) it runs on the
  // request transaction; without one it runs as it is.
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return;
    const handler = route.handler as RouteHandlerMethod;
    const wrapped = async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
      const pending = pendings.get(request);
      if (pending === undefined) return handler.call(this, request, reply);
      return runClaimed(this, handler, request, reply, pending);
    };
    route.handler = wrapped;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = pendings.get(request);
    const open = openRequestTransaction(request);
    if (pending === undefined || open === undefined) return payload;
    if (reply.statusCode < 200 || reply.statusCode >= 300) {
      await rollbackRequestTransaction(request);
      return payload;
    }
    const body = storableBody(reply, payload);
    try {
      await open.trx
        .updateTable('idempotency_keys')
        .set({ status_code: reply.statusCode, response_body: pending.replay ? body : null })
        .where('organization_id', '=', pending.orgId)
        .where('key', '=', pending.key)
        .execute();
      await deps.faults?.beforeCommit?.(request);
      await commitRequestTransaction(request);
    } catch (error) {
      // Nothing is committed: the client gets an error, and may retry with the same key.
      await rollbackRequestTransaction(request);
      throw error;
    }
    await deps.faults?.afterCommit?.(request);
    return payload;
  });

  // Safety net: a reply that bypassed onSend (hijacked, or the socket failed) still ends its transaction.
  app.addHook('onResponse', async (request) => {
    await rollbackRequestTransaction(request);
  });
}
