/**
 * Table types for Kysely. Conventions that keep SQLite and PostgreSQL identical:
 * ids are text; timestamps are RFC 3339 UTC text (they sort as text); calendar dates are
 * YYYY-MM-DD text; booleans are integers 0/1; money is an integer count of minor units;
 * unit prices are integers scaled by 10^6; JSON documents (addresses, audit before/after) are text.
 */
import type { Generated } from 'kysely';
import type { BillingTables } from './schema/billing.ts';
import type { DocumentTables } from './schema/documents.ts';
import type { ReportTables } from './schema/reports.ts';
import type { IntegrityTables } from './schema/integrity.ts';
import type { EventTables } from './schema/events.ts';
import type { SubscriptionTables } from './schema/subscriptions.ts';
import type { GatewayTables } from './schema/gateways.ts';
import type { PaymentMethodTables } from './schema/payment-methods.ts';
import type { ReminderTables } from './schema/reminders.ts';
import type { ImportTables } from './schema/imports.ts';
import type { CustomFieldTables } from './schema/custom-fields.ts';
import type { AccountingTables } from './schema/accounting.ts';
import type { QuoteTables } from './schema/quotes.ts';

export type * from './schema/billing.ts';
export type * from './schema/documents.ts';
export type * from './schema/reports.ts';
export type * from './schema/integrity.ts';
export type * from './schema/events.ts';
export type * from './schema/subscriptions.ts';
export type * from './schema/gateways.ts';
export type * from './schema/payment-methods.ts';
export type * from './schema/reminders.ts';
export type * from './schema/imports.ts';
export type * from './schema/custom-fields.ts';
export type * from './schema/accounting.ts';
export type * from './schema/quotes.ts';

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
  /** IANA time zone (migration 0014); null: the default of the organization's country (domain/time-zone.ts). */
  time_zone: string | null;
  /** 1: e-mail the customer a receipt on each payment (migration 0018). */
  send_payment_receipts: number;
  /** E-invoice data (migration 0023): electronic address (BT-34, EAS scheme + value), legal (BT-30) and tax (BT-32) registration ids. */
  electronic_address_scheme: string | null;
  electronic_address_value: string | null;
  legal_registration_id: string | null;
  tax_registration_id: string | null;
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
  /** 0: the customer opted out of payment reminders (migration 0017). */
  reminders_enabled: number;
  /** E-invoice data (migration 0023): electronic address (BT-49), legal registration id (BT-47), preferred format (domain/einvoice/formats.ts). */
  electronic_address_scheme: string | null;
  electronic_address_value: string | null;
  legal_registration_id: string | null;
  einvoice_format: string | null;
  /** JSON {key: value} of the organization's custom fields (migration 0027); null: none. */
  custom_fields: string | null;
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
  /** VATEX code (BT-121, migration 0023), upper case. */
  exemption_reason_code: string | null;
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
  /** JSON {key: value} of the organization's custom fields (migration 0027); null: none. */
  custom_fields: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database extends BillingTables, DocumentTables, ReportTables, IntegrityTables, EventTables, SubscriptionTables, GatewayTables, PaymentMethodTables, ReminderTables, ImportTables, CustomFieldTables, AccountingTables, QuoteTables {
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
