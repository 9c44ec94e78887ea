/**
 * The list query shared by catalogue resources (customers, products, tax rates): an
 * archived filter, a case-insensitive search over some text columns (the user's % and _
 * taken literally), and keyset pagination either newest first (by id) or by name.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { decodeCursor } from '../shared/pagination.ts';
import { containsPattern } from './dialect.ts';

export interface CatalogueListQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  archived: 'true' | 'false' | 'all';
  sort: 'created' | 'name';
}

/** The cursor key of a row in this ordering (pass to toPage). */
export function catalogueCursorKey(sort: CatalogueListQuery['sort'], row: { id: string; name: string }): string[] {
  return sort === 'name' ? [row.name, row.id] : [row.id];
}

/** A further search condition for a pattern (e.g. db/custom-fields.ts customFieldSearch). */
export type ExtraSearch = (pattern: string) => RawBuilder<boolean>;

/** The archived filter and the search, without order or paging (for counts and sorted lists). */
export function applyCatalogueFilters<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  list: Pick<CatalogueListQuery, 'q' | 'archived'>,
  searchColumns: readonly string[],
  extraSearch?: ExtraSearch,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  if (list.archived !== 'all') q = q.where(sql.ref('archived'), '=', list.archived === 'true' ? 1 : 0);
  const text = list.q?.trim();
  if (text) {
    const pattern = containsPattern(text);
    q = q.where((eb) =>
      eb.or([
        ...searchColumns.map((column) => eb(sql`lower(${sql.ref(column)})`, 'like', sql`${pattern} escape '\\'`)),
        ...(extraSearch === undefined ? [] : [extraSearch(pattern)]),
      ]),
    );
  }
  return q;
}

export function applyCatalogueList<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  list: CatalogueListQuery,
  searchColumns: readonly string[],
  extraSearch?: ExtraSearch,
): SelectQueryBuilder<DB, TB, O> {
  const id = sql.ref<string>('id');
  const name = sql.ref<string>('name');
  let q = applyCatalogueFilters(query, list, searchColumns, extraSearch);
  if (list.sort === 'name') {
    if (list.cursor) {
      const [lastName, lastId] = decodeCursor(list.cursor, 2).map(String) as [string, string];
      q = q.where((eb) => eb.or([eb(name, '>', lastName), eb.and([eb(name, '=', lastName), eb(id, '>', lastId)])]));
    }
    q = q.orderBy(name, 'asc').orderBy(id, 'asc');
  } else {
    if (list.cursor) q = q.where(id, '<', String(decodeCursor(list.cursor, 1)[0]));
    q = q.orderBy(id, 'desc');
  }
  return q.limit(list.limit + 1);
}
