/**
 * A local Stripe-compatible server for tests and manual checks (no network): enough of the
 * API the official SDK calls for Settle's gateway (account, customers, checkout sessions in
 * payment and setup mode, payment intents incl. off-session confirm, charges, payment
 * methods, setup intents, refunds), with response shapes taken from Stripe's own example
 * objects (/work/shared/stripe/fixtures3.json, MIT), a hosted checkout page a real browser
 * can use, and signed webhook events (the SDK's generateTestHeaderString).
 *
 * Keys: only registered API keys are accepted (401 like Stripe otherwise). Each key has its
 * account id and may have a webhook target (url + whsec_ secret) that events are sent to.
 *
 * As a function: `startStripeServer()`; standalone:
 *   node --import tsx test/support/stripe-server.ts --port 12111 [--key sk_test_… --webhook-url … --webhook-secret whsec_…]
 * Control endpoints (JSON): POST /_control/keys {key, account_id?, webhook_url?, webhook_secret?},
 * POST /_control/decline-next {key, message?}, POST /_control/events/{id}/resend,
 * GET /_control/events, GET /_control/calls, GET /_control/deliveries.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';

type Json = Record<string, any>;

const FIXTURES_PATH = process.env.STRIPE_FIXTURES ?? '/work/shared/stripe/fixtures3.json';
let fixtures: Record<string, Json> | null = null;
function fixture(name: string): Json {
  fixtures ??= (JSON.parse(fs.readFileSync(FIXTURES_PATH, 'utf8')) as { resources: Record<string, Json> }).resources;
  const found = fixtures[name];
  if (found === undefined) throw new Error(`no Stripe fixture ${name}`);
  return structuredClone(found);
}

const randomId = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const unix = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (`a[b][0][c]=v`) → nested objects; all-numeric keys become arrays. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Json = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else node = node[part] ??= {};
    });
  }
  const arrays = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const object = value as Json;
    const keys = Object.keys(object);
    const mapped = Object.fromEntries(keys.map((k) => [k, arrays(object[k])]));
    return keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]) : mapped;
  };
  return arrays(root) as Json;
}

interface KeyState {
  accountId: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  declineNext: string | null;
}

export interface RecordedCall {
  method: string;
  path: string;
  key: string | null;
  idempotencyKey: string | null;
  params: Json;
  status: number;
}

export interface Delivery {
  eventId: string;
  type: string;
  url: string;
  status: number;
}

export interface StripeServer {
  url: string;
  port: number;
  /** Registers an API key (and where its events go). */
  addKey(key: string, options?: { accountId?: string; webhookUrl?: string; webhookSecret?: string }): void;
  /** Forgets an API key (its calls answer 401 from now on). */
  removeKey(key: string): void;
  /** The next off-session charge with this key is declined. */
  declineNextCharge(key: string, message?: string): void;
  calls: RecordedCall[];
  events: Json[];
  deliveries: Delivery[];
  /** Completes a checkout session as the hosted page's Pay button does; the events it sent, in order. */
  pay(sessionId: string, options?: { methodType?: string; reverseEvents?: boolean }): Promise<Json[]>;
  /** Sends a stored event again to its key's webhook (signed anew); the status answered. */
  resend(eventId: string): Promise<number>;
  /** The payload and a valid signature header for a stored event (tests tamper with them). */
  signed(eventId: string, options?: { secret?: string; timestamp?: number }): { payload: string; header: string };
  /** Waits until the events sent asynchronously (refunds, off-session charges) are delivered. */
  idle(): Promise<void>;
  object(kind: 'checkout.session' | 'payment_intent' | 'charge' | 'refund', id: string): Json | undefined;
  close(): Promise<void>;
}

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message));
  }
}

const fail = (status: number, type: string, message: string, extra: Json = {}): never => {
  throw new StripeFailure(status, { type, message, ...extra });
};

