/**
 * Every authenticated POST route works with an Idempotency-Key, on both databases (SQLite
 * first: there one connection serves everything, so a handler query that bypassed the
 * request transaction would wait forever for the connection its own request holds — the
 * guard in db/transaction.ts turns that into an error, and this test into a failure).
 * The list of routes comes from the app, so a new POST route without a case here fails.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { OWNER_PASSWORD, createCustomer, setupOwner, unique } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import { Client, type HttpResponse } from '../support/http.ts';
import { runOnRequestTransaction, scopedDb, settleScope } from '../../src/db/transaction.ts';

describeEachDb('Idempotency-Key on every POST route', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('each authenticated POST route succeeds with a key and replays it', { timeout: 60_000 }, async () => {
    const customer = await createCustomer(owner);
    const open = await finalizedInvoice(owner, { customerId: customer.id });
    const another = await finalizedInvoice(owner, { customerId: customer.id });
    const toVoid = await finalizedInvoice(owner, { customerId: customer.id });
    const toRemind = await finalizedInvoice(owner, { customerId: customer.id });
    const draft = await draftInvoice(owner, { customerId: customer.id });
    const payment = (await owner.post('/api/v1/payments', { invoice_id: another.id, amount: '100.00', date: '2026-11-20', method: 'card' })).body;
    // Customer credit to apply: a credit note on the paid invoice.
    expect((await owner.post(`/api/v1/invoices/${another.id}/credit-notes`, { amount: '10.00', reason: 'credit' })).status).toBe(201);
    const message = (await owner.post(`/api/v1/invoices/${open.id}/send`, {})).body;
    const emailId = (await owner.get(`/api/v1/emails?invoice_id=${open.id}`)).body.data?.[0]?.id ?? message.id;

    /** Each route: the request, and the status it must answer (2xx unless the state forbids it). */
    const invited = (await owner.post('/api/v1/users', { name: 'Keyed Invitee', email: `${unique('keyed')}@example.com`, role: 'viewer' })).body;
    const me = (await owner.get('/api/v1/auth/me')).body;
    // Logging out ends the session the replay would need: a second session of the owner does it.
    const leaving = new Client(server.url);
    expect((await leaving.post('/api/v1/auth/login', { email: 'owner@example.com', password: OWNER_PASSWORD })).status).toBe(200);

    // A webhook endpoint on a public name (it does not resolve here: its deliveries just fail), and one of its deliveries.
    const hook = (await owner.post('/api/v1/webhook-endpoints', { url: 'https://hooks.example.invalid/keyed', events: ['*'] })).body;
    const hookDelivery = (await owner.post(`/api/v1/webhook-endpoints/${hook.id}/test`)).body;

    const subscription = (body: object = {}) =>
      owner.post('/api/v1/subscriptions', { customer_id: customer.id, interval: 'month', start_date: '2027-01-01', lines: [{ description: 'Plan', quantity: '1', unit_price: '9.00' }], ...body });
    const toPause = (await subscription()).body;
    const toResume = (await subscription()).body;
    expect((await owner.post(`/api/v1/subscriptions/${toResume.id}/pause`)).status).toBe(200);
    const toCancel = (await subscription()).body;

    // Usage: a metric to report events of.
    const metric = (await owner.post('/api/v1/billable-metrics', { code: unique('keyed.metric'), name: 'Keyed metric', aggregation: 'count' })).body;
    const usageEvent = () => ({ transaction_id: unique('keyed-tx'), customer_id: customer.id, metric_code: metric.code });

    // Quotes: drafts to finalize, open ones to answer, convert, duplicate and send.
    const quoteBody = { customer_id: customer.id, lines: [{ description: 'Quoted', quantity: '1', unit_price: '10.00' }] };
    const openQuote = async () => {
      const quote = (await owner.post('/api/v1/quotes', quoteBody)).body;
      expect((await owner.post(`/api/v1/quotes/${quote.id}/finalize`)).status).toBe(200);
      return quote;
    };
    const quoteDraft = (await owner.post('/api/v1/quotes', quoteBody)).body;
    const [toAccept, toDecline, toConvert, toSend] = [await openQuote(), await openQuote(), await openQuote(), await openQuote()];

    const cases: Record<string, { path: string; body?: unknown; status: number; as?: Client; replay?: false }> = {
      'POST /api/v1/quotes': { path: '/api/v1/quotes', body: quoteBody, status: 201 },
      'POST /api/v1/quotes/:id/finalize': { path: `/api/v1/quotes/${quoteDraft.id}/finalize`, status: 200 },
      'POST /api/v1/quotes/:id/accept': { path: `/api/v1/quotes/${toAccept.id}/accept`, body: { name: 'Keyed Buyer' }, status: 200 },
      'POST /api/v1/quotes/:id/decline': { path: `/api/v1/quotes/${toDecline.id}/decline`, body: { reason: 'keyed' }, status: 200 },
      'POST /api/v1/quotes/:id/convert': { path: `/api/v1/quotes/${toConvert.id}/convert`, status: 201 },
      'POST /api/v1/quotes/:id/duplicate': { path: `/api/v1/quotes/${toAccept.id}/duplicate`, status: 201 },
      'POST /api/v1/quotes/:id/send': { path: `/api/v1/quotes/${toSend.id}/send`, body: {}, status: 200 },
      'POST /api/v1/auth/logout': { path: '/api/v1/auth/logout', status: 204, as: leaving, replay: false },
      'POST /api/v1/auth/switch-organization': { path: '/api/v1/auth/switch-organization', body: { organization_id: me.organization.id }, status: 200 },
      // A wrong current password is refused after the handler ran (the owner's password stays).
      'POST /api/v1/auth/change-password': { path: '/api/v1/auth/change-password', body: { current_password: 'not-the-password', new_password: 'x-new-password-1' }, status: 422 },
      // The setup answer holds the authenticator secret: never replayed (409 on a retry).
      'POST /api/v1/auth/2fa/setup': { path: '/api/v1/auth/2fa/setup', status: 200 },
      'POST /api/v1/auth/2fa/enable': { path: '/api/v1/auth/2fa/enable', body: { code: 'not-a-code' }, status: 422 },
      'POST /api/v1/auth/2fa/disable': { path: '/api/v1/auth/2fa/disable', body: { password: OWNER_PASSWORD }, status: 409 },
      'POST /api/v1/users': { path: '/api/v1/users', body: { name: 'Keyed', email: `${unique('keyed')}@example.com`, role: 'sales' }, status: 201 },
      'POST /api/v1/users/:id/invitation': { path: `/api/v1/users/${invited.id}/invitation`, status: 200 },
      'POST /api/v1/organizations': { path: '/api/v1/organizations', body: { name: unique('Org'), currency: 'EUR' }, status: 201 },
      'POST /api/v1/customers': { path: '/api/v1/customers', body: { name: unique('Keyed') }, status: 201 },
      'POST /api/v1/customers/:id/anonymize': { path: `/api/v1/customers/${(await createCustomer(owner)).id}/anonymize`, status: 200 },
      'POST /api/v1/products': { path: '/api/v1/products', body: { name: unique('Product'), unit_price: '5.00' }, status: 201 },
      'POST /api/v1/tax-rates': { path: '/api/v1/tax-rates', body: { name: unique('Rate'), percentage: '7' }, status: 201 },
      'POST /api/v1/custom-fields': { path: '/api/v1/custom-fields', body: { resource: 'customer', key: 'keyed_field', label: 'Keyed field', type: 'text' }, status: 201 },
      'POST /api/v1/api-tokens': { path: '/api/v1/api-tokens', body: { name: unique('Token') }, status: 201 },
      'POST /api/v1/invoices': { path: '/api/v1/invoices', body: { customer_id: customer.id, lines: [{ description: 'X', quantity: '1', unit_price: '1.00' }] }, status: 201 },
      'POST /api/v1/invoices/:id/duplicate': { path: `/api/v1/invoices/${open.id}/duplicate`, status: 201 },
      'POST /api/v1/invoices/:id/finalize': { path: `/api/v1/invoices/${draft.id}/finalize`, status: 200 },
      'POST /api/v1/payments': { path: '/api/v1/payments', body: { invoice_id: open.id, amount: '10.00', date: '2026-11-20', method: 'card' }, status: 201 },
      'POST /api/v1/payments/:id/refund': { path: `/api/v1/payments/${payment.id}/refund`, body: { amount: '1.00', reason: 'keyed' }, status: 200 },
      'POST /api/v1/invoices/:id/apply-credit': { path: `/api/v1/invoices/${open.id}/apply-credit`, body: { amount: '1.00' }, status: 201 },
      'POST /api/v1/invoices/:id/credit-notes': { path: `/api/v1/invoices/${open.id}/credit-notes`, body: { amount: '1.00', reason: 'keyed' }, status: 201 },
      'POST /api/v1/invoices/:id/credit-notes/preview': { path: `/api/v1/invoices/${open.id}/credit-notes/preview`, body: { amount: '1.00' }, status: 200 },
      'POST /api/v1/invoices/:id/link': { path: `/api/v1/invoices/${open.id}/link`, status: 200 },
      // No gateway is connected here: refused after the handler ran (payment-gateways.test.ts covers the link itself).
      'POST /api/v1/invoices/:id/payment-link': { path: `/api/v1/invoices/${another.id}/payment-link`, status: 409 },
      // No gateway is connected here: refused after the handler ran; no such saved method.
      'POST /api/v1/customers/:id/payment-methods/setup-link': { path: `/api/v1/customers/${customer.id}/payment-methods/setup-link`, body: {}, status: 409 },
      'POST /api/v1/customers/:id/payment-methods/:method_id/default': { path: `/api/v1/customers/${customer.id}/payment-methods/spm_none/default`, status: 404 },
      'POST /api/v1/invoices/:id/send': { path: `/api/v1/invoices/${open.id}/send`, body: {}, status: 200 },
      'POST /api/v1/customers/:id/portal-link': { path: `/api/v1/customers/${customer.id}/portal-link`, status: 201 },
      'POST /api/v1/customers/:id/portal-link/send': { path: `/api/v1/customers/${customer.id}/portal-link/send`, body: {}, status: 201 },
      // Without an SMTP server the message stays in the outbox: refused, after the handler ran.
      'POST /api/v1/emails/:id/retry': { path: `/api/v1/emails/${emailId}/retry`, status: 409 },
      // Takes XML only: a JSON body is refused before the handler (the route changes nothing either way).
      'POST /api/v1/einvoices/validate': { path: '/api/v1/einvoices/validate', body: {}, status: 415 },
      // Takes multipart/form-data only: a JSON body is refused before the handler. A real upload
      // with a key is replayed like any POST (imports.test.ts), and the import is idempotent by its file too.
      'POST /api/v1/imports': { path: '/api/v1/imports', body: {}, status: 415 },
      'POST /api/v1/invoices/:id/void': { path: `/api/v1/invoices/${toVoid.id}/void`, status: 200 },
      'POST /api/v1/invoices/:id/mark-uncollectible': { path: `/api/v1/invoices/${open.id}/mark-uncollectible`, status: 200 },
      'POST /api/v1/billable-metrics': { path: '/api/v1/billable-metrics', body: { code: unique('keyed.code'), name: 'Keyed', aggregation: 'sum', field: 'n' }, status: 201 },
      'POST /api/v1/usage-events': { path: '/api/v1/usage-events', body: usageEvent(), status: 201 },
      'POST /api/v1/usage-events/batch': { path: '/api/v1/usage-events/batch', body: { events: [usageEvent(), usageEvent()] }, status: 200 },
      'POST /api/v1/webhook-endpoints': { path: '/api/v1/webhook-endpoints', body: { url: 'https://hooks.example.invalid/other', events: ['invoice.paid'] }, status: 201 },
      'POST /api/v1/webhook-endpoints/:id/test': { path: `/api/v1/webhook-endpoints/${hook.id}/test`, status: 202 },
      'POST /api/v1/subscriptions': {
        path: '/api/v1/subscriptions',
        body: { customer_id: customer.id, interval: 'month', start_date: '2027-01-01', lines: [{ description: 'Keyed plan', quantity: '1', unit_price: '9.00' }] },
        status: 201,
      },
      'POST /api/v1/subscriptions/:id/pause': { path: `/api/v1/subscriptions/${toPause.id}/pause`, status: 200 },
      'POST /api/v1/subscriptions/:id/resume': { path: `/api/v1/subscriptions/${toResume.id}/resume`, status: 200 },
      'POST /api/v1/subscriptions/:id/cancel': { path: `/api/v1/subscriptions/${toCancel.id}/cancel`, body: { at_period_end: true }, status: 200 },
      'POST /api/v1/webhook-endpoints/:id/deliveries/:delivery_id/retry': { path: `/api/v1/webhook-endpoints/${hook.id}/deliveries/${hookDelivery.id}/retry`, status: 202 },
      'POST /api/v1/invoices/:id/reminders/pause': { path: `/api/v1/invoices/${toRemind.id}/reminders/pause`, status: 200 },
      'POST /api/v1/invoices/:id/reminders/resume': { path: `/api/v1/invoices/${toRemind.id}/reminders/resume`, status: 200 },
      'POST /api/v1/invoices/:id/send-reminder': { path: `/api/v1/invoices/${toRemind.id}/send-reminder`, body: {}, status: 200 },
    };

    const routes = server.app.accessTable
      .filter((rule) => rule.method === 'POST' && rule.requires !== 'public' && rule.url.startsWith('/api/v1/'))
      .map((rule) => `${rule.method} ${rule.url}`);
    expect(new Set(Object.keys(cases))).toEqual(new Set(routes));

    for (const [route, { path, body, status, as = owner, replay }] of Object.entries(cases)) {
      const key = unique('route');
      const first: HttpResponse = await as.post(path, body, { 'idempotency-key': key });
      expect(first.status, `${route}: ${first.text.slice(0, 300)}`).toBe(status);
      if (status >= 300 || replay === false) continue;
      const again = await as.post(path, body, { 'idempotency-key': key });
      if (route === 'POST /api/v1/api-tokens' || route === 'POST /api/v1/invoices/:id/link' || route === 'POST /api/v1/customers/:id/portal-link' || route === 'POST /api/v1/auth/2fa/setup' || route === 'POST /api/v1/webhook-endpoints') {
        expect(again.status, route).toBe(409); // the secret (token, customer link, authenticator secret, signing secret) is shown once
      } else {
        expect(again.status, `${route}: ${again.text.slice(0, 300)}`).toBe(status);
        expect(again.headers.get('idempotent-replayed'), route).toBe('true');
        expect(again.text, route).toBe(first.text);
      }
    }
  });

  it('a query that bypasses the request transaction fails loudly instead of hanging', async () => {
    const root = server.db;
    const trx = await root.kysely.startTransaction().execute();
    const scoped = scopedDb(root, trx);
    try {
      // What a handler would do if it used deps.db instead of its request's transaction.
      await expect(runOnRequestTransaction(scoped, () => root.kysely.selectFrom('organizations').select('id').execute())).rejects.toThrow();
      // Through the request's transaction the same query works.
      expect(await runOnRequestTransaction(scoped, () => scoped.kysely.selectFrom('organizations').select('id').execute())).not.toHaveLength(0);
    } finally {
      await trx.rollback().execute();
      settleScope(scoped, false);
    }
    expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
  });
});
