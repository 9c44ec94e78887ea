/**
 * Table types for Kysely. Conventions that keep SQLite and PostgreSQL identical:
 * ids are text; timestamps are RFC 3339 UTC text (they sort as text); calendar dates are
 * YYYY-MM-DD text; booleans are integers 0/1; money is an integer count of minor units;
 * unit prices are integers scaled by 10^6; JSON documents (addresses, audit before/after) are text.
 */
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string;
  name: string;
  currency: string;
  country: string | null;
  address: string | null;
  tax_id: string | null;
  email: string | null;
  phone: string | null;
  payment_terms_days: number;
  invoice_number_format: string;
  credit_note_number_format: string;
  locale: string;
  accent_color: string | null;
  document_footer: string | null;
  /** JSON {account_holder, bank_name, iban, bic, instructions}. */
  bank_details: string | null;
  email_subject_template: string | null;
  email_body_template: string | null;
  /** 1: admins and owners must sign in with two factors to work in it (migration 0011). */
  require_two_factor: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  /** Two-factor sign-in (migration 0011): the authenticator's base32 secret once enabled, one being set up, and the last time step accepted. */
  totp_secret: Generated<string | null>;
  totp_pending_secret: Generated<string | null>;
  totp_enabled_at: Generated<string | null>;
  totp_last_step: Generated<number | null>;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  /** SHA-256 of the normalised code. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Between the password and the code of a two-factor sign-in; `id` is the SHA-256 of the client's token. */
export interface LoginChallengesTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  active: number;
  /** 1 while an invitation waits for the invitee to accept it (the membership is inactive until then). */
  invitation_pending: Generated<number>;
  /** Who invited them (a user id); defaults to null. */
  invited_by: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

/** Single-use links e-mailed to an account's address: invitations and password resets (migration 0007). */
export interface AccountTokensTable {
  id: string;
  purpose: string;
  user_id: string;
  organization_id: string | null;
  /** SHA-256 of the token; null until the delivery job (or the operator's CLI) mints it. */
  token_hash: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked database row cannot be replayed as a cookie. */
  id: string;
  user_id: string;
  organization_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: Generated<string | null>;
  ip_address: Generated<string | null>;
}

export interface ApiTokensTable {
  id: string;
  organization_id: string;
  created_by: string;
  name: string;
  role: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface InstallationTable {
  key: string;
  value: string;
}

export interface AuditEventsTable {
  id: string;
  organization_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
  created_at: string;
}

export interface CustomersTable {
  id: string;
  organization_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  tax_id: string | null;
  currency: string | null;
  language: string | null;
  payment_terms_days: number | null;
  notes: string | null;
  archived: number;
  anonymized_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaxRatesTable {
  id: string;
  organization_id: string;
  name: string;
  /** Normalised decimal text, e.g. "19" or "7.5". */
  percentage: string;
  category: string;
  exemption_reason: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  /** Scaled by 10^6: "19.99" is 19990000. */
  unit_price: number;
  unit: string | null;
  tax_rate_id: string | null;
  sku: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface Database extends BillingTables, DocumentTables, ReportTables, IntegrityTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  account_tokens: AccountTokensTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  installation: InstallationTable;
  audit_events: AuditEventsTable;
  customers: CustomersTable;
  tax_rates: TaxRatesTable;
  products: ProductsTable;
}

// ── Billing core (migration 0002) ─────────────────────────────────────────────

export interface DocumentSequencesTable {
  organization_id: string;
  kind: string;
  scope: string;
  last_value: number;
}

export type InvoiceStatus = 'draft' | 'open' | 'partially_paid' | 'paid' | 'void' | 'uncollectible';

export interface InvoicesTable {
  id: string;
  organization_id: string;
  customer_id: string;
  number: string | null;
  status: string;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  prices_include_tax: number;
  notes: string | null;
  terms: string | null;
  subtotal: number;
  allowance_total: number;
  charge_total: number;
  tax_total: number;
  total: number;
  amount_paid: number;
  amount_credited: number;
  amount_due: number;
  taxes: string;
  customer_snapshot: string | null;
  seller_snapshot: string | null;
  /** JSON: the branding printed on the document, frozen at finalization (null while draft). See documents/branding-snapshot.ts. */
  branding_snapshot: string | null;
  finalized_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  uncollectible_at: string | null;
  sent_at: string | null;
  sent_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface InvoiceLinesTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  position: number;
  product_id: string | null;
  description: string;
  /** Normalised decimal text, up to 6 decimals. */
  quantity: string;
  unit: string | null;
  /** Normalised decimal text, up to 6 decimals. */
  unit_price: string;
  /** An amount ("5.00") or a percentage ("10%"), as entered. */
  discount: string | null;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
  net_amount: number;
}

export interface InvoiceAdjustmentsTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  kind: 'allowance' | 'charge';
  position: number;
  reason: string;
  amount: number;
  net_amount: number;
  tax_rate_id: string | null;
  tax_name: string | null;
  tax_category: string;
  tax_percentage: string;
  tax_exemption_reason: string | null;
}

export interface PaymentsTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  currency: string;
  amount: number;
  applied_amount: number;
  excess_amount: number;
  refunded_amount: number;
  date: string;
  method: string;
  reference: string | null;
  notes: string | null;
  created_at: string;
}

export interface RefundsTable {
  id: string;
  organization_id: string;
  payment_id: string;
  invoice_id: string;
  amount: number;
  reason: string;
  date: string;
  created_at: string;
}

