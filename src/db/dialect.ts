/**
 * The few places where SQLite and PostgreSQL differ, kept together so the rest of the
 * code base writes one query for both.
 */
import type { DialectName } from './connection.ts';

/** True when a write failed because it would duplicate a unique key. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
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
