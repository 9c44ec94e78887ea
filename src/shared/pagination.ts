/**
 * Cursor pagination: lists are ordered by a key ending in the unique id, so the cursor is
 * the last row's key, base64url-encoded to keep it opaque. `limit + 1` rows are fetched to
 * know whether there is a next page without a COUNT.
 */
import { AppError } from './errors.ts';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function isKeyParts(parts: unknown[]): parts is (string | number)[] {
  return parts.every((part) => typeof part === 'string' || typeof part === 'number');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === length &&
      isKeyParts(parsed) &&
      parsed.every((part) => (typeof part === 'string' && !part.includes('\u0000') && part.isWellFormed() && part.length <= 500) || Number.isSafeInteger(part))
    ) {
      return parsed;
    }
  } catch {
    // fall through to the error below
  }
  throw AppError.validation('cursor', 'is not a cursor returned by this list');
}

/** Turns `limit + 1` fetched rows into a page and its next cursor. */
export function toPage<Row, Out>(rows: Row[], limit: number, keyOf: (row: Row) => (string | number)[], map: (row: Row) => Out): Page<Out> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(map),
    next_cursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
