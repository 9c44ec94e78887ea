/**
 * The few places where SQLite and PostgreSQL differ, kept together so the rest of the
 * code base writes one query for both.
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './executor.ts';
import type { Database } from './schema.ts';

/** True when a write failed because it would duplicate a unique key. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a write failed because a row it refers to (or that refers to it) is missing. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * A LIKE pattern matching `text` anywhere, with the user's own % and _ taken literally.
 * Use with `lower(column) like pattern escape '\'`, which both databases understand.
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The dialect an executor speaks, for code that holds only the executor (an event subscriber). */
export function dialectOf(executor: Kysely<Database> | Transaction<Database>): DialectName {
  return executor.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function describeDialect(dialect: DialectName): string {
  return dialect === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL';
}

/**
 * THE LOCK ORDER. Every write transaction takes its row locks in this one order, so that two
 * transactions never wait for each other in a circle (a deadlock): they queue instead.
 *
 *   0. the Idempotency-Key row of the request (server/idempotency.ts), when it has one;
 *   1. the organization row (memberships: the "last owner" rule), when needed;
 *   2. the customer row, first in every path that touches a customer's invoices, payments,
 *      refunds, credit notes or credit (`lockCustomer`; several customers: by id); then
 *      the billable metrics recorded usage names (FOR SHARE; a metric's own change locks
 *      only the metric: usage/usage.repo.ts);
 *   3. the document: the invoice (`lockRow(…'invoices'…)`) — or the subscription that is
 *      about to generate one (subscriptions.repo.ts `lock`), before the invoice it creates —
 *      then the rows that hang off it
 *      (payments, refunds, credit notes, lines, links, e-mails — new rows or rows only ever
 *      changed under the invoice's lock);
 *   4. the organization's document number counter (db/sequences.ts);
 *   5. the organization's document chain head (integrity/chain.repo.ts `appendToChain`),
 *      taken once the document's rows are written: it serialises every issue of the
 *      organization (invoices, credit notes, payments, refunds), so it comes after the
 *      per-customer and per-document locks and the counter (never waited on while holding
 *      a lock someone queued behind the head needs), and before the summaries;
 *   6. the report summaries, last among shared rows (reports/summaries/changes.ts writes
 *      them in one fixed table and key order).
 *
 * Event subscribers (kernel/events.ts) run inside the emitting transaction, in the module
 * order of server/modules.ts, after the use case's own locks: the audit log and the event
 * store only insert; the summaries take step 6; the webhook outbox reads the organization's
 * enabled endpoints FOR KEY SHARE (blocks only a DELETE or key change of an endpoint, which
 * itself locks the endpoint, then its deliveries, then their attempts, and nothing above).
 *
 * On PostgreSQL the locks are FOR NO KEY UPDATE, the lock an UPDATE that keeps the key takes:
 * it excludes other lockers and writers of the row but not the KEY SHARE lock a foreign key
 * check takes when a payment, line or credit note referring to the row is inserted. Inserting
 * rows that refer to a customer or invoice therefore never waits on, nor blocks, a lock
 * holder (FOR UPDATE did, and that is how finalize and payment deadlocked on one customer).
 * SQLite allows one writer at a time (BEGIN IMMEDIATE): the order holds trivially there.
 *
 * What no order can exclude (unique-index waits between unrelated documents, a future path
 * that errs) is retried by db/transaction.ts.
 */

/**
 * Takes a write lock on one row, so that concurrent changes to it (two payments on one
 * invoice, two owners demoting each other) run one after the other and each sees the
 * other's result. PostgreSQL locks the row (SELECT … FOR NO KEY UPDATE).
 *
 * SQLite: nothing to do. Every Settle transaction on SQLite begins with BEGIN IMMEDIATE
 * (db/connection.ts), which takes the database's single write lock before the first read,
 * in this process (one connection, behind Kysely's mutex) and against every other process
 * (busy_timeout): no other writer runs until this transaction ends, so no row it reads can
 * change under it and two transactions can never both act on a stale read. The no-op
 * `update … set id = id` that used to stand here bought nothing beyond that lock, and cost a
 * scan of the foreign-key indexes that refer to the row (customers: invoices, payments, …),
 * growing with the database. Outside a transaction a lock would end with its statement
 * anyway, so callers only ever use this inside one.
 */
export async function lockRow(
  trx: Transaction<Database> | Kysely<Database>,
  dialect: DialectName,
  table: 'organizations' | 'invoices' | 'customers' | 'payments',
  orgId: string,
  id: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  // Scoped like every other query: a request can never lock another organization's row.
  const scope = table === 'organizations' ? sql`id = ${orgId}` : sql`organization_id = ${orgId}`;
  await sql`select id from ${sql.table(table)} where ${scope} and id = ${id} for no key update`.execute(trx);
}

/** Serialises changes to one organization's memberships (the "last owner" rule). */
export function lockOrganizationRow(trx: Transaction<Database> | Kysely<Database>, dialect: DialectName, orgId: string): Promise<void> {
  return lockRow(trx, dialect, 'organizations', orgId, orgId);
}

/**
 * Step 2 of the lock order: the customers whose documents, payments or credit the
 * transaction is about to change, by id so that two multi-customer transactions agree.
 * Several customers are locked by one statement (a batch of usage events may name hundreds):
 * PostgreSQL sorts the rows first and locks them as it returns them, so in id order — byte
 * order (`collate "C"`), the order of JavaScript's sort for these ASCII ids.
 */
export async function lockCustomers(
  trx: Transaction<Database> | Kysely<Database>,
  dialect: DialectName,
  orgId: string,
  customerIds: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres') return; // BEGIN IMMEDIATE holds the write lock already (see lockRow)
  const ids = [...new Set(customerIds)].sort();
  if (ids.length <= 1) {
    for (const id of ids) await lockRow(trx, dialect, 'customers', orgId, id);
    return;
  }
  await sql`select id from customers where organization_id = ${orgId} and id in (${sql.join(ids)}) order by id collate "C" for no key update`.execute(trx);
}
