/**
 * Customer links: a finalized invoice gets an unguessable public URL where the customer,
 * without logging in, sees that invoice (status, amount due, the document) and downloads
 * its PDF — and nothing else. Wrong, malformed and revoked tokens all get the same 404;
 * the pages never set a cookie.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import { requestWithHost, type Client } from '../support/http.ts';
import { createTestDatabase, type DbKind } from '../support/databases.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest, migrations } from '../../src/db/migrate.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server/app.ts';

const TOKEN_URL = /\/p\/([A-Za-z0-9_-]{43})$/;
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

/** A visitor with no session: plain fetch, no cookie jar. */
async function visit(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

function tokenOf(url: string): string {
  const match = TOKEN_URL.exec(url);
  if (!match?.[1]) throw new Error(`not a link URL: ${url}`);
  return match[1];
}

describeEachDb('customer links', (kind) => {
  let server: TestServer;
  let owner: Client;
  let invoice: { id: string; number: string };
  let link: { id: string; url: string; created_at: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    const customer = await createCustomer(owner, { name: 'Linked Customer AG' });
    invoice = await finalizedInvoice(owner, { customerId: customer.id, lines: [{ description: 'Linked consulting', quantity: '2', unit_price: '60.00' }] });
    // A partial payment, so "amount due" (90.00) differs from the total (120.00).
    const payment = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '30.00', date: '2026-11-23', method: 'bank_transfer' });
    expect(payment.status, payment.text).toBe(201);
  });
  afterAll(() => server.close());

  it('has no link until one is created, and none for a draft (409)', async () => {
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    const draft = await draftInvoice(owner);
    const refused = await owner.post(`/api/v1/invoices/${draft.id}/link`);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await owner.post('/api/v1/invoices/inv_does_not_exist/link')).status).toBe(404);
  });

  it('creates the link once (201), then answers the live link with the same URL (200)', async () => {
    const created = await owner.post(`/api/v1/invoices/${invoice.id}/link`);
    expect(created.status, created.text).toBe(201);
    expect(created.body.url.startsWith(`${server.url}/p/`)).toBe(true);
    expect(created.body.url).toMatch(TOKEN_URL);
    expect(created.body.created_at).toBe('2026-11-23T10:00:00.000Z');
    expect(created.body.id).toMatch(/^lnk_/);
    link = created.body;

    const again = await owner.post(`/api/v1/invoices/${invoice.id}/link`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: link.id, url: link.url, created_at: link.created_at });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).body).toEqual({ id: link.id, url: link.url, created_at: link.created_at });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/links`)).body).toEqual({ data: [{ id: link.id, url: link.url, created_at: link.created_at, revoked_at: null }] });

    const events = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_created`);
    expect(events.body.data).toHaveLength(1);
    expect(JSON.stringify(events.body.data)).not.toContain(tokenOf(link.url));
  });

  it('makes one link when several requests race for it', async () => {
    const racing = await finalizedInvoice(owner);
    const responses = await Promise.all(Array.from({ length: 6 }, () => owner.post(`/api/v1/invoices/${racing.id}/link`)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.url)).size).toBe(1);
    const rows = await server.db.kysely.selectFrom('invoice_links').select('id').where('invoice_id', '=', racing.id).execute();
    expect(rows).toHaveLength(1);
  });

  it("builds links from the configured address, never from the request's Host header", async () => {
    const other = await finalizedInvoice(owner);
    const created = await requestWithHost(owner, 'POST', `/api/v1/invoices/${other.id}/link`, 'evil.example');
    expect(created.status, created.text).toBe(201);
    // No PUBLIC_URL here: the configured listen address.
    expect(created.body.url).toMatch(new RegExp(`^${server.url.replaceAll('.', '\\.')}/p/[A-Za-z0-9_-]{43}$`));
    expect((await visit(created.body.url)).status).toBe(200);
    const replaced = await requestWithHost(owner, 'POST', `/api/v1/invoices/${other.id}/link`, 'evil.example', { replace: true });
    expect(replaced.status, replaced.text).toBe(201);
    expect(replaced.body.url).toMatch(new RegExp(`^${server.url.replaceAll('.', '\\.')}/p/[A-Za-z0-9_-]{43}$`));
  });

  it('shows the invoice to a visitor without any cookie, with its number and amount due, and sets no cookie', async () => {
    const page = await visit(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain(invoice.number);
    expect(page.text).toContain('Linked Customer AG');
    expect(page.text).toContain('Linked consulting');
    expect(page.text).toContain('90.00');
    expect(page.text).toContain(`/p/${tokenOf(link.url)}/pdf`);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toContain('noindex');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script/i);
  });

  it("never reads or sets a signed-in visitor's session", async () => {
    const page = await visit(link.url, { cookie: owner.cookie ?? '' });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).not.toContain('owner@example.com');
    expect(page.text).not.toContain('Olivia Owner');
    expect((await owner.get('/api/v1/auth/me')).status).toBe(200);
  });

  it("shows nothing of the organization's other invoices or customers", async () => {
    const other = await finalizedInvoice(owner, { customer: { name: 'Secret Other Customer' }, lines: [{ description: 'Secret other work', quantity: '1', unit_price: '777.00' }] });
    const page = await visit(link.url);
    expect(page.text).not.toContain(other.number);
    expect(page.text).not.toContain('Secret Other Customer');
    expect(page.text).not.toContain('Secret other work');
    expect(page.text).not.toContain('777.00');
    expect(page.text).not.toContain(other.id);
  });

  it('downloads the PDF through the token', async () => {
    const pdf = await visit(`${link.url}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.pdf"/);
    expect(pdf.headers.get('set-cookie')).toBeNull();
    expect(pdf.headers.get('cache-control')).toBe('no-store');
  });

  it('answers every wrong, malformed or unknown token with the same bare 404', async () => {
    const known = await visit(`${server.url}/p/${'A'.repeat(43)}`);
    expect(known.status).toBe(404);
    expect(known.headers.get('content-type')).toContain('text/html');
    for (const path of [`/p/${'b'.repeat(42)}`, '/p/short', `/p/${'x'.repeat(99)}`, '/p/%00%01', `/p/${'A'.repeat(43)}/pdf`, '/p/..%2Fapi%2Fv1', '/p/', '/p']) {
      const response = await visit(server.url + path);
      expect(response.status, path).toBe(404);
      if (path.length > 3) expect(response.text, path).toBe(known.text);
      expect(response.headers.get('set-cookie'), path).toBeNull();
    }
    expect(known.text).not.toMatch(/revoked|draft|expired/i);
    // Past the router's parameter limit the framework answers 414 itself: still nothing but a refusal.
    const huge = await visit(`${server.url}/p/${'x'.repeat(5000)}`);
    expect([404, 414]).toContain(huge.status);
    expect(huge.headers.get('set-cookie')).toBeNull();
  });

  it('revokes the link: the old URL 404s at once, a new link has a new token', async () => {
    const sales = await userWithRole(owner, 'sales');
    const revokedAt = server.clock.now().toISOString();
    const revoked = await sales.delete(`/api/v1/invoices/${invoice.id}/link`);
    expect(revoked.status, revoked.text).toBe(204);
    expect((await visit(link.url)).status).toBe(404);
    expect((await visit(`${link.url}/pdf`)).status).toBe(404);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    expect((await owner.delete(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);

    server.clock.advance(60_000);
    const renewed = await sales.post(`/api/v1/invoices/${invoice.id}/link`);
    expect(renewed.status).toBe(201);
    expect(tokenOf(renewed.body.url)).not.toBe(tokenOf(link.url));
    expect((await visit(renewed.body.url)).status).toBe(200);
    expect((await visit(link.url)).status).toBe(404);

    const events = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_revoked`);
    expect(events.body.data).toHaveLength(1);

    // The history: the live link first (with its URL), the revoked one after it (its URL is gone for good).
    const history = await owner.get(`/api/v1/invoices/${invoice.id}/links`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.data).toEqual([
      { id: renewed.body.id, url: renewed.body.url, created_at: renewed.body.created_at, revoked_at: null },
      { id: link.id, url: null, created_at: link.created_at, revoked_at: revokedAt },
    ]);
    link = renewed.body;
  });

  it('lets viewers see the link but only sales and up create or revoke it', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    expect((await viewer.get(`/api/v1/invoices/${invoice.id}/link`)).body).toEqual({ id: link.id, url: link.url, created_at: link.created_at });
    expect((await viewer.post(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(403);
    expect((await viewer.delete(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(403);
    expect((await visit(link.url)).status).toBe(200);
  });

  it("keeps another organization away from this organization's links", async () => {
    const other = await secondOrganization(owner);
    expect((await other.get(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    expect((await other.post(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    expect((await other.delete(`/api/v1/invoices/${invoice.id}/link`)).status).toBe(404);
    expect((await visit(link.url)).status).toBe(200);
  });

  it("revokes every link of a customer whose personal data is erased, in the erasure's transaction", async () => {
    const customer = await createCustomer(owner, { name: 'Erasable Person', email: 'erasable@example.com', address: { line1: '1 Private Lane', city: 'Hamburg', country: 'DE' } });
    const first = await finalizedInvoice(owner, { customerId: customer.id });
    const second = await finalizedInvoice(owner, { customerId: customer.id });
    const untouched = await finalizedInvoice(owner);
    const urls: string[] = [];
    for (const { id } of [first, second]) {
      const created = await owner.post(`/api/v1/invoices/${id}/link`);
      expect(created.status, created.text).toBe(201);
      urls.push(created.body.url);
    }
    const kept = (await owner.post(`/api/v1/invoices/${untouched.id}/link`)).body.url as string;
    const page = await visit(urls[0]!);
    expect(page.text).toContain('Erasable Person');
    expect(page.text).toContain('1 Private Lane');

    const erased = await owner.post(`/api/v1/customers/${customer.id}/anonymize`);
    expect(erased.status, erased.text).toBe(200);
    // The same bare 404 as any unknown or revoked link: nothing of the customer is left public.
    const unknown = await visit(`${server.url}/p/${'Q'.repeat(43)}`);
    for (const url of urls) {
      for (const target of [url, `${url}/pdf`]) {
        const gone = await visit(target);
        expect(gone.status, target).toBe(404);
        expect(gone.text, target).toBe(unknown.text);
      }
    }
    for (const { id } of [first, second]) {
      expect((await owner.get(`/api/v1/invoices/${id}/link`)).status).toBe(404);
      const history = await owner.get(`/api/v1/invoices/${id}/links`);
      expect(history.body.data).toHaveLength(1);
      expect(history.body.data[0].revoked_at).toBe(erased.body.anonymized_at);
      // No new link for an erased customer's invoice either, by hand or by e-mail.
      const renewed = await owner.post(`/api/v1/invoices/${id}/link`);
      expect(renewed.status, renewed.text).toBe(409);
      expect(renewed.body.detail).toContain('erased');
      const sent = await owner.post(`/api/v1/invoices/${id}/send`, { to: 'someone@example.com' });
      expect(sent.status, sent.text).toBe(409);
    }
    // Another customer's link lives on.
    expect((await visit(kept)).status).toBe(200);
    const audit = await owner.get(`/api/v1/audit-events?resource_id=${customer.id}&action=customer.anonymized`);
    expect(audit.body.data[0].after).toMatchObject({ links_revoked: 2 });
  });

  it('stores a hash of each token and the token only sealed: the database alone opens no page', async () => {
    const stored = await server.db.kysely.selectFrom('invoice_links').selectAll().where('invoice_id', '=', invoice.id).execute();
    expect(stored).toHaveLength(2);
    const token = tokenOf(link.url);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(Buffer.from(token).toString('base64url'));
    const live = stored.find((row) => row.revoked_at === null)!;
    expect(Object.keys(live).sort()).toEqual(['created_at', 'created_by', 'id', 'invoice_id', 'organization_id', 'revoked_at', 'token_hash', 'token_sealed']);
    expect(live.token_hash).toBe(sha256(token));
    expect(live.token_sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // A revoked link keeps no sealed token: its URL is gone for good.
    expect(stored.find((row) => row.revoked_at !== null)!.token_sealed).toBeNull();
    // The hash itself is no key to the page.
    expect((await visit(`${server.url}/p/${live.token_hash}`)).status).toBe(404);
    expect((await visit(link.url)).status).toBe(200);
  });

  it('replaces the live link on request: the old URL dies, the new one is shown', async () => {
    const sales = await userWithRole(owner, 'sales');
    server.clock.advance(60_000);
    const replaced = await sales.post(`/api/v1/invoices/${invoice.id}/link`, { replace: true });
    expect(replaced.status, replaced.text).toBe(201);
    expect(tokenOf(replaced.body.url)).not.toBe(tokenOf(link.url));
    expect((await visit(link.url)).status).toBe(404);
    expect((await visit(replaced.body.url)).status).toBe(200);
    const history = (await owner.get(`/api/v1/invoices/${invoice.id}/links`)).body.data;
    expect(history.filter((l: { revoked_at: string | null }) => l.revoked_at === null)).toEqual([{ id: replaced.body.id, url: replaced.body.url, created_at: replaced.body.created_at, revoked_at: null }]);
    expect(history.filter((l: { revoked_at: string | null }) => l.revoked_at !== null).map((l: { url: string | null }) => l.url)).toEqual([null, null]);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}/link`)).body.url).toBe(replaced.body.url);
    const events = await owner.get(`/api/v1/audit-events?resource_id=${invoice.id}&action=invoice.link_revoked`);
    expect(events.body.data[0].after).toMatchObject({ reason: 'replaced' });
    expect(JSON.stringify(events.body.data)).not.toContain(tokenOf(replaced.body.url));
    link = replaced.body;

    for (const [body, field] of [[{ replace: 'yes' }, 'replace'], [{ other: 1 }, 'body'], [[1], 'body']] as const) {
      const bad = await sales.post(`/api/v1/invoices/${invoice.id}/link`, body);
      expect([400, 422], JSON.stringify(body)).toContain(bad.status);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body.errors.map((e: { path: string }) => e.path), JSON.stringify(body)).toContain(field);
    }
    expect((await visit(link.url)).status).toBe(200);
  });

  it('never keeps a shown URL for an idempotent retry: the retry is refused, nothing stores the token', async () => {
    const fresh = await finalizedInvoice(owner);
    const headers = { 'Idempotency-Key': `link-${fresh.id}` };
    const first = await owner.post(`/api/v1/invoices/${fresh.id}/link`, undefined, headers);
    expect(first.status, first.text).toBe(201);
    const retry = await owner.post(`/api/v1/invoices/${fresh.id}/link`, undefined, headers);
    expect(retry.status).toBe(409);
    expect(retry.text).not.toContain(tokenOf(first.body.url));
    const keys = await server.db.kysely.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(keys)).not.toContain(tokenOf(first.body.url));
  });

  it('never shows a draft, even if a link to one existed', async () => {
    const draft = await draftInvoice(owner);
    const orgId = (await owner.get('/api/v1/organization')).body.id as string;
    const token = 'D'.repeat(43);
    await server.db.kysely
      .insertInto('invoice_links')
      .values({ id: 'lnk_forged_draft', organization_id: orgId, invoice_id: draft.id, token_hash: sha256(token), created_by: null, created_at: '2026-11-23T10:00:00.000Z', revoked_at: null })
      .execute();
    expect((await visit(`${server.url}/p/${token}`)).status).toBe(404);
    expect((await visit(`${server.url}/p/${token}/pdf`)).status).toBe(404);
  });
});

describe('customer links with PUBLIC_URL and a visitor limit [sqlite]', () => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { env: { PUBLIC_URL: 'https://billing.example.com/', PUBLIC_LINK_MAX_PER_MINUTE: '3' } });
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('builds links on PUBLIC_URL, whatever host the request came in on', async () => {
    const invoice = await finalizedInvoice(owner);
    const created = await owner.post(`/api/v1/invoices/${invoice.id}/link`);
    expect(created.body.url).toMatch(/^https:\/\/billing\.example\.com\/p\/[A-Za-z0-9_-]{43}$/);
  });

  it('warns once at start when PUBLIC_URL is not set, naming the address links will use', async () => {
    const startWith = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const config = loadConfig({ DATABASE_URL: server.database.url, ...env });
      const app = await buildApp({ db: server.db, clock: server.clock, config }, { logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } });
      await app.close();
      return lines.filter((line) => line.includes('PUBLIC_URL'));
    };
    const warned = await startWith({ HOST: '0.0.0.0', PORT: '8080' });
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('http://localhost:8080');
    expect(JSON.parse(warned[0]!).level).toBe(40);
    expect(await startWith({ PUBLIC_URL: 'https://billing.example.com' })).toEqual([]);
  });

  it('answers 429 with Retry-After once an address has used its budget for the minute, then lets it in again', async () => {
    const path = `${server.url}/p/${'Z'.repeat(43)}`;
    for (let i = 0; i < 3; i++) expect((await visit(path)).status).toBe(404);
    const limited = await visit(path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('set-cookie')).toBeNull();
    server.clock.advance(61_000);
    expect((await visit(path)).status).toBe(404);
  });
});

describeEachDb('migration 0008: customer-link tokens become hashes', (kind: DbKind) => {
  it('hashes the existing tokens, so existing links keep working, and drops the clear column', async () => {
    const database = await createTestDatabase(kind);
    const db = openDatabase(database.url, { poolSize: 2, onConnectionError: () => undefined });
    try {
      const names = Object.keys(migrations).sort();
      const previous = names[names.indexOf('0008_invoice_link_hashes') - 1]!;
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: () => Promise.resolve(migrations) },
        migrationTableName: 'settle_migrations',
        migrationLockTableName: 'settle_migrations_lock',
      });
      const before = await migrator.migrateTo(previous);
      expect(before.error).toBeUndefined();

      const now = '2026-11-23T10:00:00.000Z';
      // The tables as they were before 0008: the token in clear.
      const k = db.kysely as any;
      await k.insertInto('organizations').values({ id: 'org_m', name: 'Migrated', currency: 'EUR', invoice_number_format: 'INV-{SEQ:5}', created_at: now, updated_at: now }).execute();
      await k.insertInto('customers').values({ id: 'cus_m', organization_id: 'org_m', name: 'Customer', created_at: now, updated_at: now }).execute();
      await k.insertInto('invoices').values({ id: 'inv_m', organization_id: 'org_m', customer_id: 'cus_m', status: 'draft', currency: 'EUR', created_at: now, updated_at: now }).execute();
      const live = 'L'.repeat(40) + 'abc';
      const revoked = 'R'.repeat(40) + 'xyz';
      await k
        .insertInto('invoice_links')
        .values([
          { id: 'lnk_live', organization_id: 'org_m', invoice_id: 'inv_m', token: live, created_by: null, created_at: now, revoked_at: null },
          { id: 'lnk_revoked', organization_id: 'org_m', invoice_id: 'inv_m', token: revoked, created_by: null, created_at: now, revoked_at: now },
        ])
        .execute();

      expect(await migrateToLatest(db)).toContain('0008_invoice_link_hashes');
      const rows = await db.kysely.selectFrom('invoice_links').selectAll().orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'lnk_live', organization_id: 'org_m', invoice_id: 'inv_m', token_hash: sha256(live), token_sealed: null, created_by: null, created_at: now, revoked_at: null },
        { id: 'lnk_revoked', organization_id: 'org_m', invoice_id: 'inv_m', token_hash: sha256(revoked), token_sealed: null, created_by: null, created_at: now, revoked_at: now },
      ]);
      expect(JSON.stringify(rows)).not.toContain(live);
      // Each hash names one link: a second row with the same hash is refused.
      await expect(
        db.kysely
          .insertInto('invoice_links')
          .values({ id: 'lnk_dup', organization_id: 'org_m', invoice_id: 'inv_m', token_hash: sha256(live), created_by: null, created_at: now, revoked_at: null })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
