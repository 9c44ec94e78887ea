/**
 * Online payments through Stripe, against the local Stripe-compatible server
 * (test/support/stripe-server.ts, driven by the official SDK over HTTP): connecting (the key
 * verified, secrets stored encrypted and shown masked), payment links and the customer
 * page's Pay now, the signed inbound webhook recording each payment intent exactly once
 * (repeated, parallel, reversed), refusing bad signatures and other organizations' secrets,
 * and refunds through Stripe recorded once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';

const alnum = (n: number) => crypto.randomBytes(n).toString('hex').slice(0, n);

describeEachDb('payment gateways (Stripe)', (kind) => {
  let stripe: StripeServer;
  let server: TestServer;
  let owner: Client;
  let orgId: string;
  let customerId: string;
  let dataDir: string;
  const key = `sk_test_${alnum(24)}`;
  const webhookSecret = `whsec_${alnum(32)}`;
  const webhookPath = () => `/api/v1/gateways/stripe/webhook/${orgId}`;

  const payments = async (invoiceId: string) => (await owner.get(`/api/v1/payments?invoice_id=${invoiceId}`)).body.data as any[];
  const postEvent = (payload: string, header: string | null, target = webhookPath()) =>
    fetch(server.url + target, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...(header === null ? {} : { 'stripe-signature': header }) }, body: payload });
  const sessionIdOf = (url: string) => url.split('/checkout/')[1] as string;

  beforeAll(async () => {
    stripe = await startStripeServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-gw-'));
    server = await startTestServer(kind, { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir } });
    owner = await setupOwner(server.url);
    orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    customerId = (await createCustomer(owner, { name: 'Paying Customer GmbH', email: 'pay@example.com' })).id;
    stripe.addKey(key, { accountId: 'acct_settletest', webhookUrl: server.url + webhookPath(), webhookSecret });
  });
  afterAll(async () => {
    await server.close();
    await stripe.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows no connection at first, with the webhook URL to paste into Stripe', async () => {
    const response = await owner.get('/api/v1/payment-gateways/stripe');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      provider: 'stripe',
      connected: false,
      mode: null,
      secret_key: null,
      webhook_secret: null,
      account_id: null,
      webhook_url: `${server.url}${webhookPath()}`,
      connected_at: null,
    });
    expect((await owner.get('/api/v1/payment-gateways')).body.data).toEqual([response.body]);
  });

  it('refuses bad input naming the field, and a key Stripe refuses (422 secret_key)', async () => {
    const cases: [unknown, string][] = [
      [{ secret_key: 'pk_test_123456789', webhook_secret: webhookSecret }, 'secret_key'],
      [{ secret_key: key, webhook_secret: 'secret' }, 'webhook_secret'],
      [{ webhook_secret: webhookSecret }, 'secret_key'],
      [{ secret_key: key }, 'webhook_secret'],
      [{ secret_key: 42, webhook_secret: webhookSecret }, 'secret_key'],
      [{ secret_key: `sk_test_${alnum(24)}`, webhook_secret: webhookSecret }, 'secret_key'],
    ];
    for (const [body, field] of cases) {
      const response = await owner.request('PUT', '/api/v1/payment-gateways/stripe', body);
      expect(response.status, response.text).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const extra = await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: key, webhook_secret: webhookSecret, other: 1 });
    expect(extra.status).toBeGreaterThanOrEqual(400);
    expect(extra.status).toBeLessThan(500);
    expect((await owner.get('/api/v1/payment-gateways/stripe')).body.connected).toBe(false);
  });

  it('connects: verified with Stripe, shown masked, stored encrypted (not in clear in the database)', async () => {
    const response = await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: key, webhook_secret: webhookSecret });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ provider: 'stripe', connected: true, mode: 'test', account_id: 'acct_settletest', secret_key: `sk_test_…${key.slice(-4)}`, webhook_secret: `whsec_…${webhookSecret.slice(-4)}` });
    expect(response.body.connected_at).toBe('2026-11-23T10:00:00.000Z');
    expect(stripe.calls.some((call) => call.path === '/v1/account' && call.key === key)).toBe(true);

    const row = await server.db.kysely.selectFrom('payment_gateways').selectAll().executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(webhookSecret);
    expect(raw).not.toContain(key.slice(8, 20));
    if (kind === 'sqlite') {
      const file = server.database.url.slice('sqlite:'.length);
      for (const name of [file, `${file}-wal`]) {
        if (!fs.existsSync(name)) continue;
        const bytes = fs.readFileSync(name).toString('latin1');
        expect(bytes).not.toContain(key);
        expect(bytes).not.toContain(webhookSecret);
      }
    }
    // The key file was made in the data folder, readable by the owner only.
    const stat = fs.statSync(path.join(dataDir, 'settle-secret.key'));
    expect(stat.mode & 0o077).toBe(0);

    const audit = await owner.get('/api/v1/audit-events?action=payment_gateway.connected');
    expect(audit.body.data).toHaveLength(1);
    expect(JSON.stringify(audit.body.data)).not.toContain(key);
    expect(JSON.stringify(audit.body.data)).not.toContain(webhookSecret);
  });

  it('payment link: 409 for a draft and for nothing due, reused while valid, then checkout → signed webhook → one payment', async () => {
    const draft = await draftInvoice(owner, { customerId });
    const refusedDraft = await owner.post(`/api/v1/invoices/${draft.id}/payment-link`);
    expect(refusedDraft.status, refusedDraft.text).toBe(409);
    expect((await owner.post('/api/v1/invoices/inv_nope/payment-link')).status).toBe(404);

    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Consulting', quantity: '1', unit_price: '123.45' }] });
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    expect(link.status, link.text).toBe(200);
    expect(link.body.url).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    expect(Date.parse(link.body.expires_at)).toBeGreaterThan(Date.now());
    const again = await Promise.all([1, 2, 3].map(() => owner.post(`/api/v1/invoices/${invoice.id}/payment-link`)));
    for (const response of again) expect(response.body.url).toBe(link.body.url);
    expect(stripe.calls.filter((call) => call.path === '/v1/checkout/sessions' && call.method === 'POST' && call.status === 200)).toHaveLength(1);
    const session = stripe.object('checkout.session', sessionIdOf(link.body.url))!;
    expect(session.amount_total).toBe(12345);
    expect(session.currency).toBe('eur');
    expect(session.metadata).toEqual({ organization_id: orgId, invoice_id: invoice.id });

    const sent = await stripe.pay(sessionIdOf(link.body.url));
    expect(sent.map((e) => e.type)).toEqual(['checkout.session.completed', 'payment_intent.succeeded']);
    expect(stripe.deliveries.slice(-2).map((d) => d.status)).toEqual([200, 200]);
    const recorded = await payments(invoice.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amount: '123.45', method: 'card', gateway: 'stripe', gateway_method: 'card', reference: session.payment_intent, gateway_payment_id: session.payment_intent });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.status).toBe('paid');

    const nothingDue = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    expect(nothingDue.status).toBe(409);

    // The same events 5× one after the other, then 5× at once: still one payment.
    for (let i = 0; i < 5; i++) for (const event of sent) expect(await stripe.resend(event.id)).toBe(200);
    const parallel = await Promise.all(sent.flatMap((event) => [1, 2, 3, 4, 5].map(() => {
      const { payload, header } = stripe.signed(event.id);
      return postEvent(payload, header);
    })));
    for (const response of parallel) expect(response.status).toBe(200);
    expect(await payments(invoice.id)).toHaveLength(1);
    const paid = await owner.get(`/api/v1/invoices/${invoice.id}`);
    expect(paid.body).toMatchObject({ amount_paid: '123.45', amount_due: '0.00' });
  });

  it('events in reverse order, and a new invoice paid in parallel deliveries from the start → one payment each', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Work', quantity: '2', unit_price: '50.00' }] });
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    await stripe.pay(sessionIdOf(link.body.url), { reverseEvents: true });
    expect(await payments(invoice.id)).toHaveLength(1);

    const second = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Work', quantity: '1', unit_price: '10.00' }] });
    const secondLink = await owner.post(`/api/v1/invoices/${second.id}/payment-link`);
    // Webhook delivery off: the events are made but sent by the test, all at once.
    stripe.addKey(key, { webhookUrl: 'http://127.0.0.1:9/' });
    const events = await stripe.pay(sessionIdOf(secondLink.body.url));
    stripe.addKey(key, { webhookUrl: server.url + webhookPath() });
    const answers = await Promise.all([...events, ...events, ...events].map((event) => {
      const { payload, header } = stripe.signed(event.id);
      return postEvent(payload, header);
    }));
    for (const response of answers) expect(response.status).toBe(200);
    const recorded = await payments(second.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].amount).toBe('10.00');
  });

  it('a bad, missing or stale signature, or another organization\'s secret → 400 and nothing recorded', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Work', quantity: '1', unit_price: '77.00' }] });
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    stripe.addKey(key, { webhookUrl: 'http://127.0.0.1:9/' });
    const [completed] = await stripe.pay(sessionIdOf(link.body.url));
    stripe.addKey(key, { webhookUrl: server.url + webhookPath() });
    const { payload, header } = stripe.signed(completed!.id);

    const tampered = payload.replace('"amount_total":7700', '"amount_total":1');
    expect(tampered).not.toBe(payload);
    const attempts = [
      await postEvent(tampered, header),
      await postEvent(payload, null),
      await postEvent(payload, 'garbage'),
      await postEvent(payload, stripe.signed(completed!.id, { secret: `whsec_${alnum(32)}` }).header),
      await postEvent(payload, stripe.signed(completed!.id, { timestamp: Math.floor(Date.now() / 1000) - 3600 }).header),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }

    // Another organization, connected with its own key and secret: neither secret opens the other's door.
    const other = await secondOrganization(owner, 'Other Org Ltd');
    const otherOrgId = (await other.get('/api/v1/auth/me')).body.organization.id;
    const otherKey = `sk_test_${alnum(24)}`;
    const otherSecret = `whsec_${alnum(32)}`;
    stripe.addKey(otherKey, { webhookSecret: otherSecret });
    expect((await other.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: otherKey, webhook_secret: otherSecret })).status).toBe(200);
    const toOther = await postEvent(payload, header, `/api/v1/gateways/stripe/webhook/${otherOrgId}`);
    expect(toOther.status).toBe(400);
    const signedByOther = stripe.signed(completed!.id, { secret: otherSecret });
    expect((await postEvent(signedByOther.payload, signedByOther.header)).status).toBe(400);
    // Signed with the other organization's secret and sent to it: its metadata names this organization, so nothing is recorded there.
    const accepted = await postEvent(signedByOther.payload, signedByOther.header, `/api/v1/gateways/stripe/webhook/${otherOrgId}`);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { outcome: string }).outcome).toBe('ignored');

    expect(await payments(invoice.id)).toHaveLength(0);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.status).toBe('open');
    // The genuine event still works afterwards.
    expect((await postEvent(payload, header)).status).toBe(200);
    expect(await payments(invoice.id)).toHaveLength(1);

    // Bad route input: the organization id is named; an unknown organization is refused like a bad signature.
    const badId = await postEvent(payload, header, '/api/v1/gateways/stripe/webhook/bad%20id');
    expect(badId.status).toBe(422);
    expect(JSON.stringify(await badId.json())).toContain('organization_id');
    expect((await postEvent(payload, header, '/api/v1/gateways/stripe/webhook/org_unknown')).status).toBe(400);
  });

  it('refunds through Stripe (recorded with the Stripe refund id; its webhook does not double it); a Stripe refusal records nothing', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Refundable', quantity: '1', unit_price: '80.00' }] });
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    await stripe.pay(sessionIdOf(link.body.url));
    const [payment] = await payments(invoice.id);

    const refunded = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '30.00', reason: 'Partly returned' });
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.body.refunded_amount).toBe('30.00');
    expect(refunded.body.refunds[0].gateway_refund_id).toMatch(/^re_/);
    const refundCall = stripe.calls.filter((call) => call.path === '/v1/refunds' && call.method === 'POST').at(-1)!;
    expect(refundCall.params).toMatchObject({ payment_intent: payment.gateway_payment_id, amount: '3000' });
    expect(refundCall.idempotencyKey).toMatch(/^settle-refund-/);
    await stripe.idle();
    expect(stripe.deliveries.at(-1)).toMatchObject({ type: 'charge.refunded', status: 200 });
    let after = (await owner.get(`/api/v1/payments/${payment.id}`)).body;
    expect(after.refunded_amount).toBe('30.00');
    expect(after.refunds).toHaveLength(1);

    // A refund made in Stripe's dashboard arrives by webhook: recorded once, however often it comes.
    const sdk = new Stripe(key, { host: '127.0.0.1', port: stripe.port, protocol: 'http' });
    const direct = await sdk.refunds.create({ payment_intent: payment.gateway_payment_id, amount: 1000 });
    await stripe.idle();
    const refundEvent = stripe.events.at(-1)!;
    for (let i = 0; i < 3; i++) expect(await stripe.resend(refundEvent.id)).toBe(200);
    after = (await owner.get(`/api/v1/payments/${payment.id}`)).body;
    expect(after.refunded_amount).toBe('40.00');
    expect(after.refunds.map((r: { gateway_refund_id: string }) => r.gateway_refund_id).sort()).toEqual([refunded.body.refunds[0].gateway_refund_id, direct.id].sort());
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.amount_due).toBe('40.00');

    // Stripe refuses (the key was revoked there): a problem, nothing recorded.
    stripe.removeKey(key);
    const refused = await owner.post(`/api/v1/payments/${payment.id}/refund`, { amount: '5.00', reason: 'Again' });
    expect(refused.status).toBe(502);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    stripe.addKey(key, { accountId: 'acct_settletest', webhookUrl: server.url + webhookPath(), webhookSecret });
    expect((await owner.get(`/api/v1/payments/${payment.id}`)).body.refunded_amount).toBe('40.00');
  });

  it('money in another currency than the invoice is not recorded; the invoice timeline says why', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Work', quantity: '1', unit_price: '20.00' }] });
    const sdk = new Stripe(key, { host: '127.0.0.1', port: stripe.port, protocol: 'http' });
    await sdk.paymentIntents.create({ amount: 2000, currency: 'usd', confirm: true, off_session: true, metadata: { organization_id: orgId, invoice_id: invoice.id } });
    await stripe.idle();
    expect(stripe.deliveries.at(-1)).toMatchObject({ type: 'payment_intent.succeeded', status: 200 });
    expect(await payments(invoice.id)).toHaveLength(0);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.gateway_payment_rejected`);
    expect(audit.body.data).toHaveLength(1);
  });

  it('Pay now on the customer page: button and CSP, one session for repeated clicks, the message after returning', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Page', quantity: '1', unit_price: '15.00' }] });
    const created = await owner.post(`/api/v1/invoices/${invoice.id}/link`);
    const pageUrl: string = created.body.url;
    const page = await fetch(pageUrl);
    const html = await page.text();
    expect(html).toContain('Pay now');
    const token = pageUrl.split('/p/')[1]!;
    expect(html).toContain(`action="/p/${token}/pay"`);
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${stripe.url}`);

    const click = () => fetch(`${pageUrl}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    const clicks = await Promise.all([click(), click(), click()]);
    const locations = clicks.map((response) => response.headers.get('location'));
    for (const response of clicks) expect(response.status).toBe(303);
    expect(new Set(locations).size).toBe(1);
    expect(locations[0]).toMatch(new RegExp(`^${stripe.url}/checkout/`));

    // The hosted page's Pay button (as a browser submits it): back to the customer page.
    const paid = await fetch(`${locations[0]!}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${pageUrl}?payment=success`);
    const after = await (await fetch(`${pageUrl}?payment=success`)).text();
    expect(after).toContain('this invoice is paid');
    expect(after).not.toContain('Pay now</button>');
    expect(await (await fetch(`${pageUrl}?payment=canceled`)).text()).toContain('canceled');
    expect(await payments(invoice.id)).toHaveLength(1);
  });

  it('disconnects: 204, secrets gone, no more Pay now and webhooks refused', async () => {
    const invoice = await finalizedInvoice(owner, { customerId, lines: [{ description: 'Later', quantity: '1', unit_price: '5.00' }] });
    expect((await owner.request('DELETE', '/api/v1/payment-gateways/stripe')).status).toBe(204);
    const response = await owner.get('/api/v1/payment-gateways/stripe');
    expect(response.body).toMatchObject({ connected: false, secret_key: null, webhook_secret: null, mode: null });
    const link = await owner.post(`/api/v1/invoices/${invoice.id}/payment-link`);
    expect(link.status).toBe(409);
    expect(link.body.detail).toContain('No payment gateway');
    const event = stripe.events[0]!;
    const { payload, header } = stripe.signed(event.id, { secret: webhookSecret });
    expect((await postEvent(payload, header)).status).toBe(400);
    expect((await owner.request('DELETE', '/api/v1/payment-gateways/stripe')).status).toBe(204);
  });
});
