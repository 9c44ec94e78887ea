/**
 * Appending to an organization's document chain.
 *
 * Every issuing use case (finalize, credit note, payment, refund, applied credit) makes ONE
 * call, `appendToChain`, inside its own transaction, after writing the document's rows and
 * before the report summaries: the chain's head row is step 5 of the lock order
 * (db/dialect.ts), after the customer, the document and the number counter. The head lock
 * serialises the organization's appends, so sequence numbers have no gap and each entry
 * links to the one committed before it; a rolled-back issue takes its entry with it.
 *
 * Documents issued before migration 0010 (or written straight into the tables by
 * `settle seed`) are chained in issue order when the organization's head row is created,
 * in that same transaction: at start-up (`chainExistingDocuments`), or lazily by the first
 * append. Only the creation of the head does it, so a document inserted behind the chain's
 * back later is reported by verification, never silently chained.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { CHAIN_FORMAT, chainHash, GENESIS_HASH, type ChainDocumentType } from '../../domain/integrity.ts';
import type { RequestContext } from '../../kernel/context.ts';
import { nowIso } from '../../kernel/context.ts';
import type { Clock } from '../../shared/clock.ts';
import { loadChainDocuments, refKey, unchainedDocuments, type ChainRef } from './chain-documents.ts';

type Trx = Transaction<Database>;

interface Head {
  seq: number;
  hash: string;
}

/** Rows per INSERT: 9 columns each, well under the bind-parameter limits. */
const BATCH = 500;

/**
 * Locks the organization's head row, creating it (at seq 0) when the organization has none;
 * `created` tells the caller that the chain starts now. On PostgreSQL two first appends race
 * on the primary key: the loser's insert waits for the winner's commit and does nothing,
 * then it locks the winner's row like any later append.
 */
async function lockHead(trx: Trx, dialect: Db['dialect'], orgId: string, now: string): Promise<Head & { created: boolean }> {
  const select = () => {
    const query = trx.selectFrom('document_chain_heads').select(['seq', 'hash']).where('organization_id', '=', orgId);
    // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE).
    return (dialect === 'postgres' ? query.forNoKeyUpdate() : query).executeTakeFirst();
  };
  const found = await select();
  if (found) return { ...found, created: false };
  const inserted = await trx
    .insertInto('document_chain_heads')
    .values({ organization_id: orgId, seq: 0, hash: GENESIS_HASH, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doNothing())
    .returning('seq')
    .executeTakeFirst();
  const head = await select();
  if (!head) throw new Error(`invariant: the chain head of ${orgId} is missing after its insert`);
  return { ...head, created: inserted !== undefined };
}

/** Appends `refs` in order after `head`; returns the new head. The documents must exist in `trx`. */
async function appendEntries(trx: Trx, orgId: string, head: Head, refs: readonly ChainRef[], now: string): Promise<Head> {
  let { seq, hash } = head;
  for (let i = 0; i < refs.length; i += BATCH) {
    const batch = refs.slice(i, i + BATCH);
    const documents = await loadChainDocuments(trx, orgId, batch);
    const rows = batch.map((ref) => {
      const document = documents.get(refKey(ref.type, ref.id));
      if (!document?.issued) throw new Error(`invariant: ${ref.type} ${ref.id} is not an issued document of ${orgId}`);
      const entryHash = chainHash(document.canonical(CHAIN_FORMAT), hash);
      const row = {
        organization_id: orgId,
        seq: ++seq,
        type: ref.type,
        document_id: ref.id,
        number: document.number,
        format: CHAIN_FORMAT,
        hash: entryHash,
        previous_hash: hash,
        created_at: now,
      };
      hash = entryHash;
      return row;
    });
    await trx.insertInto('document_chain').values(rows).execute();
  }
  if (seq !== head.seq) {
    await trx.updateTable('document_chain_heads').set({ seq, hash, updated_at: now }).where('organization_id', '=', orgId).execute();
  }
  return { seq, hash };
}

/**
 * Chains a document just issued in `trx` (its rows written, the summaries not yet touched).
 * The one hook of the issuing use cases.
 */
export async function appendToChain(trx: Trx, ctx: Pick<RequestContext, 'db' | 'orgId' | 'clock'>, type: ChainDocumentType, id: string): Promise<void> {
  const now = nowIso(ctx.clock);
  const locked = await lockHead(trx, ctx.db.dialect, ctx.orgId, now);
  let head: Head = locked;
  if (locked.created) {
    const earlier = (await unchainedDocuments(trx, ctx.orgId)).filter((doc) => !(doc.type === type && doc.id === id));
    head = await appendEntries(trx, ctx.orgId, head, earlier, now);
  }
  await appendEntries(trx, ctx.orgId, head, [{ type, id }], now);
}

/**
 * Starts the chain of every organization that has none yet, chaining what it issued before
 * (one transaction per organization; safe to run again and from several processes at once).
 * Run after the migrations, on start and by the CLI. Returns the documents chained.
 */
export async function chainExistingDocuments(db: Db, clock: Clock): Promise<number> {
  const orgs = await db.kysely
    .selectFrom('organizations')
    .select('id')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('document_chain_heads').select('seq').whereRef('document_chain_heads.organization_id', '=', 'organizations.id'))))
    .orderBy('id')
    .execute();
  let chained = 0;
  for (const { id } of orgs) {
    chained += await inTransaction(db, async (trx) => {
      const now = nowIso(clock);
      const head = await lockHead(trx, db.dialect, id, now);
      if (!head.created) return 0;
      const after = await appendEntries(trx, id, head, await unchainedDocuments(trx, id), now);
      return after.seq;
    });
  }
  return chained;
}

/**
 * Chains whatever the organization issued without an entry: for `settle seed`, which writes
 * documents straight into the tables. Never called from a request (it would also chain a
 * document slipped in by hand, which verification should report).
 */
export async function chainSeededDocuments(db: Db, orgId: string, clock: Clock): Promise<number> {
  return inTransaction(db, async (trx) => {
    const now = nowIso(clock);
    const head = await lockHead(trx, db.dialect, orgId, now);
    const after = await appendEntries(trx, orgId, head, await unchainedDocuments(trx, orgId), now);
    return after.seq - head.seq;
  });
}
