/**
 * Verifying an organization's chain: every entry is recomputed, in order, from the stored
 * documents (never from a copy) and the previous recomputed hash, and the first entry that
 * disagrees is named:
 *
 *  - hash_mismatch: the document's data changed after it was issued;
 *  - missing_document: the document was deleted (or an invoice turned back into a draft);
 *  - broken_link: the entries themselves were tampered with (one missing, one out of place,
 *    the head not matching the last entry);
 *  - missing_entry: an issued document has no entry (it was inserted behind the chain's
 *    back); reported once the chain itself is intact, the earliest such document first.
 *
 * Reads only. Entries appended while it runs (after the head it read first) are left for the
 * next run; their documents are committed with them, so they never show as missing entries.
 */
import { chainHash, GENESIS_HASH, isChainFormat } from '../../domain/integrity.ts';
import type { DocumentChainTable } from '../../db/schema.ts';
import type { Executor } from '../../kernel/context.ts';
import { isChainType, loadChainDocuments, refKey, unchainedDocuments, type ChainDocument } from './chain-documents.ts';

export type BreakReason = 'hash_mismatch' | 'missing_document' | 'missing_entry' | 'broken_link';

export interface ChainBreak {
  type: string;
  id: string;
  number: string | null;
  reason: BreakReason;
  detail: string;
}

export interface ChainReport {
  verified: boolean;
  /** Entries in the organization's chain. */
  documents: number;
  /** The hash of the last entry: noted elsewhere (a printout, a signed e-mail), it anchors the chain. */
  head_hash: string | null;
  first_break?: ChainBreak;
}

const PAGE = 500;

function checkEntry(entry: DocumentChainTable, expectedSeq: number, previous: string, document: ChainDocument | undefined): ChainBreak | undefined {
  const named = { type: entry.type, id: entry.document_id, number: entry.number };
  if (entry.seq !== expectedSeq) {
    return { ...named, reason: 'broken_link', detail: `chain entry ${expectedSeq} is missing: the next stored entry is ${entry.seq}` };
  }
  if (entry.previous_hash !== previous) {
    return { ...named, reason: 'broken_link', detail: `entry ${entry.seq} does not follow entry ${expectedSeq - 1}: its previous hash differs` };
  }
  if (!isChainType(entry.type) || !isChainFormat(entry.format)) {
    return { ...named, reason: 'broken_link', detail: `entry ${entry.seq} has an unknown type or format (${entry.type}, ${entry.format})` };
  }
  if (!document) return { ...named, reason: 'missing_document', detail: `the ${entry.type.replace('_', ' ')} was deleted after it was issued` };
  if (!document.issued) return { ...named, reason: 'missing_document', detail: `the ${entry.type} was turned back into a draft after it was issued` };
  if (chainHash(document.canonical(entry.format), previous) !== entry.hash) {
    return { ...named, reason: 'hash_mismatch', detail: `the ${entry.type.replace('_', ' ')} was changed after it was issued` };
  }
  return undefined;
}

export async function verifyChain(db: Executor, orgId: string): Promise<ChainReport> {
  const head = await db.selectFrom('document_chain_heads').select(['seq', 'hash']).where('organization_id', '=', orgId).executeTakeFirst();
  const count = await db.selectFrom('document_chain').select((eb) => eb.fn.countAll<string | number>().as('n')).where('organization_id', '=', orgId).executeTakeFirstOrThrow();
  const documents = Number(count.n);
  const report = (first_break?: ChainBreak): ChainReport => ({
    verified: first_break === undefined,
    documents,
    head_hash: head && head.seq > 0 ? head.hash : null,
    ...(first_break ? { first_break } : {}),
  });

  const last = head?.seq ?? 0;
  let previous = GENESIS_HASH;
  let expected = 1;
  let lastEntry: DocumentChainTable | undefined;
  while (expected <= last) {
    const entries = await db
      .selectFrom('document_chain')
      .selectAll()
      .where('organization_id', '=', orgId)
      .where('seq', '>=', expected)
      .where('seq', '<=', last)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (entries.length === 0) {
      return report({
        type: lastEntry?.type ?? 'chain',
        id: lastEntry?.document_id ?? orgId,
        number: lastEntry?.number ?? null,
        reason: 'broken_link',
        detail: `chain entries ${expected} to ${last} are missing`,
      });
    }
    const refs = entries.flatMap((e) => (isChainType(e.type) ? [{ type: e.type, id: e.document_id }] : []));
    const loaded = await loadChainDocuments(db, orgId, refs);
    for (const entry of entries) {
      const broken = checkEntry(entry, expected, previous, loaded.get(refKey(entry.type, entry.document_id)));
      if (broken) return report(broken);
      previous = entry.hash;
      expected++;
      lastEntry = entry;
    }
  }
  if (head && head.hash !== previous) {
    return report({
      type: lastEntry?.type ?? 'chain',
      id: lastEntry?.document_id ?? orgId,
      number: lastEntry?.number ?? null,
      reason: 'broken_link',
      detail: 'the chain head does not match its last entry',
    });
  }
  if (!head && documents > 0) {
    return report({ type: 'chain', id: orgId, number: null, reason: 'broken_link', detail: 'the chain has entries but no head' });
  }
  const [unchained] = await unchainedDocuments(db, orgId);
  if (unchained) {
    return report({
      type: unchained.type,
      id: unchained.id,
      number: unchained.number,
      reason: 'missing_entry',
      detail: `the ${unchained.type.replace('_', ' ')} was issued without a chain entry`,
    });
  }
  return report();
}
