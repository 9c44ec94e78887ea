/**
 * Gapless document number series. One counter row per organization, document kind and
 * scope, advanced with a single atomic upsert inside the transaction that issues the
 * document: concurrent issuers queue on the row lock (PostgreSQL) or the write lock (SQLite),
 * and a rolled-back transaction gives its number back. Never max(number) + 1.
 *
 * The counter is step 4 of the lock order (db/dialect.ts): after the customer and the
 * document, before the report summaries — it is shared by the whole organization, so it is
 * held as briefly as the order allows.
 */
import { sql } from 'kysely';
import type { Executor } from './executor.ts';

export type SequenceKind = 'invoice' | 'credit_note' | 'quote';

export async function nextSequenceValue(trx: Executor, orgId: string, kind: SequenceKind, scope: string): Promise<number> {
  const row = await trx
    .insertInto('document_sequences')
    .values({ organization_id: orgId, kind, scope, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'kind', 'scope']).doUpdateSet({ last_value: sql<number>`document_sequences.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

export interface LastIssued {
  number: string;
  issue_date: string;
}

/**
 * The document issued last (by issue date) in the series `scope` of `kind`: a year ("2026")
 * when the number format shows the year, else "" (the whole organization). Call it right
 * after nextSequenceValue: the counter row lock is then held, so no other issuer of the
 * series can commit in between, and on PostgreSQL (READ COMMITTED) this statement sees every
 * document committed by the issuers that held the lock before.
 */
export async function lastIssuedInSeries(trx: Executor, orgId: string, kind: SequenceKind, scope: string): Promise<LastIssued | undefined> {
  const table = kind === 'invoice' ? 'invoices' : kind === 'quote' ? 'quotes' : 'credit_notes';
  let query = trx
    .selectFrom(table)
    .select(['number', 'issue_date'])
    .where('organization_id', '=', orgId)
    .where('number', 'is not', null)
    .where('issue_date', 'is not', null);
  if (scope !== '') query = query.where('issue_date', '>=', `${scope}-01-01`).where('issue_date', '<=', `${scope}-12-31`);
  const row = await query.orderBy('issue_date', 'desc').orderBy('number', 'desc').limit(1).executeTakeFirst();
  return row?.number && row.issue_date ? { number: row.number, issue_date: row.issue_date } : undefined;
}
