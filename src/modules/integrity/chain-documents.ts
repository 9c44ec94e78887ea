/**
 * The documents of the chain as the tables hold them: the canonical form of each (built by
 * domain/integrity.ts from the stored rows, never from a copy, so appending and verifying
 * compute the very same text), and the issued documents that have no chain entry yet.
 */
import { sql, type SqlBool } from 'kysely';
import { CHAIN_DOCUMENT_TYPES, canonicalCreditNote, canonicalInvoice, canonicalPayment, canonicalRefund, type ChainDocumentType } from '../../domain/integrity.ts';
import type { Executor } from '../../kernel/context.ts';

export interface ChainRef {
  type: ChainDocumentType;
  id: string;
}

export interface ChainDocument {
  /** The canonical form in a chain format (domain/integrity.ts): new entries use CHAIN_FORMAT, verification the entry's. */
  canonical: (format: number) => string;
  number: string | null;
  /** False for an invoice that is a draft again (only a hand edit of the database can do that). */
  issued: boolean;
}

export const refKey = (type: string, id: string): string => `${type}:${id}`;

export const isChainType = (type: string): type is ChainDocumentType => (CHAIN_DOCUMENT_TYPES as readonly string[]).includes(type);

/** Ids per query: well under both databases' bind-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function groupBy<T extends { invoice_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.invoice_id);
    if (list) list.push(row);
    else map.set(row.invoice_id, [row]);
  }
  return map;
}

/** The canonical forms of `refs` (keyed by refKey); a document that no longer exists is absent. */
export async function loadChainDocuments(db: Executor, orgId: string, refs: readonly ChainRef[]): Promise<Map<string, ChainDocument>> {
  const out = new Map<string, ChainDocument>();
  const idsOf = (type: ChainDocumentType) => [...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id))];

  for (const ids of chunks(idsOf('invoice'))) {
    const invoices = await db.selectFrom('invoices').selectAll().where('organization_id', '=', orgId).where('id', 'in', ids).execute();
    const lines = groupBy(await db.selectFrom('invoice_lines').selectAll().where('organization_id', '=', orgId).where('invoice_id', 'in', ids).execute());
    const adjustments = groupBy(
      await db.selectFrom('invoice_adjustments').selectAll().where('organization_id', '=', orgId).where('invoice_id', 'in', ids).execute(),
    );
    for (const invoice of invoices) {
      out.set(refKey('invoice', invoice.id), {
        canonical: (format) => canonicalInvoice(invoice, lines.get(invoice.id) ?? [], adjustments.get(invoice.id) ?? [], format),
        number: invoice.number,
        issued: invoice.status !== 'draft',
      });
    }
  }
  for (const ids of chunks(idsOf('credit_note'))) {
    for (const note of await db.selectFrom('credit_notes').selectAll().where('organization_id', '=', orgId).where('id', 'in', ids).execute()) {
      out.set(refKey('credit_note', note.id), { canonical: (format) => canonicalCreditNote(note, format), number: note.number, issued: true });
    }
  }
  for (const ids of chunks(idsOf('payment'))) {
    for (const payment of await db.selectFrom('payments').selectAll().where('organization_id', '=', orgId).where('id', 'in', ids).execute()) {
      out.set(refKey('payment', payment.id), { canonical: (format) => canonicalPayment(payment, format), number: null, issued: true });
    }
  }
  for (const ids of chunks(idsOf('refund'))) {
    for (const refund of await db.selectFrom('refunds').selectAll().where('organization_id', '=', orgId).where('id', 'in', ids).execute()) {
      out.set(refKey('refund', refund.id), { canonical: (format) => canonicalRefund(refund, format), number: null, issued: true });
    }
  }
  return out;
}

export interface UnchainedDocument extends ChainRef {
  number: string | null;
  /** When it was issued: finalization of an invoice, creation of the others. */
  at: string;
}

const TYPE_RANK: Record<ChainDocumentType, number> = { invoice: 0, credit_note: 1, payment: 2, refund: 3 };

/**
 * Issued documents without a chain entry, in issue order (time, then invoice before what
 * refers to it, then id): what is chained when an organization's chain starts, and what
 * verification reports as issued behind the chain's back afterwards.
 */
export async function unchainedDocuments(db: Executor, orgId: string): Promise<UnchainedDocument[]> {
  // Correlated on the outer table's id; served by document_chain's (organization_id, type, document_id) key.
  const unchained = (type: ChainDocumentType, table: 'invoices' | 'credit_notes' | 'payments' | 'refunds') =>
    sql<SqlBool>`not exists (select 1 from document_chain c where c.organization_id = ${orgId} and c.type = ${type} and c.document_id = ${sql.ref(`${table}.id`)})`;

  const invoices = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'finalized_at', 'updated_at'])
    .where('organization_id', '=', orgId)
    .where('status', '<>', 'draft')
    .where(unchained('invoice', 'invoices'))
    .execute();
  const notes = await db.selectFrom('credit_notes').select(['id', 'number', 'created_at']).where('organization_id', '=', orgId).where(unchained('credit_note', 'credit_notes')).execute();
  const payments = await db.selectFrom('payments').select(['id', 'created_at']).where('organization_id', '=', orgId).where(unchained('payment', 'payments')).execute();
  const refunds = await db.selectFrom('refunds').select(['id', 'created_at']).where('organization_id', '=', orgId).where(unchained('refund', 'refunds')).execute();

  const all: UnchainedDocument[] = [
    ...invoices.map((row) => ({ type: 'invoice' as const, id: row.id, number: row.number, at: row.finalized_at ?? row.updated_at })),
    ...notes.map((row) => ({ type: 'credit_note' as const, id: row.id, number: row.number, at: row.created_at })),
    ...payments.map((row) => ({ type: 'payment' as const, id: row.id, number: null, at: row.created_at })),
    ...refunds.map((row) => ({ type: 'refund' as const, id: row.id, number: null, at: row.created_at })),
  ];
  return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : TYPE_RANK[a.type] - TYPE_RANK[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}
