/**
 * Saved payment methods and automatic charges, on both databases, against the local
 * Stripe-compatible server (test/support/stripe-server.ts) with the test clock and a real SMTP
 * server: a setup link → the hosted setup page → the signed webhook stores the card once (the
 * event 3×); a charge_automatically subscription's invoice is paid by the saved card (one
 * payment, the later payment_intent.succeeded webhook does not double it); a declining card
 * leaves the invoice open, tries again after 1, 3 and 5 days — each on the invoice's timeline,
 * each with an e-mail carrying the pay link — then stops; a customer paying through the link
 * stops the retries; no saved method is a failure too; other organizations' customers are 404;
 * bad input names the field.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';

const alnum = (n: number) => crypto.randomBytes(n).toString('hex').slice(0, n);

describeEachDb('saved payment methods and automatic charges', (kind) => {
  let stripe: StripeServer;
  let smtp: TestSmtp;
  let server: TestServer;
  let owner: Client;
  let orgId: string;
  let dataDir: string;
  const key = `sk_test_${alnum(24)}`;
  const webhookSecret = `whsec_${alnum(32)}`;
  const webhookPath = () => `/api/v1/gateways/stripe/webhook/${orgId}`;

  beforeAll(async () => {
    stripe = await startStripeServer();
    smtp = await startSmtpServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-ac-'));
    server = await startTestServer(kind, { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir, SETTLE_TEST_CLOCK: 'true', SMTP_URL: smtp.url } });
    owner = await setupOwner(server.url);
    orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    stripe.addKey(key, { accountId: 'acct_autocharge', webhookUrl: server.url + webhookPath(), webhookSecret });
  });
  afterAll(async () => {
    await server.close();
    await stripe.close();
    await smtp.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const methodsOf = async (customerId: string) => {
    const response = await owner.get(`/api/v1/customers/${customerId}/payment-methods`);
    expect(response.status, response.text).toBe(200);
    return response.body.data as any[];
  };
  const audit = async (resourceId: string, action?: string) =>
    ((await owner.get(`/api/v1/audit-events?resource_id=${resourceId}&limit=200${action === undefined ? '' : `&action=${action}`}`)).body.data as any[]).reverse();
  const payments = async (invoiceId: string) => (await owner.get(`/api/v1/payments?invoice_id=${invoiceId}`)).body.data as any[];
  const invoice = async (id: string) => (await owner.get(`/api/v1/invoices/${id}`)).body;
  const invoicesOf = async (subscriptionId: string) => ((await owner.get(`/api/v1/invoices?subscription_id=${subscriptionId}`)).body.data as any[]).reverse();
  const chargesOf = (invoiceId: string) => stripe.calls.filter((call) => call.path === '/v1/payment_intents' && call.method === 'POST' && (call.params.metadata)?.invoice_id === invoiceId);
  const mailsTo = (address: string) => smtp.received.filter((m) => m.rcptTo.includes(address));
  async function advance(now: string): Promise<void> {
    const moved = await owner.post('/api/v1/test-clock', { now });
    expect(moved.status, moved.text).toBe(200);
    await stripe.idle();
  }
  async function waitForMails(address: string, count: number): Promise<void> {
    await expect.poll(() => mailsTo(address).length, { timeout: 15_000, interval: 50 }).toBe(count);
  }

  /** Saves a card for the customer the way the customer does: setup link → hosted page → webhook. */
  async function saveCard(customerId: string): Promise<{ events: any[] }> {
    const link = await owner.post(`/api/v1/customers/${customerId}/payment-methods/setup-link`, {});
    expect(link.status, link.text).toBe(200);
    const sessionId = (link.body.url as string).split('/checkout/')[1] as string;
    return { events: await stripe.pay(sessionId) };
  }

  async function subscribe(customerId: string, startDate: string): Promise<any> {
    const created = await owner.post('/api/v1/subscriptions', {
      customer_id: customerId,
      interval: 'month',
      start_date: startDate,
      collection: 'charge_automatically',
      payment_terms_days: 14,
      lines: [{ description: 'Plan {month} {year}', quantity: '1', unit_price: '49.90' }],
    });
    expect(created.status, created.text).toBe(201);
    return created.body;
  }

  it('refuses a setup link while no gateway is connected (409), then connects', async () => {
    const customer = await createCustomer(owner, { name: 'Early Bird' });
    const early = await owner.post(`/api/v1/customers/${customer.id}/payment-methods/setup-link`);
    expect(early.status, early.text).toBe(409);
    expect(early.body.detail).toMatch(/No payment gateway/);
    const connected = await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: key, webhook_secret: webhookSecret });
    expect(connected.status, connected.text).toBe(200);
  });

  it('saves a card once from the signed setup webhook, however often the event comes', async () => {
    const customer = await createCustomer(owner, { name: 'Card Saver', email: 'saver@example.com' });
    expect(await methodsOf(customer.id)).toEqual([]);
    const link = await owner.post(`/api/v1/customers/${customer.id}/payment-methods/setup-link`, { method_types: ['card'] });
    expect(link.status, link.text).toBe(200);
    expect(link.body.url).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    expect(Date.parse(link.body.expires_at)).toBeGreaterThan(Date.now());
    const sessionId = (link.body.url as string).split('/checkout/')[1] as string;
    const created = stripe.calls.find((call) => call.path === '/v1/checkout/sessions' && call.params.mode === 'setup' && (call.params.metadata)?.customer_id === customer.id);
    expect(created?.params).toMatchObject({ metadata: { organization_id: orgId, customer_id: customer.id }, success_url: `${server.url}/payment-method-return?result=saved` });

    const events = await stripe.pay(sessionId);
    const completed = events.find((e) => e.type === 'checkout.session.completed')!;
    expect(await stripe.resend(completed.id)).toBe(200);
    expect(await stripe.resend(completed.id)).toBe(200);
    const methods = await methodsOf(customer.id);
    expect(methods).toHaveLength(1);
    expect(methods[0]).toMatchObject({ customer_id: customer.id, provider: 'stripe', type: 'card', brand: 'visa', last4: '4242', is_default: true });
    expect(methods[0].exp_year).toEqual(expect.any(Number));
    expect(await audit(customer.id, 'customer.payment_method_saved')).toHaveLength(1);
    // The same customer at Stripe for a second link.
    await saveCard(customer.id);
    const customersMade = stripe.calls.filter((call) => call.path === '/v1/customers' && (call.params.metadata)?.customer_id === customer.id && call.status === 200);
    expect(new Set(customersMade.map((c) => c.idempotencyKey)).size).toBe(1);
    const two = await methodsOf(customer.id);
    expect(two).toHaveLength(2);
    expect(two[0].is_default).toBe(true); // the card saved last

    // Make the older one default, then remove it (detached at Stripe).
    const older = two[1];
    const made = await owner.post(`/api/v1/customers/${customer.id}/payment-methods/${older.id}/default`);
    expect(made.status, made.text).toBe(200);
    expect(made.body).toMatchObject({ id: older.id, is_default: true });
    expect((await methodsOf(customer.id))[0].id).toBe(older.id);
    const removed = await owner.request('DELETE', `/api/v1/customers/${customer.id}/payment-methods/${older.id}`);
    expect(removed.status, removed.text).toBe(204);
    expect(stripe.calls.some((call) => call.path.endsWith('/detach') && call.status === 200)).toBe(true);
    expect((await methodsOf(customer.id)).map((m) => m.id)).toEqual([two[0].id]);
    // A late repeat of the removed card's setup event does not bring it back.
    await stripe.resend(completed.id);
    expect(await methodsOf(customer.id)).toHaveLength(1);
    expect((await owner.request('DELETE', `/api/v1/customers/${customer.id}/payment-methods/${older.id}`)).status).toBe(404);
  });

  it('answers 404 for another organization\'s customer and names the bad field', async () => {
    const other = await secondOrganization(owner, 'Elsewhere Ltd');
    const theirs = await createCustomer(other, { name: 'Not yours' });
    expect((await owner.get(`/api/v1/customers/${theirs.id}/payment-methods`)).status).toBe(404);
    expect((await owner.post(`/api/v1/customers/${theirs.id}/payment-methods/setup-link`)).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/customers/${theirs.id}/payment-methods/spm_x`)).status).toBe(404);

    const mine = await createCustomer(owner, { name: 'Input Tester' });
    const cases: [unknown, string][] = [
      [{ method_types: ['bitcoin'] }, 'method_types'],
      [{ method_types: [] }, 'method_types'],
      [{ success_url: 'ftp://example.com/x' }, 'success_url'],
      [{ cancel_url: 'not a url' }, 'cancel_url'],
      [{ success_url: 42 }, 'success_url'],
    ];
    for (const [body, field] of cases) {
      const response = await owner.post(`/api/v1/customers/${mine.id}/payment-methods/setup-link`, body);
      expect(response.status, response.text).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    const extra = await owner.post(`/api/v1/customers/${mine.id}/payment-methods/setup-link`, { other: 1 });
    expect(extra.status).toBeGreaterThanOrEqual(400);
    expect(extra.status).toBeLessThan(500);
    const badId = await owner.get('/api/v1/customers/bad%20id/payment-methods');
    expect(badId.status).toBe(422);
    expect(JSON.stringify(badId.body.errors)).toContain('id');
  });

  it('charges the saved card when a charge_automatically invoice is finalized: paid once, the webhook does not double it', async () => {
    const customer = await createCustomer(owner, { name: 'Auto Payer', email: 'auto@example.com' });
    await saveCard(customer.id);
    const sub = await subscribe(customer.id, '2027-01-01');
    await advance('2027-01-01T12:00:00Z');
    const [inv] = await invoicesOf(sub.id);
    expect(inv).toMatchObject({ status: 'paid', total: '49.90', amount_due: '0.00' });
    const paid = await payments(inv.id);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ amount: '49.90', method: 'card' });
    expect(chargesOf(inv.id)).toHaveLength(1);
    expect(chargesOf(inv.id)[0]!.idempotencyKey).toBe(`settle-autocharge-${inv.id}-1`);
    // Stripe's payment_intent.succeeded came (asynchronously) and again: still one payment.
    const succeeded = stripe.events.find((e) => e.type === 'payment_intent.succeeded' && e.data.object.metadata?.invoice_id === inv.id)!;
    expect(succeeded).toBeDefined();
    expect(await stripe.resend(succeeded.id)).toBe(200);
    expect(await payments(inv.id)).toHaveLength(1);
    expect((await invoice(inv.id)).amount_paid).toBe('49.90');
    const timeline = await audit(inv.id);
    expect(timeline.filter((e) => e.action === 'invoice.charge_succeeded')).toHaveLength(1);
    expect(timeline.find((e) => e.action === 'invoice.charge_succeeded').after).toMatchObject({ attempt: 1, amount: '49.90', payment_method: { brand: 'visa', last4: '4242' } });
    // Nothing more to do at the next stops of the clock.
    await owner.post(`/api/v1/subscriptions/${sub.id}/cancel`);
    await advance('2027-01-10T12:00:00Z');
    expect(chargesOf(inv.id)).toHaveLength(1);
  });

  it('a declining card: open, retried after 1, 3 and 5 days, each on the timeline with an e-mailed pay link, then no more', async () => {
    const email = 'decline@example.com';
    const customer = await createCustomer(owner, { name: 'Declined Dora', email });
    await saveCard(customer.id);
    const sub = await subscribe(customer.id, '2027-02-01');
    stripe.declineNextCharge(key, 'Your card was declined.');
    await advance('2027-02-01T12:00:00Z');
    await owner.post(`/api/v1/subscriptions/${sub.id}/cancel`);
    const [inv] = await invoicesOf(sub.id);
    expect(inv).toMatchObject({ status: 'open', amount_due: '49.90' });
    expect(await payments(inv.id)).toHaveLength(0);
    let failed = await audit(inv.id, 'invoice.payment_failed');
    expect(failed).toHaveLength(1);
    // Billing ran at midnight in Berlin (23:00 UTC the day before): the retries count from then.
    expect(failed[0].after).toMatchObject({ attempt: 1, reason: 'Your card was declined.', next_attempt_at: '2027-02-01T23:00:00.000Z', final: false });
    await waitForMails(email, 1);
    const first = mailsTo(email)[0]!.mail;
    expect(first.subject).toBe(`Payment failed: invoice ${inv.number}`);
    const link = /(http\S+\/p\/[A-Za-z0-9_-]{43})/.exec(first.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(first.text).toContain('Your card was declined.');

    for (const [now, attempt, next] of [
      ['2027-02-02T12:00:00Z', 2, '2027-02-03T23:00:00.000Z'],
      ['2027-02-04T12:00:00Z', 3, '2027-02-05T23:00:00.000Z'],
      ['2027-02-06T12:00:00Z', 4, null],
    ] as const) {
      stripe.declineNextCharge(key, 'Insufficient funds.');
      await advance(now);
      failed = await audit(inv.id, 'invoice.payment_failed');
      expect(failed).toHaveLength(attempt);
      expect(failed[attempt - 1].after).toMatchObject({ attempt, reason: 'Insufficient funds.', next_attempt_at: next, final: next === null });
      await waitForMails(email, attempt);
    }
    expect(chargesOf(inv.id).map((c) => c.idempotencyKey)).toEqual([1, 2, 3, 4].map((n) => `settle-autocharge-${inv.id}-${n}`));
    await advance('2027-02-20T12:00:00Z');
    expect(chargesOf(inv.id)).toHaveLength(4);
    expect((await invoice(inv.id)).status).toBe('open');
    // The public event for API users.
    const listed = await owner.get('/api/v1/events?type=invoice.payment_failed&limit=100');
    expect(listed.status, listed.text).toBe(200);
    const mine = (listed.body.data as any[]).filter((e) => JSON.stringify(e).includes(inv.id));
    expect(mine).toHaveLength(4);
    expect(JSON.stringify(mine[0])).toContain('"auto_charge"');
  });

  it('the customer pays through the e-mailed link after a failure: no more retries', async () => {
    const email = 'payer@example.com';
    const customer = await createCustomer(owner, { name: 'Paying Pete', email });
    await saveCard(customer.id);
    const sub = await subscribe(customer.id, '2027-03-10');
    stripe.declineNextCharge(key);
    await advance('2027-03-10T12:00:00Z');
    await owner.post(`/api/v1/subscriptions/${sub.id}/cancel`);
    const [inv] = await invoicesOf(sub.id);
    await waitForMails(email, 1);
    const link = /(http\S+\/p\/[A-Za-z0-9_-]{43})/.exec(mailsTo(email)[0]!.mail.text ?? '')![1]!;
    const page = await (await fetch(link)).text();
    expect(page).toContain('Pay now');
    const click = await fetch(`${link}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(click.status).toBe(303);
    const checkout = click.headers.get('location')!;
    await stripe.pay(checkout.split('/checkout/')[1]!);
    expect((await invoice(inv.id)).status).toBe('paid');
    await advance('2027-03-20T12:00:00Z');
    expect(chargesOf(inv.id)).toHaveLength(1);
    expect(await audit(inv.id, 'invoice.payment_failed')).toHaveLength(1);
    expect(await payments(inv.id)).toHaveLength(1);
  });

  it('no saved method: the failure path (open, on the timeline, e-mailed)', async () => {
    const email = 'nocard@example.com';
    const customer = await createCustomer(owner, { name: 'No Card Nora', email });
    const sub = await subscribe(customer.id, '2027-04-05');
    await advance('2027-04-05T12:00:00Z');
    await owner.post(`/api/v1/subscriptions/${sub.id}/cancel`);
    const [inv] = await invoicesOf(sub.id);
    expect(inv.status).toBe('open');
    const failed = await audit(inv.id, 'invoice.payment_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].after).toMatchObject({ attempt: 1, reason: 'The customer has no saved payment method', payment_method: null });
    expect(chargesOf(inv.id)).toHaveLength(0);
    await waitForMails(email, 1);
    // A card saved before the next attempt is charged then.
    await saveCard(customer.id);
    await advance('2027-04-06T12:00:00Z');
    expect((await invoice(inv.id)).status).toBe('paid');
    expect(await audit(inv.id, 'invoice.charge_succeeded')).toHaveLength(1);
  });
});
