/**
 * The composition root's list of business modules, in order. The order is the order their
 * event subscribers run in, inside the emitting transaction (db/dialect.ts: the report
 * summaries write shared rows, so nothing after them takes a lock).
 */
import type { SettleModule } from '../kernel/module.ts';
import { authModule } from '../modules/auth/auth.module.ts';
import { organizationsModule } from '../modules/organizations/organizations.module.ts';
import { customersModule } from '../modules/customers/customers.module.ts';
import { taxRatesModule } from '../modules/tax-rates/tax-rates.module.ts';
import { productsModule } from '../modules/products/products.module.ts';
import { customFieldsModule } from '../modules/custom-fields/custom-fields.module.ts';
import { auditModule } from '../modules/audit/audit.module.ts';
import { usersModule } from '../modules/users/users.module.ts';
import { apiTokensModule } from '../modules/api-tokens/api-tokens.module.ts';
import { invoicesModule } from '../modules/invoices/invoices.module.ts';
import { paymentsModule } from '../modules/payments/payments.module.ts';
import { creditNotesModule } from '../modules/credit-notes/credit-notes.module.ts';
import { usageModule } from '../modules/usage/usage.module.ts';
import { subscriptionsModule } from '../modules/subscriptions/subscriptions.module.ts';
import { documentsModule } from '../modules/documents/documents.module.ts';
import { reportsModule } from '../modules/reports/reports.module.ts';
import { invoiceLinksModule } from '../modules/invoice-links/invoice-links.module.ts';
import { paymentGatewaysModule } from '../modules/payment-gateways/payment-gateways.module.ts';
import { emailModule } from '../modules/email/email.module.ts';
import { remindersModule } from '../modules/reminders/reminders.module.ts';
import { integrityModule } from '../modules/integrity/integrity.module.ts';
import { eventsModule } from '../modules/events/events.module.ts';
import { webhooksModule } from '../modules/webhooks/webhooks.module.ts';
import { timelineModule } from '../modules/timeline/timeline.module.ts';
import { einvoicesModule } from '../modules/einvoices/einvoices.module.ts';
import { autoChargeModule } from '../modules/auto-charge/auto-charge.module.ts';
import { portalModule } from '../modules/portal/portal.module.ts';
import { receiptsModule } from '../modules/receipts/receipts.module.ts';
import { importsModule } from '../modules/imports/imports.module.ts';
import { accountingExportModule } from '../modules/accounting-export/accounting-export.module.ts';
import { dataExportModule } from '../modules/data-export/data-export.module.ts';
import { quotesModule } from '../modules/quotes/quotes.module.ts';

export const MODULES: readonly SettleModule[] = [
  authModule,
  organizationsModule,
  customersModule,
  taxRatesModule,
  productsModule,
  // Definitions only (no subscribers); the values live on customers, products and invoices.
  customFieldsModule,
  auditModule,
  usersModule,
  apiTokensModule,
  invoicesModule,
  paymentsModule,
  creditNotesModule,
  // Quotes (document level); converting one creates an invoice through the invoices' use case.
  quotesModule,
  // Reads only (the invoice timeline): no subscribers.
  timelineModule,
  einvoicesModule,
  // Usage events; billing them is subscriptions' subscriber of usage.recorded (usage has none).
  usageModule,
  // Before the summaries: its subscriber writes subscription rows (document level of the lock order).
  subscriptionsModule,
  // Auto-charge rows hang off invoices (document level); its task runs after recurring billing's.
  autoChargeModule,
  // Before the summaries: its subscriber clears reminder recipients on erasure (document level).
  remindersModule,
  documentsModule,
  reportsModule,
  invoiceLinksModule,
  // Gateway connections, checkouts, the inbound webhook (no subscribers).
  paymentGatewaysModule,
  emailModule,
  // Portal links and pages; receipts (its subscriber queues e-mails: new rows only).
  portalModule,
  receiptsModule,
  // CSV imports: rows written through the customers, products and tax-rates use cases (no subscribers).
  importsModule,
  integrityModule,
  // Reads only (the accountant's journal, the data exports); the chart of accounts is its own row.
  accountingExportModule,
  dataExportModule,
  // After every module that emits or keeps summaries: stores public events last in the transaction.
  eventsModule,
  // Last: webhook deliveries of public events (and their GDPR erasure).
  webhooksModule,
];

/** Every module's event subscribers, in module order (installed by buildApp and by the CLI). */
export const EVENT_SUBSCRIBERS = MODULES.flatMap((module) => module.subscribers ?? []);