export interface CustomerCreditEntriesTable {
  id: string;
  organization_id: string;
  customer_id: string;
  currency: string;
  amount: number;
  source_type: 'overpayment' | 'credit_note' | 'applied' | 'refund';
  source_id: string;
  invoice_id: string | null;
  created_at: string;
}

export interface CreditNotesTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  number: string;
  currency: string;
  reason: string;
  issue_date: string;
  subtotal: number;
  tax_total: number;
  total: number;
  applied_amount: number;
  credit_amount: number;
  taxes: string;
  lines: string;
  customer_snapshot: string;
  seller_snapshot: string;
  /** JSON: the branding printed on the credit note, frozen when issued (migration 0009). */
  branding_snapshot: string | null;
  created_at: string;
}

/** A credit-note line that credits (part of) an invoice line: the quantity credited (migration 0009). */
export interface CreditNoteLinesTable {
  credit_note_id: string;
  position: number;
  organization_id: string;
  invoice_id: string;
  invoice_line_id: string;
  /** Normalised decimal text, up to 6 decimals. */
  quantity: string;
  created_at: string;
}

/** A logo (or other printed asset) frozen on issued documents, stored once per content. */
export interface DocumentAssetsTable {
  organization_id: string;
  /** SHA-256 (hex) of the decoded bytes. */
  sha256: string;
  content_type: string;
  /** base64 */
  data: string;
  byte_size: number;
  created_at: string;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  key: string;
  principal_id: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface BillingTables {
  document_sequences: DocumentSequencesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_adjustments: InvoiceAdjustmentsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  customer_credit_entries: CustomerCreditEntriesTable;
  credit_notes: CreditNotesTable;
  credit_note_lines: CreditNoteLinesTable;
  document_assets: DocumentAssetsTable;
  idempotency_keys: IdempotencyKeysTable;
}

// ── Documents, e-mail and jobs (migration 0005) ───────────────────────────────

export interface DocumentTables {
  organization_logos: OrganizationLogosTable;
  invoice_links: InvoiceLinksTable;
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
  /** SHA-256 (hex) of the link's random token; the token itself is never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'outbox';

export interface EmailMessagesTable {
  id: string;
  organization_id: string;
  invoice_id: string | null;
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

// ── Report summaries (migration 0006), maintained with the documents ─────────

export interface ReportTables {
  report_daily: ReportDailyTable;
  report_daily_taxes: ReportDailyTaxesTable;
  report_daily_products: ReportDailyProductsTable;
  report_due: ReportDueTable;
  report_customers: ReportCustomersTable;
  report_customer_months: ReportCustomerMonthsTable;
  report_monthly_customers: ReportMonthlyCustomersTable;
  report_paid: ReportPaidTable;
}

/** Per organization, currency and day: sales, credit notes, cash in and out, receivables changes. */
export interface ReportDailyTable {
  organization_id: string;
  day: string;
  currency: string;
  invoiced_net: number;
  invoiced_tax: number;
  invoiced_total: number;
  invoice_count: number;
  credited_net: number;
  credited_tax: number;
  credited_total: number;
  credit_note_count: number;
  received: number;
  payment_count: number;
  refunded: number;
  refund_count: number;
  receivable_change: number;
  receivable_count_change: number;
}

/** Per day and tax rate: invoices' breakdowns less credit notes'. tax_rate_key is the rate id, or '' for none. */
export interface ReportDailyTaxesTable {
  organization_id: string;
  day: string;
  currency: string;
  category: string;
  percentage: string;
  tax_rate_key: string;
  taxable: number;
  tax: number;
  row_count: number;
  /** The rate's name on the day's last invoice (by id) that named it, and that invoice. */
  name: string | null;
  name_invoice_id: string | null;
}

/** Per day and product (product_key '' = lines without a product); quantity scaled by 10^6. */
export interface ReportDailyProductsTable {
  organization_id: string;
  day: string;
  currency: string;
  product_key: string;
  net: number;
  quantity: number;
  line_count: number;
  invoice_count: number;
}

/** Amount due on open and partially paid invoices, by due date. */
export interface ReportDueTable {
  organization_id: string;
  currency: string;
  due_date: string;
  amount_due: number;
  invoice_count: number;
}

/** Per customer and currency, all time; outstanding now. */
export interface ReportCustomersTable {
  organization_id: string;
  currency: string;
  customer_id: string;
  invoiced: number;
  invoice_count: number;
  received: number;
  payment_count: number;
  refunded: number;
  refund_count: number;
  outstanding: number;
  open_count: number;
  paid_days: number;
  paid_count: number;
}

/** Per customer, currency and month (YYYY-MM): invoiced by issue date, cash by payment and refund date. */
export interface ReportCustomerMonthsTable {
  organization_id: string;
  month: string;
  currency: string;
  customer_id: string;
  invoiced: number;
  invoice_count: number;
  received: number;
  payment_count: number;
  refunded: number;
  refund_count: number;
}

/** Customers invoiced per currency and month, and how many of them were invoiced for the first time. */
export interface ReportMonthlyCustomersTable {
  organization_id: string;
  month: string;
  currency: string;
  customers: number;
  new_customers: number;
}

/** Invoices paid in full, by the day they were settled: days from issue to settlement, summed. */
export interface ReportPaidTable {
  organization_id: string;
  paid_on: string;
  currency: string;
  customer_id: string;
  days: number;
  invoice_count: number;
}

// ── Document chain (migration 0010) ───────────────────────────────────────────

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
