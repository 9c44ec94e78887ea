/**
 * The few places where SQLite and PostgreSQL differ, kept together so the rest of the
 * code base writes one query for both.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './connection.ts';
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

export function describeDialect(dialect: DialectName): string {
  return dialect === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL';
}

/**
 * Takes a write lock on one row at the start of a transaction, so that concurrent changes
 * to it (two payments on one invoice, two owners demoting each other) run one after the
 * other and each sees the other's result. PostgreSQL locks the row (SELECT … FOR UPDATE);
 * SQLite allows one writer at a time, and a no-op write takes that lock now rather than at
 * the first real write, so two transactions cannot both act on a stale read.
 */
export async function lockRow(
  trx: Transaction<Database> | Kysely<Database>,
  dialect: DialectName,
  table: 'organizations' | 'invoices' | 'customers' | 'payments',
  orgId: string,
  id: string,
): Promise<void> {
  // Scoped like every other query: a request can never lock another organization's row.
  const scope = table === 'organizations' ? sql`id = ${orgId}` : sql`organization_id = ${orgId}`;
  if (dialect === 'postgres') {
    await sql`select id from ${sql.table(table)} where ${scope} and id = ${id} for update`.execute(trx);
  } else {
    await sql`update ${sql.table(table)} set id = id where ${scope} and id = ${id}`.execute(trx);
  }
}

/** Serialises changes to one organization's memberships (the "last owner" rule). */
export function lockOrganizationRow(trx: Transaction<Database> | Kysely<Database>, dialect: DialectName, orgId: string): Promise<void> {
  return lockRow(trx, dialect, 'organizations', orgId, orgId);
}
