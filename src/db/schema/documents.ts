/** Table types: Documents, e-mail and jobs (migration 0005). Conventions: see ../schema.ts. */

export interface DocumentTables {
  organization_logos: OrganizationLogosTable;
  invoice_links: InvoiceLinksTable;
  portal_links: PortalLinksTable;
  email_messages: EmailMessagesTable;
  jobs: JobsTable;
}

export interface OrganizationLogosTable {
  organization_id: string;
  content_type: string;
  /** base64 */
  data: string;
  byte_size: number;
  updated_at: string;
}

export interface InvoiceLinksTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  /** SHA-256 (hex) of the link's random token: what the public page looks the link up by. */
  token_hash: string;
  /**
   * The token sealed with the installation's secret box (migration 0021), so e-mails reuse
   * the live link; null for links made before it, and cleared when the link is revoked.
   */
  token_sealed: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** The customer portal's links (migration 0018): like invoice links, one customer each. */
export interface PortalLinksTable {
  id: string;
  organization_id: string;
  customer_id: string;
  /** SHA-256 (hex) of the link's random token; the token itself is never stored. */
  token_hash: string;
  /** The token sealed with the secret box (migration 0022), so e-mails reuse the live link; null before, and once revoked. */
  token_sealed?: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'outbox';

export interface EmailMessagesTable {
  id: string;
  organization_id: string;
  invoice_id: string | null;
  /** A receipt (migration 0018): the payment whose receipt PDF is attached at send time. */
  payment_id: string | null;
  /** A message about the customer rather than one invoice (a portal link; migration 0018). */
  customer_id: string | null;
  to_address: string;
  subject: string;
  body: string;
  link_url: string | null;
  attachment_name: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** 'reminder' for a payment reminder (migration 0017); null: the invoice itself. */
  purpose?: string | null;
  /** A quote sent by e-mail (migration 0024): its PDF is attached at send time. */
  quote_id?: string | null;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  organization_id: string | null;
  kind: string;
  /** JSON */
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