export async function startStripeServer(options: { port?: number; host?: string } = {}): Promise<StripeServer> {
  const keys = new Map<string, KeyState>();
  const sessions = new Map<string, Json>();
  const intents = new Map<string, Json>();
  const charges = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const customers = new Map<string, Json>();
  const methods = new Map<string, Json>();
  const setupIntents = new Map<string, Json>();
  const owners = new Map<string, string>(); // object id → api key
  const events: Json[] = [];
  const deliveries: Delivery[] = [];
  const calls: RecordedCall[] = [];
  const idempotent = new Map<string, { status: number; body: Json }>();
  const pending = new Set<Promise<unknown>>();
  let baseUrl = '';

  const own = (key: string, object: Json): Json => {
    owners.set(object.id as string, key);
    return object;
  };
  const mine = <T extends Json>(key: string, map: Map<string, T>, id: string, what: string): T => {
    const found = map.get(id);
    if (found === undefined || owners.get(id) !== key) fail(404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing' });
    return found as T;
  };

  function paymentMethod(key: string, type: string, customer: string | null): Json {
    const method = fixture('payment_method');
    Object.assign(method, { id: randomId('pm'), type, customer, created: unix(), metadata: {} });
    if (type === 'sepa_debit') {
      delete method.card;
      method.sepa_debit = { bank_code: '37040044', branch_code: null, country: 'DE', fingerprint: 'fp', last4: '3000', generated_from: null };
    }
    methods.set(method.id as string, own(key, method));
    return method;
  }

  async function deliver(key: string, event: Json): Promise<number> {
    const state = keys.get(key);
    if (!state?.webhookUrl || !state.webhookSecret) return 0;
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: state.webhookSecret });
    let status = 0;
    try {
      const response = await fetch(state.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body: payload });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = -1;
    }
    deliveries.push({ eventId: event.id as string, type: event.type as string, url: state.webhookUrl, status });
    return status;
  }

  function makeEvent(key: string, type: string, object: Json): Json {
    const event = fixture('event');
    Object.assign(event, { id: randomId('evt'), type, created: unix(), api_version: '2026-10-28.endive', livemode: false, data: { object: structuredClone(object) }, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
    owners.set(event.id as string, key);
    events.push(event);
    return event;
  }

  const later = (work: () => Promise<unknown>) => {
    const promise = new Promise((resolve) => setImmediate(resolve)).then(work).finally(() => pending.delete(promise));
    pending.add(promise);
  };

  /** A succeeded payment intent with its charge. */
  function succeededIntent(key: string, params: { amount: number; currency: string; metadata: Json; customer: string | null; methodType: string; paymentMethod: string | null; description: string | null }): Json {
    const intent = fixture('payment_intent');
    const charge = fixture('charge');
    const intentId = randomId('pi');
    const chargeId = randomId('ch');
    Object.assign(charge, {
      id: chargeId,
      amount: params.amount,
      amount_captured: params.amount,
      amount_refunded: 0,
      captured: true,
      refunded: false,
      paid: true,
      status: 'succeeded',
      currency: params.currency,
      customer: params.customer,
      payment_intent: intentId,
      payment_method: params.paymentMethod,
      metadata: params.metadata,
      created: unix(),
      description: params.description,
    });
    charge.payment_method_details = params.methodType === 'card' ? charge.payment_method_details : { type: params.methodType, [params.methodType]: { last4: '3000' } };
    if (charge.payment_method_details) charge.payment_method_details.type = params.methodType;
    delete charge.refunds;
    Object.assign(intent, {
      id: intentId,
      amount: params.amount,
      amount_received: params.amount,
      amount_capturable: 0,
      currency: params.currency,
      customer: params.customer,
      metadata: params.metadata,
      description: params.description,
      status: 'succeeded',
      latest_charge: chargeId,
      payment_method: params.paymentMethod,
      payment_method_types: [params.methodType],
      last_payment_error: null,
      next_action: null,
      canceled_at: null,
      client_secret: `${intentId}_secret_x`,
      created: unix(),
    });
    intents.set(intentId, own(key, intent));
    charges.set(chargeId, own(key, charge));
    return intent;
  }

  async function pay(sessionId: string, options: { methodType?: string; reverseEvents?: boolean } = {}): Promise<Json[]> {
    const session = sessions.get(sessionId);
    if (session === undefined) throw new Error(`no session ${sessionId}`);
    if (session.status !== 'open') throw new Error(`session ${sessionId} is ${session.status as string}`);
    const key = owners.get(sessionId) as string;
    const sent: Json[] = [];
    if (session.mode === 'setup') {
      const methodType = options.methodType ?? (session.payment_method_types as string[])[0] ?? 'card';
      const method = paymentMethod(key, methodType, session.customer as string | null);
      const setup = fixture('setup_intent');
      Object.assign(setup, { id: randomId('seti'), status: 'succeeded', customer: session.customer, payment_method: method.id, metadata: session.metadata, usage: 'off_session', payment_method_types: [methodType], last_setup_error: null, next_action: null, created: unix() });
      setupIntents.set(setup.id as string, own(key, setup));
      Object.assign(session, { status: 'complete', setup_intent: setup.id });
      sent.push(makeEvent(key, 'setup_intent.succeeded', setup), makeEvent(key, 'checkout.session.completed', session));
    } else {
      const methodType = options.methodType ?? 'card';
      const intent = succeededIntent(key, {
        amount: session.amount_total as number,
        currency: session.currency as string,
        metadata: (session.payment_intent_data as Json | undefined)?.metadata ?? {},
        customer: session.customer as string | null,
        methodType,
        paymentMethod: null,
        description: (session.payment_intent_data as Json | undefined)?.description ?? null,
      });
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: intent.id });
      sent.push(makeEvent(key, 'checkout.session.completed', session), makeEvent(key, 'payment_intent.succeeded', intent));
    }
    if (options.reverseEvents) sent.reverse();
    for (const event of sent) await deliver(key, event);
    return sent;
  }

  const list = (data: Json[], url: string) => ({ object: 'list', data, has_more: false, url });

  function route(method: string, pathname: string, query: URLSearchParams, params: Json, key: string): Json {
    let match: RegExpExecArray | null;
    if (method === 'GET' && pathname === '/v1/account') {
      const account = fixture('account');
      account.id = keys.get(key)?.accountId;
      return account;
    }
    if (method === 'POST' && pathname === '/v1/customers') {
      const customer = fixture('customer');
      Object.assign(customer, { id: randomId('cus'), name: params.name ?? null, email: params.email ?? null, metadata: params.metadata ?? {}, created: unix(), discount: null });
      customers.set(customer.id as string, own(key, customer));
      return customer;
    }
    if ((match = /^\/v1\/customers\/([^/]+)$/.exec(pathname)) && method === 'GET') return mine(key, customers, match[1] as string, 'customer');
    if ((match = /^\/v1\/customers\/([^/]+)\/payment_methods$/.exec(pathname)) && method === 'GET') {
      const id = match[1] as string;
      mine(key, customers, id, 'customer');
      return list([...methods.values()].filter((m) => m.customer === id), pathname);
    }
    if (method === 'POST' && pathname === '/v1/checkout/sessions') {
      const session = fixture('checkout.session');
      const id = randomId(key.includes('_live_') ? 'cs_live' : 'cs_test');
      const mode = (params.mode as string) ?? 'payment';
      const items = (params.line_items as Json[] | undefined) ?? [];
      const total = items.reduce((sum, item) => sum + Number(item.price_data?.unit_amount ?? 0) * Number(item.quantity ?? 1), 0);
      const currency = mode === 'payment' ? (items[0]?.price_data?.currency as string | undefined) ?? null : null;
      if (mode === 'payment' && (items.length === 0 || currency === null)) fail(400, 'invalid_request_error', 'line_items is required in payment mode', { param: 'line_items' });
      if (typeof params.success_url !== 'string') fail(400, 'invalid_request_error', 'Missing required param: success_url.', { param: 'success_url' });
      Object.assign(session, {
        id,
        object: 'checkout.session',
        mode,
        status: 'open',
        payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
        amount_total: mode === 'payment' ? total : null,
        amount_subtotal: mode === 'payment' ? total : null,
        currency,
        customer: params.customer ?? null,
        customer_email: params.customer_email ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        payment_intent: null,
        setup_intent: null,
        payment_method_types: (params.payment_method_types as string[] | undefined) ?? ['card'],
        success_url: params.success_url,
        cancel_url: params.cancel_url ?? null,
        url: `${baseUrl}/checkout/${id}`,
        created: unix(),
        expires_at: params.expires_at ? Number(params.expires_at) : unix() + 24 * 3600,
        livemode: key.includes('_live_'),
        payment_intent_data: params.payment_intent_data ?? null,
      });
      sessions.set(id, own(key, session));
      return session;
    }
    if ((match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(pathname)) && method === 'GET') return mine(key, sessions, match[1] as string, 'checkout.session');
    if ((match = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(pathname)) && method === 'POST') {
      const session = mine(key, sessions, match[1] as string, 'checkout.session');
      if (session.status !== 'open') fail(400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status as string}".`);
      session.status = 'expired';
      return session;
    }
    if (method === 'POST' && pathname === '/v1/payment_intents') {
      const state = keys.get(key) as KeyState;
      const pm = params.payment_method ? mine(key, methods, params.payment_method as string, 'payment_method') : null;
      if (state.declineNext !== null) {
        const message = state.declineNext;
        state.declineNext = null;
        const intent = fixture('payment_intent');
        Object.assign(intent, { id: randomId('pi'), amount: Number(params.amount), currency: params.currency, customer: params.customer ?? null, metadata: params.metadata ?? {}, status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', message }, latest_charge: null, created: unix() });
        intents.set(intent.id as string, own(key, intent));
        later(() => deliver(key, makeEvent(key, 'payment_intent.payment_failed', intent)));
        fail(402, 'card_error', message, { code: 'card_declined', decline_code: 'generic_decline', payment_intent: intent });
      }
      const intent = succeededIntent(key, {
        amount: Number(params.amount),
        currency: params.currency as string,
        metadata: params.metadata ?? {},
        customer: params.customer ?? null,
        methodType: (pm?.type as string | undefined) ?? 'card',
        paymentMethod: (pm?.id as string | undefined) ?? null,
        description: params.description ?? null,
      });
      later(() => deliver(key, makeEvent(key, 'payment_intent.succeeded', intent)));
      return intent;
    }
    if ((match = /^\/v1\/payment_intents\/([^/]+)$/.exec(pathname)) && method === 'GET') return mine(key, intents, match[1] as string, 'payment_intent');
    if ((match = /^\/v1\/charges\/([^/]+)$/.exec(pathname)) && method === 'GET') return mine(key, charges, match[1] as string, 'charge');
    if ((match = /^\/v1\/payment_methods\/([^/]+)$/.exec(pathname)) && method === 'GET') return mine(key, methods, match[1] as string, 'payment_method');
    if ((match = /^\/v1\/payment_methods\/([^/]+)\/detach$/.exec(pathname)) && method === 'POST') {
      const pm = mine(key, methods, match[1] as string, 'payment_method');
      pm.customer = null;
      return pm;
    }
    if ((match = /^\/v1\/setup_intents\/([^/]+)$/.exec(pathname)) && method === 'GET') {
      const setup = structuredClone(mine(key, setupIntents, match[1] as string, 'setup_intent'));
      if (query.getAll('expand[]').includes('payment_method') || query.get('expand[0]') === 'payment_method') setup.payment_method = methods.get(setup.payment_method as string) ?? setup.payment_method;
      return setup;
    }
    if (method === 'POST' && pathname === '/v1/refunds') {
      const intent = mine(key, intents, String(params.payment_intent ?? ''), 'payment_intent');
      const charge = charges.get(intent.latest_charge as string) as Json;
      const amount = params.amount === undefined ? Number(charge.amount) - Number(charge.amount_refunded) : Number(params.amount);
      if (!(amount > 0) || amount > Number(charge.amount) - Number(charge.amount_refunded)) {
        fail(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${Number(charge.amount) - Number(charge.amount_refunded)})`, { param: 'amount', code: 'amount_too_large' });
      }
      const refund = fixture('refund');
      Object.assign(refund, { id: randomId('re'), amount, charge: charge.id, currency: charge.currency, payment_intent: intent.id, status: 'succeeded', metadata: params.metadata ?? {}, created: unix() });
      refunds.set(refund.id as string, own(key, refund));
      charge.amount_refunded = Number(charge.amount_refunded) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      const snapshot = structuredClone(charge);
      later(() => deliver(key, makeEvent(key, 'charge.refunded', snapshot)));
      return refund;
    }
    if (method === 'GET' && pathname === '/v1/refunds') {
      const chargeId = query.get('charge');
      return list([...refunds.values()].filter((r) => owners.get(r.id as string) === key && (chargeId === null || r.charge === chargeId)).reverse(), pathname);
    }
    return fail(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${pathname}).`);
  }

  function checkoutPage(session: Json): string {
    const amount = session.amount_total === null ? '' : `${(Number(session.amount_total) / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
    const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Local checkout</title></head>
<body><main><h1>Local Stripe checkout</h1><p>Session <code>${esc(String(session.id))}</code> (${esc(String(session.mode))}) — ${esc(String(session.status))}</p>
${amount ? `<p>Amount: <strong data-testid="amount">${esc(amount)}</strong></p>` : ''}
<form method="post" action="/checkout/${esc(String(session.id))}/pay"><button type="submit">Pay</button></form>
<form method="post" action="/checkout/${esc(String(session.id))}/cancel"><button type="submit">Cancel</button></form></main></body></html>`;
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const body = Buffer.concat(chunks).toString('utf8');
        const method = request.method ?? 'GET';
        const send = (status: number, json: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json', 'request-id': randomId('req') });
          response.end(JSON.stringify(json));
        };
        try {
          // Control endpoints (tests and manual checks).
          if (url.pathname.startsWith('/_control/')) {
            const input = body ? (JSON.parse(body) as Json) : {};
            let match: RegExpExecArray | null;
            if (method === 'POST' && url.pathname === '/_control/keys') {
              api.addKey(String(input.key), { accountId: input.account_id, webhookUrl: input.webhook_url, webhookSecret: input.webhook_secret });
              return send(200, { ok: true });
            }
            if (method === 'POST' && url.pathname === '/_control/decline-next') {
              api.declineNextCharge(String(input.key), input.message);
              return send(200, { ok: true });
            }
            if ((match = /^\/_control\/events\/([^/]+)\/resend$/.exec(url.pathname)) && method === 'POST') return send(200, { status: await api.resend(match[1] as string) });
            if (method === 'GET' && url.pathname === '/_control/events') return send(200, { data: events });
            if (method === 'GET' && url.pathname === '/_control/calls') return send(200, { data: calls });
            if (method === 'GET' && url.pathname === '/_control/deliveries') return send(200, { data: deliveries });
            return send(404, { error: 'unknown control endpoint' });
          }
          // The hosted checkout page.
          const match = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
          if (match) {
            const session = sessions.get(match[1] as string);
            if (session === undefined) {
              response.writeHead(404, { 'content-type': 'text/html' });
              return response.end('<h1>No such checkout</h1>');
            }
            if (method === 'GET' && match[2] === undefined) {
              response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
              return response.end(checkoutPage(session));
            }
            if (method === 'POST' && match[2] === 'pay' && session.status === 'open') {
              await pay(session.id as string);
              response.writeHead(303, { location: String(session.success_url) });
              return response.end();
            }
            if (method === 'POST' && match[2] === 'cancel') {
              response.writeHead(303, { location: String(session.cancel_url ?? session.success_url) });
              return response.end();
            }
            response.writeHead(409, { 'content-type': 'text/html' });
            return response.end(`<h1>This checkout is ${String(session.status)}</h1>`);
          }
          // The API.
          const auth = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
          const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
          const params = method === 'GET' ? {} : parseStripeForm(body);
          const record = (status: number) => calls.push({ method, path: url.pathname, key: auth, idempotencyKey, params, status });
          if (auth === null || !keys.has(auth)) {
            record(401);
            const shown = auth === null ? '' : `${auth.slice(0, 8)}${'*'.repeat(Math.max(0, auth.length - 12))}${auth.slice(-4)}`;
            return send(401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${shown}` } });
          }
          const stored = idempotencyKey === null || method !== 'POST' ? undefined : idempotent.get(`${auth}\n${idempotencyKey}`);
          if (stored !== undefined) {
            record(stored.status);
            response.setHeader('idempotent-replayed', 'true');
            return send(stored.status, stored.body);
          }
          try {
            const result = route(method, url.pathname, url.searchParams, params, auth);
            if (idempotencyKey !== null && method === 'POST') idempotent.set(`${auth}\n${idempotencyKey}`, { status: 200, body: result });
            record(200);
            return send(200, result);
          } catch (error) {
            if (!(error instanceof StripeFailure)) throw error;
            if (idempotencyKey !== null && method === 'POST') idempotent.set(`${auth}\n${idempotencyKey}`, { status: error.status, body: { error: error.body } });
            record(error.status);
            return send(error.status, { error: error.body });
          }
        } catch (error) {
          send(500, { error: { type: 'api_error', message: error instanceof Error ? error.message : 'error' } });
        }
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;

  const api: StripeServer = {
    url: baseUrl,
    port,
    calls,
    events,
    deliveries,
    addKey(key, keyOptions = {}) {
      const existing = keys.get(key);
      keys.set(key, {
        accountId: keyOptions.accountId ?? existing?.accountId ?? randomId('acct'),
        webhookUrl: keyOptions.webhookUrl ?? existing?.webhookUrl ?? null,
        webhookSecret: keyOptions.webhookSecret ?? existing?.webhookSecret ?? null,
        declineNext: existing?.declineNext ?? null,
      });
    },
    removeKey(key) {
      keys.delete(key);
    },
    declineNextCharge(key, message = 'Your card was declined.') {
      const state = keys.get(key);
      if (state === undefined) throw new Error(`unknown key ${key}`);
      state.declineNext = message;
    },
    pay,
    async resend(eventId) {
      const event = events.find((e) => e.id === eventId);
      if (event === undefined) throw new Error(`no event ${eventId}`);
      return deliver(owners.get(eventId) as string, event);
    },
    signed(eventId, signOptions = {}) {
      const event = events.find((e) => e.id === eventId);
      if (event === undefined) throw new Error(`no event ${eventId}`);
      const secret = signOptions.secret ?? keys.get(owners.get(eventId) as string)?.webhookSecret ?? '';
      const payload = JSON.stringify(event);
      return { payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(signOptions.timestamp === undefined ? {} : { timestamp: signOptions.timestamp }) }) };
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    object(kind, id) {
      const map = kind === 'checkout.session' ? sessions : kind === 'payment_intent' ? intents : kind === 'charge' ? charges : refunds;
      return map.get(id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

// Standalone: node --import tsx test/support/stripe-server.ts --port 12111 [--key … --webhook-url … --webhook-secret …]
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : process.argv[index + 1];
  };
  const started = await startStripeServer({ port: Number(arg('port') ?? 12111) });
  const key = arg('key');
  if (key !== undefined) started.addKey(key, { webhookUrl: arg('webhook-url'), webhookSecret: arg('webhook-secret') });
  console.log(`Local Stripe-compatible server on ${started.url} (STRIPE_API_URL=${started.url})`);
}
