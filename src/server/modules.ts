/** Every business module's routes, mounted under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app.ts';
import { registerAuthRoutes } from '../modules/auth/auth.routes.ts';
import { registerAccountRoutes } from '../modules/auth/account.routes.ts';
import { registerTwoFactorRoutes } from '../modules/auth/two-factor.routes.ts';
import { registerOrganizationRoutes } from '../modules/organizations/organizations.routes.ts';
import { registerCustomerRoutes } from '../modules/customers/customers.routes.ts';
import { registerTaxRateRoutes } from '../modules/tax-rates/tax-rates.routes.ts';
import { registerProductRoutes } from '../modules/products/products.routes.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerUserRoutes } from '../modules/users/users.routes.ts';
import { registerApiTokenRoutes } from '../modules/api-tokens/api-tokens.ts';
import { registerInvoiceRoutes } from '../modules/invoices/invoices.routes.ts';
import { registerPaymentRoutes } from '../modules/payments/payments.routes.ts';
import { registerCreditNoteRoutes } from '../modules/credit-notes/credit-notes.routes.ts';
import { registerDocumentRoutes } from '../modules/documents/documents.routes.ts';
import { registerReportRoutes } from '../modules/reports/reports.routes.ts';
import { registerInvoiceLinkRoutes } from '../modules/invoice-links/invoice-links.routes.ts';
import { registerEmailRoutes } from '../modules/email/email.routes.ts';
import { registerIntegrityRoutes } from '../modules/integrity/integrity.routes.ts';

export function registerModules(api: FastifyInstance, deps: AppDeps): void {
  registerAuthRoutes(api, deps);
  registerAccountRoutes(api, deps);
  registerTwoFactorRoutes(api, deps);
  registerOrganizationRoutes(api, deps);
  registerCustomerRoutes(api, deps);
  registerTaxRateRoutes(api, deps);
  registerProductRoutes(api, deps);
  registerAuditRoutes(api, deps);
  registerUserRoutes(api, deps);
  registerApiTokenRoutes(api, deps);
  registerInvoiceRoutes(api, deps);
  registerPaymentRoutes(api, deps);
  registerCreditNoteRoutes(api, deps);
  registerDocumentRoutes(api, deps);
  registerReportRoutes(api, deps);
  registerInvoiceLinkRoutes(api, deps);
  registerEmailRoutes(api, deps);
  registerIntegrityRoutes(api, deps);
}
