/**
 * Server-side sorting for lists: `?sort=<field>` (ascending) or `?sort=-<field>` (descending)
 * from a per-list whitelist, with keyset pagination over the sort key and the unique id.
 *
 * A field sorts by one or more SQL expressions; each is selected into the row as `_sk<i>` so
 * the last row of a page yields the cursor `[sort, ...values, id]`: a cursor from another
 * ordering is refused (422 naming `cursor`). Nullable columns are coalesced so the keyset
 * comparison never meets NULL. Amount fields sort by currency first (always A–Z), then the
 * amount, so amounts of different currencies never interleave.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../shared/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../shared/pagination.ts';

export interface SortColumn {
  expr: RawBuilder<unknown>;
  kind: 'text' | 'number';
  /** Always this direction, whatever the requested one (the currency before an amount). */
  fixed?: 'asc';
}

/** field → the columns it orders by (the id is added as the last tie-breaker). */
export type SortSpec = Readonly<Record<string, readonly SortColumn[]>>;

/** The accepted `?sort=` values of a spec: each field and its `-field`. */
export function sortValues(spec: SortSpec): [string, ...string[]] {
  const fields = Object.keys(spec);
  return fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
}

export const text = (column: string): SortColumn => ({ expr: sql`coalesce(${sql.ref(column)}, '')`, kind: 'text' });
export const num = (column: string): SortColumn => ({ expr: sql`coalesce(${sql.ref(column)}, 0)`, kind: 'number' });
/** An amount: its currency first (ascending), then the amount. */
export const amount = (currencyColumn: string, column: string): SortColumn[] => [{ ...text(currencyColumn), fixed: 'asc' }, num(column)];

interface Key {
  expr: RawBuilder<unknown>;
  kind: 'text' | 'number';
  dir: 'asc' | 'desc';
}

function keysOf(spec: SortSpec, sort: string, idColumn: string): Key[] {
  const desc = sort.startsWith('-');
  const columns = spec[desc ? sort.slice(1) : sort];
  if (!columns) throw AppError.validation('sort', `must be one of ${sortValues(spec).join(', ')}`);
  const dir = desc ? 'desc' : 'asc';
  return [
    ...columns.map((c): Key => ({ expr: c.expr, kind: c.kind, dir: c.fixed ?? dir })),
    { expr: sql`${sql.ref(idColumn)}`, kind: 'text', dir },
  ];
}

/**
 * Selects the sort key, continues after the cursor, orders and fetches `limit + 1` rows.
 * Pass the rows to `sortedPage`.
 */
export function applySort<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  spec: SortSpec,
  sort: string,
  idColumn: string,
  cursor: string | undefined,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  const keys = keysOf(spec, sort, idColumn);
  let q = query.select(keys.map((key, i) => key.expr.as(`_sk${i}`)) as never) as SelectQueryBuilder<DB, TB, O>;
  if (cursor !== undefined) {
    const parts = decodeCursor(cursor, keys.length + 1);
    if (parts[0] !== sort) throw AppError.validation('cursor', 'belongs to another sort order');
    const values = parts.slice(1).map((value, i) => (keys[i]?.kind === 'number' ? Number(value) : String(value)));
    if (values.some((value) => typeof value === 'number' && !Number.isSafeInteger(value))) {
      throw AppError.validation('cursor', 'is not a cursor returned by this list');
    }
    // After the cursor: (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or …
    q = q.where((eb) =>
      eb.or(
        keys.map((key, i) =>
          eb.and([...keys.slice(0, i).map((earlier, j) => eb(earlier.expr, '=', values[j])), eb(key.expr, key.dir === 'asc' ? '>' : '<', values[i])]),
        ),
      ),
    );
  }
  for (const key of keys) q = q.orderBy(key.expr, key.dir);
  return q.limit(limit + 1);
}

type Keyed = Record<string, unknown>;

/** Rows fetched by `applySort` as a page: the sort key columns removed, the next cursor set. */
export function sortedPage<Row, Out>(rows: Row[], limit: number, sort: string, map: (row: Row) => Out): Page<Out> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1] as Keyed | undefined;
  let next: string | null = null;
  if (hasMore && last !== undefined) {
    const key: (string | number)[] = [sort];
    for (let i = 0; `_sk${i}` in last; i++) {
      const value = last[`_sk${i}`];
      key.push(typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? value : '');
    }
    next = encodeCursor(key);
  }
  return {
    data: pageRows.map((row) => {
      const clean = { ...(row as Keyed) };
      for (const name of Object.keys(clean)) if (name.startsWith('_sk')) delete clean[name];
      return map(clean as Row);
    }),
    next_cursor: next,
  };
}

/** The number of rows a filtered query matches (its selection and order dropped). */
export async function countRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const row = (await query
    .clearSelect()
    .clearOrderBy()
    .select(sql<string | number>`count(*)`.as('n'))
    .executeTakeFirst()) as { n?: string | number } | undefined;
  return Number(row?.n ?? 0);
}
