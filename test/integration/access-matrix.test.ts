/**
 * The role × route matrix: for every API route and every role, a request is answered 403
 * exactly when the role is below the route's requirement, and 401 without credentials.
 * The expected table is written out here by hand, so a route added without a conscious
 * access decision (or with a changed one) fails this test.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Role } from '../../src/domain/roles.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';

const EXPECTED: Record<string, 'public' | Role> = {
  // The customer's invoice pages: public on purpose, the unguessable token in the path is the key.
  'GET /p/:token': 'public',
  'GET /p/:token/pdf': 'public',
  // Pay now on the customer page (the token is the key), and where an API payment link returns to.
  'POST /p/:token/pay': 'public',
  'POST /p/:token/accept': 'public',
  'POST /p/:token/decline': 'public',
  'GET /payment-return': 'public',
  'GET /payment-method-return': 'public',
  'GET /portal/:token': 'public',
  'GET /portal/:token/invoices/:id': 'public',
  'GET /portal/:token/invoices/:id/pdf': 'public',
  'GET /portal/:token/credit-notes/:id/pdf': 'public',
  'GET /portal/:token/payments/:id/receipt': 'public',
  'GET /portal/:token/statement.pdf': 'public',
  'POST /portal/:token/invoices/:id/pay': 'public',
  'POST /portal/:token/payment-methods/setup': 'public',
  'GET /portal/:token/payment-methods/:id/remove': 'public',
  'POST /portal/:token/payment-methods/:id/remove': 'public',
  'POST /api/v1/customers/:id/portal-link': 'accountant',
  'GET /api/v1/customers/:id/portal-link': 'viewer',
  'DELETE /api/v1/customers/:id/portal-link': 'accountant',
  'POST /api/v1/customers/:id/portal-link/send': 'accountant',
  'GET /api/v1/payments/:id/receipt': 'viewer',
  // Prometheus metrics: no session or API token; METRICS_TOKEN (when set) is checked by the route itself.
  'GET /metrics': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'POST /api/v1/auth/login': 'public',
  // Account links: the single-use token e-mailed to the address is the proof.
  'POST /api/v1/auth/invitations/lookup': 'public',
  'POST /api/v1/auth/invitations/accept': 'public',
  'POST /api/v1/auth/password-reset/request': 'public',
  'POST /api/v1/auth/password-reset/confirm': 'public',
  'POST /api/v1/auth/change-password': 'viewer',
  'POST /api/v1/auth/login/2fa': 'public',
  'POST /api/v1/auth/2fa/setup': 'viewer',
  'POST /api/v1/auth/2fa/enable': 'viewer',
  'POST /api/v1/auth/2fa/disable': 'viewer',
  'GET /api/v1/auth/sessions': 'viewer',
  'DELETE /api/v1/auth/sessions/:id': 'viewer',
  'POST /api/v1/auth/logout': 'viewer',
  'GET /api/v1/auth/me': 'viewer',
  'GET /api/v1/auth/session': 'public',
  'POST /api/v1/auth/switch-organization': 'viewer',
  'GET /api/v1/organizations': 'viewer',
  'POST /api/v1/organizations': 'viewer',
  'GET /api/v1/organization': 'viewer',
  'PATCH /api/v1/organization': 'admin',
  // Issue 19 exports: everything of the organization (admin, like its settings); a customer's personal
  // data for an access request (accountant: they answer customers about their documents and payments);
  // the accountant's journal and the chart of accounts it books to (changed by admins, like other settings).
  'GET /api/v1/organization/export': 'admin',
  'GET /api/v1/customers/:id/export': 'accountant',
  'GET /api/v1/exports/journal': 'accountant',
  'GET /api/v1/organization/accounts': 'accountant',
  'PUT /api/v1/organization/accounts': 'admin',
  'GET /api/v1/organization/logo': 'viewer',
  'PUT /api/v1/organization/logo': 'admin',
  'DELETE /api/v1/organization/logo': 'admin',
  'GET /api/v1/customers': 'viewer',
  'POST /api/v1/customers': 'sales',
  'GET /api/v1/customers/:id': 'viewer',
  'PATCH /api/v1/customers/:id': 'sales',
  'DELETE /api/v1/customers/:id': 'sales',
  'POST /api/v1/customers/:id/anonymize': 'admin',
  'GET /api/v1/products': 'viewer',
  'POST /api/v1/products': 'sales',
  'GET /api/v1/products/:id': 'viewer',
  'PATCH /api/v1/products/:id': 'sales',
  'DELETE /api/v1/products/:id': 'sales',
  'GET /api/v1/tax-rates': 'viewer',
  'POST /api/v1/tax-rates': 'accountant',
  'GET /api/v1/tax-rates/:id': 'viewer',
  'PATCH /api/v1/tax-rates/:id': 'accountant',
  'DELETE /api/v1/tax-rates/:id': 'accountant',
  'GET /api/v1/custom-fields': 'viewer',
  'POST /api/v1/custom-fields': 'admin',
  'GET /api/v1/custom-fields/:id': 'viewer',
  'PATCH /api/v1/custom-fields/:id': 'admin',
  'DELETE /api/v1/custom-fields/:id': 'admin',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'GET /api/v1/users/:id': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'DELETE /api/v1/users/:id': 'admin',
  'POST /api/v1/users/:id/invitation': 'admin',
  'GET /api/v1/api-tokens': 'admin',
  'POST /api/v1/api-tokens': 'admin',
  'DELETE /api/v1/api-tokens/:id': 'admin',
  'GET /api/v1/audit-events': 'admin',
  'GET /api/v1/events': 'admin',
  'GET /api/v1/integrity': 'admin',
  'GET /api/v1/payments': 'viewer',
  'POST /api/v1/payments': 'accountant',
  'GET /api/v1/payments/:id': 'viewer',
  'POST /api/v1/payments/:id/refund': 'accountant',
  'POST /api/v1/invoices/:id/apply-credit': 'accountant',
  'GET /api/v1/invoices': 'viewer',
  'POST /api/v1/invoices': 'sales',
  'GET /api/v1/invoices/:id': 'viewer',
  'PATCH /api/v1/invoices/:id': 'sales',
  'DELETE /api/v1/invoices/:id': 'sales',
  'GET /api/v1/invoices/:id/preview': 'viewer',
  'GET /api/v1/invoices/:id/pdf': 'viewer',
  'GET /api/v1/invoices/pdfs.zip': 'viewer',
  'GET /api/v1/invoices/:id/einvoice': 'viewer',
  'GET /api/v1/invoices/:id/einvoice/validation': 'viewer',
  'GET /api/v1/invoices/:id/timeline': 'viewer',
  'POST /api/v1/invoices/:id/link': 'sales',
  'GET /api/v1/invoices/:id/link': 'viewer',
  'GET /api/v1/invoices/:id/links': 'viewer',
  'DELETE /api/v1/invoices/:id/link': 'sales',
  'POST /api/v1/invoices/:id/duplicate': 'sales',
  'POST /api/v1/invoices/:id/finalize': 'accountant',
  'POST /api/v1/invoices/:id/void': 'accountant',
  'POST /api/v1/invoices/:id/mark-uncollectible': 'accountant',
  'POST /api/v1/invoices/:id/credit-notes': 'accountant',
  'POST /api/v1/invoices/:id/credit-notes/preview': 'accountant',
  'GET /api/v1/quotes': 'viewer',
  'POST /api/v1/quotes': 'sales',
  'GET /api/v1/quotes/:id': 'viewer',
  'GET /api/v1/quotes/:id/pdf': 'viewer',
  'PATCH /api/v1/quotes/:id': 'sales',
  'DELETE /api/v1/quotes/:id': 'sales',
  'POST /api/v1/quotes/:id/finalize': 'sales',
  'POST /api/v1/quotes/:id/accept': 'sales',
  'POST /api/v1/quotes/:id/decline': 'sales',
  'POST /api/v1/quotes/:id/convert': 'sales',
  'POST /api/v1/quotes/:id/duplicate': 'sales',
  'POST /api/v1/quotes/:id/send': 'sales',
  'GET /api/v1/credit-notes': 'viewer',
  'GET /api/v1/credit-notes/:id': 'viewer',
  'GET /api/v1/credit-notes/:id/preview': 'viewer',
  'GET /api/v1/credit-notes/:id/pdf': 'viewer',
  'GET /api/v1/credit-notes/:id/einvoice': 'viewer',
  'GET /api/v1/credit-notes/:id/einvoice/validation': 'viewer',
  'GET /api/v1/reports/summary': 'viewer',
  'GET /api/v1/reports/top-customers': 'accountant',
  'GET /api/v1/reports/top-products': 'accountant',
  'GET /api/v1/reports/customer-analytics': 'accountant',
  'GET /api/v1/reports/aging': 'accountant',
  'GET /api/v1/customers/:id/statement': 'accountant',
  'GET /api/v1/reports/sales': 'accountant',
  'GET /api/v1/reports/revenue': 'accountant',
  'GET /api/v1/reports/taxes': 'accountant',
  'POST /api/v1/invoices/:id/send': 'sales',
  'GET /api/v1/invoices/:id/send-preview': 'sales',
  'GET /api/v1/emails': 'sales',
  'GET /api/v1/emails/:id': 'sales',
  'POST /api/v1/einvoices/validate': 'viewer',
  'POST /api/v1/emails/:id/retry': 'sales',
  'GET /api/v1/organization/email-template': 'viewer',
  'PUT /api/v1/organization/email-template': 'admin',
  'GET /api/v1/billable-metrics': 'viewer',
  'POST /api/v1/billable-metrics': 'accountant',
  'GET /api/v1/billable-metrics/:id': 'viewer',
  'PATCH /api/v1/billable-metrics/:id': 'accountant',
  'DELETE /api/v1/billable-metrics/:id': 'accountant',
  // Other systems report usage with API tokens of the sales role, like the invoices it leads to.
  'POST /api/v1/usage-events': 'sales',
  'POST /api/v1/usage-events/batch': 'sales',
  'GET /api/v1/customers/:id/usage': 'viewer',
  'GET /api/v1/webhook-endpoints': 'admin',
  'POST /api/v1/webhook-endpoints': 'admin',
  'GET /api/v1/webhook-endpoints/:id': 'admin',
  'PATCH /api/v1/webhook-endpoints/:id': 'admin',
  'DELETE /api/v1/webhook-endpoints/:id': 'admin',
  'POST /api/v1/webhook-endpoints/:id/test': 'admin',
  'GET /api/v1/webhook-endpoints/:id/deliveries': 'admin',
  'POST /api/v1/webhook-endpoints/:id/deliveries/:delivery_id/retry': 'admin',
  // Subscriptions issue invoices on their own: changing them takes the role that finalizes.
  'GET /api/v1/subscriptions': 'viewer',
  'POST /api/v1/subscriptions': 'accountant',
  'GET /api/v1/subscriptions/:id': 'viewer',
  'PATCH /api/v1/subscriptions/:id': 'accountant',
  'POST /api/v1/subscriptions/:id/pause': 'accountant',
  'POST /api/v1/subscriptions/:id/resume': 'accountant',
  'POST /api/v1/subscriptions/:id/cancel': 'accountant',
  'GET /api/v1/subscriptions/:id/upcoming-invoice': 'viewer',
  // Payment gateways: connecting one hands over the organization's payment account (admin);
  // a payment link asks for money (accountant); Stripe's webhook signs with the organization's secret.
  'GET /api/v1/payment-gateways': 'admin',
  'GET /api/v1/payment-gateways/stripe': 'admin',
  'PUT /api/v1/payment-gateways/stripe': 'admin',
  'DELETE /api/v1/payment-gateways/stripe': 'admin',
  'POST /api/v1/invoices/:id/payment-link': 'accountant',
  'POST /api/v1/gateways/stripe/webhook/:organization_id': 'public',
  'GET /api/v1/customers/:id/payment-methods': 'viewer',
  'POST /api/v1/customers/:id/payment-methods/setup-link': 'accountant',
  'DELETE /api/v1/customers/:id/payment-methods/:method_id': 'accountant',
  'POST /api/v1/customers/:id/payment-methods/:method_id/default': 'accountant',
  // CSV imports write customers, products and tax rates in bulk: tax rates take an accountant, and so does the bulk of the catalogue.
  'POST /api/v1/imports': 'accountant',
  'GET /api/v1/imports': 'accountant',
  'GET /api/v1/imports/:id': 'accountant',
  // Reminders: settings like the e-mail template; reminding and pausing is financial work.
  'GET /api/v1/organization/reminders': 'viewer',
  'PUT /api/v1/organization/reminders': 'admin',
  'GET /api/v1/invoices/:id/reminders': 'viewer',
  'POST /api/v1/invoices/:id/reminders/pause': 'accountant',
  'POST /api/v1/invoices/:id/reminders/resume': 'accountant',
  'POST /api/v1/invoices/:id/send-reminder': 'accountant',
};

describeEachDb('role × route matrix', (kind) => {
  let server: TestServer;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    clients.owner = await setupOwner(server.url);
    for (const role of ROLES) if (role !== 'owner') clients[role] = await userWithRole(clients.owner, role);
  });
  afterAll(() => server.close());

  it('declares exactly the expected requirement on every route', () => {
    const actual = Object.fromEntries(server.app.accessTable.map((rule) => [`${rule.method} ${rule.url}`, rule.requires]));
    expect(actual).toEqual(EXPECTED);
  });

  it('answers 401 without credentials and 403 below the required role, and lets the required role through', async () => {
    const anonymous = new Client(server.url);
    let checked = 0;
    for (const rule of server.app.accessTable) {
      if (rule.requires === 'public') continue;
      const path = rule.url.replace(':id', 'zzz_does_not_exist').replace(':delivery_id', 'zzz_does_not_exist');
      const body = rule.method === 'GET' || rule.method === 'DELETE' ? undefined : {};
      const unauthenticated = await anonymous.request(rule.method, path, body);
      expect(unauthenticated.status, `${rule.method} ${rule.url} anonymous`).toBe(401);
      for (const role of ROLES) {
        // Logging out would end the shared session; check it with a throwaway one.
        const client = rule.url.endsWith('/logout') ? await freshSession(clients[role]) : clients[role];
        const response = await client.request(rule.method, path, body);
        const label = `${rule.method} ${rule.url} as ${role}: ${response.status} ${response.text.slice(0, 120)}`;
        if (roleAtLeast(role, rule.requires)) {
          expect([401, 403], label).not.toContain(response.status);
          expect(response.status, label).toBeLessThan(500);
        } else {
          expect(response.status, label).toBe(403);
          expect(response.headers.get('content-type'), label).toContain('application/problem+json');
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 120_000); // every route × every role: longer than one request-level test

  async function freshSession(client: Client): Promise<Client> {
    const me = await client.get('/api/v1/auth/me');
    const fresh = new Client(server.url);
    const password = me.body.role === 'owner' ? 'owner-password-123' : 'user-password-123';
    const login = await fresh.post('/api/v1/auth/login', { email: me.body.user.email, password });
    expect(login.status).toBe(200);
    return fresh;
  }
});
