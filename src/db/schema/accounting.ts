/** Table types: the accounting export's chart of accounts (migration 0026). Conventions: see ../schema.ts. */

export interface AccountChartsTable {
  organization_id: string;
  /** skr03 | skr04 | generic: the preset the chart started from. */
  preset: string;
  /** JSON: the accounts as the API takes them (modules/accounting-export/account-chart.ts). */
  accounts: string;
  updated_at: string;
}

export interface AccountingTables {
  account_charts: AccountChartsTable;
}
