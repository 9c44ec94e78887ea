/** Saved payment methods and automatic charges (migration 0020). Conventions: see ../schema.ts. */

export interface GatewayCustomersTable {
  id: string;
  organization_id: string;
  customer_id: string;
  provider: string;
  customer_ref: string;
  created_at: string;
}

export interface SavedPaymentMethodsTable {
  id: string;
  organization_id: string;
  customer_id: string;
  provider: string;
  customer_ref: string;
  payment_method_ref: string;
  type: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  is_default: number;
  setup_event_id: string | null;
  created_at: string;
  removed_at: string | null;
}

export interface AutoChargesTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  customer_id: string;
  subscription_id: string | null;
  /** pending | charging | succeeded | failed | stopped */
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  charging_amount: number | null;
  charging_method_id: string | null;
  last_error: string | null;
  payment_intent_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PaymentMethodTables {
  gateway_customers: GatewayCustomersTable;
  saved_payment_methods: SavedPaymentMethodsTable;
  auto_charges: AutoChargesTable;
}
