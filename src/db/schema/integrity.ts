/** Table types: Document chain (migration 0010). Conventions: see ../schema.ts. */

export interface IntegrityTables {
  document_chain: DocumentChainTable;
  document_chain_heads: DocumentChainHeadsTable;
}

/** Append-only (triggers refuse UPDATE and DELETE): one entry per issued document, in issue order. */
export interface DocumentChainTable {
  organization_id: string;
  seq: number;
  /** 'invoice' | 'credit_note' | 'payment' | 'refund' */
  type: string;
  document_id: string;
  number: string | null;
  /** Version of the canonical form hashed (domain/integrity.ts). */
  format: number;
  hash: string;
  previous_hash: string;
  created_at: string;
}

/** The last entry of an organization's chain; its row lock serialises appends. */
export interface DocumentChainHeadsTable {
  organization_id: string;
  seq: number;
  hash: string;
  updated_at: string;
}
