/** Table types: Report summaries (migration 0006), maintained with the documents. Conventions: see ../schema.ts. */

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
