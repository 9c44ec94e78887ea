/**
 * Paying and managing saved payment methods from the customer portal, on both databases,
 * against the local Stripe-compatible server (test/support/stripe-server.ts): no gateway → no
 * Pay button, no methods section, 409 pages on the POSTs; Pay → one checkout for repeated
 * clicks → paid on the hosted page → signed webhook → the invoice paid, the portal's invoice
 * view says so; another customer's invoice or method through this portal → the bare 404;
 * save a card → listed in the portal; remove (confirmation page, then POST) → gone here and
 * detached at the Stripe server; Stripe refusing → an HTML page (also for /p/{token}/pay).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { startStripeServer, type StripeServer } from '../support/stripe-server.ts';

const alnum = (n: number) => crypto.randomBytes(n).toString('hex').slice(0, n);

async function visit(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A form's submit as the browser sends it: urlencoded, no fields, no cookies, redirects not followed. */
async function submit(url: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
  return { status: response.status, headers: response.headers, location: response.headers.get('location'), text: await response.text() };
}

describeEachDb('paying from the customer portal', (kind) => {
  let stripe: StripeServer;
  let server: TestServer;
  let owner: Client;
  let orgId: string;
  let dataDir: string;
  let alice: { id: string };
  let bob: { id: string };
  let portal: string;
  const key = `sk_test_${alnum(24)}`;
  const webhookSecret = `whsec_${alnum(32)}`;

  const invoiceOf = async (id: string) => (await owner.get(`/api/v1/invoices/${id}`)).body;
  const paymentsOf = async (id: string) => (await owner.get(`/api/v1/payments?invoice_id=${id}`)).body.data as any[];
  const methodsOf = async (customerId: string) => (await owner.get(`/api/v1/customers/${customerId}/payment-methods`)).body.data as any[];
  const portalPath = () => new URL(portal).pathname;

  beforeAll(async () => {
    stripe = await startStripeServer();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-portalpay-'));
    server = await startTestServer(kind, { env: { STRIPE_API_URL: stripe.url, SETTLE_DATA_DIR: dataDir } });
    owner = await setupOwner(server.url);
    orgId = (await owner.get('/api/v1/auth/me')).body.organization.id;
    stripe.addKey(key, { accountId: 'acct_portalpay', webhookUrl: `${server.url}/api/v1/gateways/stripe/webhook/${orgId}`, webhookSecret });
    alice = await createCustomer(owner, { name: 'Alice Portal Payer', email: 'alice@example.com' });
    bob = await createCustomer(owner, { name: 'Bob Someone Else', email: 'bob@example.com' });
    const link = await owner.post(`/api/v1/customers/${alice.id}/portal-link`);
    expect(link.status, link.text).toBe(201);
    portal = link.body.url;
  });
  afterAll(async () => {
    await server?.close();
    await stripe?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('without a gateway: no Pay button, no payment methods, the POSTs answer 409 pages', async () => {
    const invoice = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Before', quantity: '1', unit_price: '10.00' }] });
    const page = await visit(portal);
    expect(page.status).toBe(200);
    expect(page.text).toContain(invoice.number);
    expect(page.text).not.toContain('/pay"');
    expect(page.text).not.toContain('id="payment-methods"');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'none'");
    const view = await visit(`${portal}/invoices/${invoice.id}`);
    expect(view.text).not.toContain('<form');

    for (const url of [`${portal}/invoices/${invoice.id}/pay`, `${portal}/payment-methods/setup`]) {
      const refused = await submit(url);
      expect(refused.status, url).toBe(409);
      expect(refused.headers.get('content-type')).toContain('text/html');
      expect(refused.text).toContain('not available');
      expect(refused.headers.get('cache-control')).toBe('no-store');
    }
    expect(stripe.calls.filter((call) => call.path === '/v1/checkout/sessions')).toHaveLength(0);

    const connected = await owner.request('PUT', '/api/v1/payment-gateways/stripe', { secret_key: key, webhook_secret: webhookSecret });
    expect(connected.status, connected.text).toBe(200);
  });

  it('Pay: one checkout for repeated clicks → paid at the gateway → webhook → the invoice paid, the view says so', async () => {
    const invoice = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Design', quantity: '2', unit_price: '62.25' }] });
    const page = await visit(portal);
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${stripe.url}`);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain(`<form method="post" action="${portalPath()}/invoices/${invoice.id}/pay"><button type="submit" class="btn primary">Pay</button></form>`);
    expect(page.text).not.toContain('<script');
    const view = await visit(`${portal}/invoices/${invoice.id}`);
    expect(view.text).toContain(`action="${portalPath()}/invoices/${invoice.id}/pay"`);
    expect(view.text).toContain('Pay now');
    expect(view.headers.get('content-security-policy')).toContain(`form-action 'self' ${stripe.url}`);

    const clicks = await Promise.all([1, 2, 3].map(() => submit(`${portal}/invoices/${invoice.id}/pay`)));
    for (const click of clicks) {
      expect(click.status, click.text).toBe(303);
      expect(click.headers.get('cache-control')).toBe('no-store');
      expect(click.headers.get('set-cookie')).toBeNull();
    }
    expect(new Set(clicks.map((c) => c.location)).size).toBe(1);
    const checkout = clicks[0]!.location!;
    expect(checkout).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    const session = stripe.calls.find((call) => call.path === '/v1/checkout/sessions' && call.params.mode === 'payment' && (call.params.metadata)?.invoice_id === invoice.id);
    expect(session?.params.success_url).toBe(`${portal}/invoices/${invoice.id}?payment=success`);
    expect(session?.params.cancel_url).toBe(`${portal}/invoices/${invoice.id}?payment=canceled`);

    // The hosted page's Pay button, as the browser submits it: back to the portal's invoice view.
    const paid = await fetch(`${checkout}/pay`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${portal}/invoices/${invoice.id}?payment=success`);
    await stripe.idle();
    await expect.poll(async () => (await invoiceOf(invoice.id)).status, { timeout: 10_000 }).toBe('paid');
    const payments = await paymentsOf(invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: '124.50', gateway: 'stripe', method: 'card' });

    const back = await visit(`${portal}/invoices/${invoice.id}?payment=success`);
    expect(back.text).toContain('this invoice is paid');
    expect(back.text).not.toContain('Pay now</button>');
    expect((await visit(`${portal}/invoices/${invoice.id}?payment=canceled`)).text).toContain('The payment was canceled');
    // Paid: no more Pay button on the list; paying again just goes back to the view.
    expect((await visit(portal)).text).not.toContain(`${invoice.id}/pay"`);
    const again = await submit(`${portal}/invoices/${invoice.id}/pay`);
    expect(again.status).toBe(303);
    expect(again.location).toBe(`${portalPath()}/invoices/${invoice.id}`);
    expect(await paymentsOf(invoice.id)).toHaveLength(1);
  });

  it("another customer's invoice, a draft, or a wrong token through this portal → the bare 404, nothing made", async () => {
    const bobs = await finalizedInvoice(owner, { customerId: bob.id, lines: [{ description: 'Not Alice', quantity: '1', unit_price: '30.00' }] });
    const draft = await draftInvoice(owner, { customerId: alice.id });
    const before = stripe.calls.length;
    for (const url of [`${portal}/invoices/${bobs.id}/pay`, `${portal}/invoices/${draft.id}/pay`, `${portal}/invoices/${'x'.repeat(80)}/pay`, `${server.url}/portal/${'A'.repeat(43)}/invoices/${bobs.id}/pay`, `${server.url}/portal/short/payment-methods/setup`]) {
      const response = await submit(url);
      expect(response.status, url).toBe(404);
      expect(response.text).toContain('This link is not valid');
      expect(response.headers.get('content-security-policy')).toContain("form-action 'none'");
    }
    expect(stripe.calls.length).toBe(before);
    expect(await paymentsOf(bobs.id)).toHaveLength(0);
  });

  it('save a card → listed in the portal; remove after a confirmation → gone, and detached at Stripe', async () => {
    const setup = await submit(`${portal}/payment-methods/setup`);
    expect(setup.status, setup.text).toBe(303);
    expect(setup.location).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    const created = stripe.calls.filter((call) => call.path === '/v1/checkout/sessions' && call.params.mode === 'setup').at(-1);
    expect(created?.params).toMatchObject({ success_url: `${portal}?methods=saved`, cancel_url: `${portal}?methods=canceled`, metadata: { customer_id: alice.id } });
    await stripe.pay(setup.location!.split('/checkout/')[1]!);
    await stripe.idle();
    const [method] = await methodsOf(alice.id);
    expect(method).toMatchObject({ brand: 'visa', last4: '4242', is_default: true });

    const page = await visit(`${portal}?methods=saved`);
    expect(page.text).toContain('your payment method is saved');
    expect(page.text).toContain('id="payment-methods"');
    expect(page.text).toContain('Visa •••• 4242');
    expect(page.text).toContain('Default');
    expect(page.text).toMatch(/Expires \d\d\/\d{4}/);
    expect(page.text).toContain(`href="${portalPath()}/payment-methods/${method.id}/remove"`);

    // Bob's card is not Alice's to see or remove.
    const bobLink = await owner.post(`/api/v1/customers/${bob.id}/payment-methods/setup-link`, {});
    await stripe.pay((bobLink.body.url as string).split('/checkout/')[1]!);
    await stripe.idle();
    const [bobsMethod] = await methodsOf(bob.id);
    expect(bobsMethod).toBeDefined();
    expect((await visit(`${portal}/payment-methods/${bobsMethod.id}/remove`)).status).toBe(404);
    expect((await submit(`${portal}/payment-methods/${bobsMethod.id}/remove`)).status).toBe(404);
    expect(await methodsOf(bob.id)).toHaveLength(1);

    // The confirmation step: a page with the POST form, nothing removed yet.
    const confirm = await visit(`${portal}/payment-methods/${method.id}/remove`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Remove this payment method?');
    expect(confirm.text).toContain(`<form method="post" action="${portalPath()}/payment-methods/${method.id}/remove">`);
    expect(confirm.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(confirm.headers.get('cache-control')).toBe('no-store');
    expect(await methodsOf(alice.id)).toHaveLength(1);

    const detachesBefore = stripe.calls.filter((call) => /^\/v1\/payment_methods\/[^/]+\/detach$/.test(call.path)).length;
    const removed = await submit(`${portal}/payment-methods/${method.id}/remove`);
    expect(removed.status, removed.text).toBe(303);
    expect(removed.location).toBe(`${portalPath()}?methods=removed`);
    expect(await methodsOf(alice.id)).toEqual([]);
    expect(stripe.calls.filter((call) => /^\/v1\/payment_methods\/[^/]+\/detach$/.test(call.path) && call.status === 200)).toHaveLength(detachesBefore + 1);
    const after = await visit(`${portal}?methods=removed`);
    expect(after.text).toContain('The payment method was removed.');
    expect(after.text).not.toContain('Visa •••• 4242');
    // A second press (double submit) lands on the same page; the confirmation page is gone.
    expect((await submit(`${portal}/payment-methods/${method.id}/remove`)).location).toBe(`${portalPath()}?methods=removed`);
    expect((await visit(`${portal}/payment-methods/${method.id}/remove`)).status).toBe(404);
  });

  it('Stripe refusing or down → an HTML page saying so (portal and /p/{token}/pay), never JSON; nothing recorded', async () => {
    const invoice = await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Outage', quantity: '1', unit_price: '7.00' }] });
    const pageLink = (await owner.post(`/api/v1/invoices/${invoice.id}/link`)).body.url as string;
    stripe.removeKey(key);
    try {
      for (const url of [`${portal}/invoices/${invoice.id}/pay`, `${pageLink}/pay`, `${portal}/payment-methods/setup`]) {
        const failed = await submit(url);
        expect(failed.status, url).toBe(502);
        expect(failed.headers.get('content-type'), url).toContain('text/html');
        expect(failed.text).toContain('Online payment is not available right now');
        expect(failed.text).not.toContain('<script');
        expect(failed.headers.get('cache-control')).toBe('no-store');
      }
    } finally {
      stripe.addKey(key, { accountId: 'acct_portalpay', webhookUrl: `${server.url}/api/v1/gateways/stripe/webhook/${orgId}`, webhookSecret });
    }
    expect(await paymentsOf(invoice.id)).toHaveLength(0);
    expect((await submit(`${portal}/invoices/${invoice.id}/pay`)).status).toBe(303);
  });
});
