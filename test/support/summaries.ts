/**
 * The report summary tables of one organization as comparable data, and the check that
 * they equal a full recomputation from the documents (the rebuild).
 */
import { expect } from 'vitest';
import type { Db } from '../../src/db/connection.ts';
import { SUMMARY_TABLES, type SummaryTable } from '../../src/modules/reports/summaries/changes.ts';
import { rebuildReportSummaries } from '../../src/modules/reports/summaries/rebuild.ts';

export type Row = Record<string, unknown>;

/** Every summary row of the organization, keyed and sorted; rows whose sums are all zero left out. */
export async function snapshot(db: Db, orgId: string): Promise<Record<string, Row[]>> {
  const result: Record<string, Row[]> = {};
  for (const table of Object.keys(SUMMARY_TABLES) as SummaryTable[]) {
    const { keys, sums } = SUMMARY_TABLES[table];
    const rows = (await db.kysely.selectFrom(table).selectAll().where('organization_id', '=', orgId).execute()) as Row[];
    result[table] = rows
      .filter((row) => sums.some((s) => Number(row[s]) !== 0))
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'bigint' ? Number(v) : v])))
      .sort((a, b) => {
        const ka = JSON.stringify(keys.map((k) => a[k]));
        const kb = JSON.stringify(keys.map((k) => b[k]));
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
  }
  return result;
}

/** The maintained tables equal the rebuilt ones (which then stay in place). */
export async function expectSummariesMatchRebuild(db: Db, orgId: string): Promise<void> {
  const maintained = await snapshot(db, orgId);
  await db.kysely.transaction().execute((trx) => rebuildReportSummaries(trx, db.dialect, orgId));
  expect(maintained).toEqual(await snapshot(db, orgId));
}
