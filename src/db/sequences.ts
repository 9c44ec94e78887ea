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
import type { Executor } from '../server/context.ts';

export type SequenceKind = 'invoice' | 'credit_note';

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
