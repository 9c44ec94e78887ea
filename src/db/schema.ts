/**
 * Table types for Kysely. Conventions that keep SQLite and PostgreSQL identical:
 * ids are text; timestamps are RFC 3339 UTC text (they sort as text); calendar dates are
 * YYYY-MM-DD text; booleans are integers 0/1; money is an integer count of minor units;
 * unit prices are integers scaled by 10^6; JSON documents (addresses, audit before/after) are text.
 */
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
  locale: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked database row cannot be replayed as a cookie. */
  id: string;
  user_id: string;
  organization_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
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

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  installation: InstallationTable;
  audit_events: AuditEventsTable;
  customers: CustomersTable;
  tax_rates: TaxRatesTable;
  products: ProductsTable;
}
