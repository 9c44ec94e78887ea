/** Payment gateways (migration 0016): connections per organization and hosted checkouts. */

export interface PaymentGatewaysTable {
  id: string;
  organization_id: string;
  provider: string;
  /** AES-256-GCM sealed (kernel/secret-box.ts); never in clear. */
  secret_key_sealed: string;
  webhook_secret_sealed: string;
  /** What the API shows: "sk_test_…1234", "whsec_…abcd". */
  secret_key_hint: string;
  webhook_secret_hint: string;
  mode: string;
  account_id: string | null;
  connected_at: string;
  updated_at: string;
}

export interface GatewayCheckoutsTable {
  id: string;
  organization_id: string;
  invoice_id: string;
  provider: string;
  checkout_id: string;
  url: string;
  amount: number;
  currency: string;
  status: string;
  expires_at: string;
  created_at: string;
}

export interface GatewayTables {
  payment_gateways: PaymentGatewaysTable;
  gateway_checkouts: GatewayCheckoutsTable;
}
