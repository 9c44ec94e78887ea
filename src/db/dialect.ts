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
 * Serialises concurrent changes to one organization's memberships (the "last owner" rule)
 * by taking a write lock on its row at the start of the transaction. PostgreSQL locks the
 * row; SQLite has one writer at a time, and a no-op write takes that lock now rather than
 * at the first real write, so two transactions cannot both read "two owners left".
 */
export async function lockOrganizationRow(trx: Transaction<Database> | Kysely<Database>, dialect: DialectName, orgId: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql`select id from organizations where id = ${orgId} for update`.execute(trx);
  } else {
    await sql`update organizations set id = id where id = ${orgId}`.execute(trx);
  }
}
