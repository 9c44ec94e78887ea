/** Table types: recurring billing and usage (migration 0014). Conventions: see ../schema.ts. */

export interface SubscriptionTables {
  subscriptions: SubscriptionsTable;
  subscription_items: SubscriptionItemsTable;
  billable_metrics: BillableMetricsTable;
  usage_events: UsageEventsTable;
  test_clock: TestClockTable;
}

export interface SubscriptionsTable {
  id: string;
  organization_id: string;
  customer_id: string;
  currency: string;
  /** day | week | month | year */
  interval: string;
  interval_count: number;
  start_date: string;
  billing_anchor_day: number | null;
  end_date: string | null;
  max_invoices: number | null;
  /** in_advance | in_arrears */
  billing: string;
  /** draft | finalize | send | charge_automatically */
  collection: string;
  payment_terms_days: number | null;
  prices_include_tax: number;
  notes: string | null;
  terms: string | null;
  /** The fixed lines' total per period (minor units, tax included) as last saved. */
  amount: number;
  /** active | paused | canceled | ended */
  status: string;
  /** The next period to bill (0 = the first). */
  next_period_index: number;
  /** Its billing date (the organization's calendar) and the instant that day begins; null when nothing is left to bill. */
  next_billing_date: string | null;
  next_billing_at: string | null;
  invoice_count: number;
  /** While paused: the local date of the pause. */
  paused_at: string | null;
  /** Periods skipped by a pause: from skip_from_index up to (not including) resume_index. */
  skip_from_index: number | null;
  resume_index: number | null;
  cancel_at_period_end: number;
  canceled_at: string | null;
  ended_at: string | null;
  /** Why the last attempt to generate its invoice failed; null after a success. */
  billing_error: string | null;
  created_from_invoice_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionItemsTable {
  id: string;
  organization_id: string;
  subscription_id: string;
  /** fixed | metered */
  kind: string;
  position: number;
  product_id: string | null;
  description: string | null;
  /** Normalised decimal text (fixed lines only). */
  quantity: string | null;
  /** Normalised decimal text; null: the product's price at generation. */
  unit_price: string | null;
  unit: string | null;
  tax_rate_id: string | null;
  discount: string | null;
  metric_code: string | null;
  bill_immediately: number;
}

export interface BillableMetricsTable {
  id: string;
  organization_id: string;
  code: string;
  name: string;
  /** count | sum | max | unique_count */
  aggregation: string;
  field: string | null;
  created_at: string;
  updated_at: string;
}

export interface UsageEventsTable {
  id: string;
  organization_id: string;
  transaction_id: string;
  customer_id: string;
  metric_code: string;
  /** RFC 3339 UTC. */
  timestamp: string;
  /** The metric's field taken out of properties (text), or null. */
  value: string | null;
  /** The value × 10^6 (sum and max metrics); the drivers may return it as a string (bigint). */
  value_scaled: number | string | null;
  /** JSON object, or null. */
  properties: string | null;
  created_at: string;
}

export interface TestClockTable {
  id: number;
  clock_now: string;
  real_at: string;
}
