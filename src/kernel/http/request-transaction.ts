/**
 * One database transaction for a whole request: opened before the handler, committed or
 * rolled back by the composition root (idempotency.ts uses it so that an effect and its
 * stored response commit together). While it is open, `requestDb` / `contextOf` hand the
 * handler a Db that runs on it, and `inTransaction` (db/transaction.ts) runs its work on it
 * instead of opening a transaction of its own. Anything that bypasses it fails loudly
 * (see assertNoOpenRequestTransaction in db/transaction.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { ControlledTransaction } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { scopedDb, settleScope } from '../../db/transaction.ts';

export interface RequestTransaction {
  trx: ControlledTransaction<Database>;
  /** The Db handlers see: its kysely is `trx`. */
  db: Db;
  settled: boolean;
}

const open = new WeakMap<FastifyRequest, RequestTransaction>();

/** The Db a handler must use: its request's open transaction, or the database itself. */
export function requestDb(request: FastifyRequest, deps: { db: Db }): Db {
  const current = open.get(request);
  return current !== undefined && !current.settled ? current.db : deps.db;
}

/** The request's transaction while it is open. */
export function openRequestTransaction(request: FastifyRequest): RequestTransaction | undefined {
  const current = open.get(request);
  return current !== undefined && !current.settled ? current : undefined;
}

export async function beginRequestTransaction(request: FastifyRequest, root: Db): Promise<RequestTransaction> {
  if (openRequestTransaction(request) !== undefined) throw new Error('the request already has an open transaction');
  const trx = await root.kysely.startTransaction().execute();
  const current: RequestTransaction = { trx, db: scopedDb(root, trx), settled: false };
  open.set(request, current);
  return current;
}

export async function commitRequestTransaction(request: FastifyRequest): Promise<void> {
  const current = openRequestTransaction(request);
  if (current === undefined) throw new Error('the request has no open transaction to commit');
  current.settled = true;
  try {
    await current.trx.commit().execute();
  } catch (error) {
    // Nothing was committed: give the connection back and tell the caller.
    await current.trx.rollback().execute().catch(() => undefined);
    settleScope(current.db, false);
    throw error;
  }
  settleScope(current.db, true);
}

/** Rolls the request's transaction back if it is still open; never throws. */
export async function rollbackRequestTransaction(request: FastifyRequest): Promise<void> {
  const current = openRequestTransaction(request);
  if (current === undefined) return;
  current.settled = true;
  settleScope(current.db, false);
  try {
    await current.trx.rollback().execute();
  } catch (error) {
    // A dead connection rolls back by itself; the pool replaces it.
    request.log.error({ err: error }, 'could not roll back the request transaction');
  }
}
