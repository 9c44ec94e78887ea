/**
 * Issue 19, data portability: the organization export (a ZIP of JSON per resource, a manifest
 * with counts, the PDFs of issued documents) round-trips the counts of the API's lists and
 * carries no secrets and nothing of another organization; a customer's personal-data export
 * holds that customer's data only. Roles. The ZIP is read with the system's unzip.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const WEBHOOK_URL = 'https://hooks.example.invalid/settle';

describeEachDb('data exports: organization ZIP and customer personal data (issue 19)', (kind) => {
  let server: TestServer;
  let owner: Client;
  let other: Client;
  let alice: any;
  let bob: any;
  let aliceInvoices: any[];
  let bobInvoice: any;
  let webhookSecret: string;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-export-'));
    owner = await setupOwner(server.url);
    const vat = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    await createTaxRate(owner, { percentage: '7', name: 'VAT 7%' });
    alice = await createCustomer(owner, { name: 'Alice Anders', email: 'alice@example.com' });
    bob = await createCustomer(owner, { name: 'Bob Berger', email: 'bob@example.com' });
    for (let i = 0; i < 5; i++) await createCustomer(owner, { name: `Customer ${i}` });
    for (let i = 0; i < 3; i++) expect((await owner.post('/api/v1/products', { name: `Product ${i}`, unit_price: '10.00' })).status).toBe(201);
    aliceInvoices = [
      await finalizedInvoice(owner, { customerId: alice.id, lines: [{ description: 'Alice work', quantity: '2', unit_price: '50.00', tax_rate_id: vat.id }] }),
      await finalizedInvoice(owner, { customerId: alice.id }),
    ];
    bobInvoice = await finalizedInvoice(owner, { customerId: bob.id, lines: [{ description: 'Bob work', quantity: '1', unit_price: '70.00', tax_rate_id: vat.id }] });
    await draftInvoice(owner, { customerId: alice.id });
    const quote = await owner.post('/api/v1/quotes', { customer_id: alice.id, lines: [{ description: 'Proposal', quantity: '1', unit_price: '80.00', tax_rate_id: vat.id }] });
    expect(quote.status, quote.text).toBe(201);
    expect((await owner.post('/api/v1/custom-fields', { resource: 'customer', key: 'region', label: 'Region', type: 'text' })).status).toBe(201);
    expect((await owner.patch(`/api/v1/customers/${bob.id}`, { custom_fields: { region: 'Nord' } })).status).toBe(200);
    const paid = await owner.post('/api/v1/payments', { invoice_id: aliceInvoices[0].id, amount: '119.00', date: '2026-11-20', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);
    expect((await owner.post(`/api/v1/payments/${paid.body.id}/refund`, { amount: '19.00', reason: 'Goodwill' })).status).toBe(200);
    expect((await owner.post('/api/v1/payments', { invoice_id: bobInvoice.id, amount: '10.00', date: '2026-11-21', method: 'cash' })).status).toBe(201);
    expect((await owner.post(`/api/v1/invoices/${aliceInvoices[1].id}/credit-notes`, { amount: '10.00', reason: 'Goodwill' })).status).toBe(201);
    expect((await owner.post(`/api/v1/invoices/${aliceInvoices[1].id}/send`, { to: 'alice@example.com' })).status).toBe(200);
    expect((await owner.post(`/api/v1/invoices/${bobInvoice.id}/send`, { to: 'bob@example.com' })).status).toBe(200);
    expect((await owner.post('/api/v1/billable-metrics', { code: 'api.calls', name: 'API calls', aggregation: 'count' })).status).toBe(201);
    for (const [i, customerId] of [alice.id, alice.id, bob.id].entries()) {
      const used = await owner.post('/api/v1/usage-events', { transaction_id: `tx-${i}`, customer_id: customerId, metric_code: 'api.calls' });
      expect(used.status, used.text).toBe(201);
    }
    // More usage events than one page of the export (500): paging must neither drop nor repeat rows.
    for (let batch = 0; batch < 2; batch++) {
      const events = Array.from({ length: 300 }, (_, i) => ({ transaction_id: `bulk-${batch}-${i}`, customer_id: bob.id, metric_code: 'api.calls' }));
      const sent = await owner.post('/api/v1/usage-events/batch', { events });
      expect(sent.status, sent.text.slice(0, 300)).toBeLessThan(300);
    }
    const hook = await owner.post('/api/v1/webhook-endpoints', { url: WEBHOOK_URL, events: ['*'] });
    expect(hook.status, hook.text).toBe(201);
    webhookSecret = hook.body.secret;
    expect(webhookSecret).toMatch(/.{16,}/);
    await userWithRole(owner, 'accountant');
    other = await secondOrganization(owner, 'Rival Ltd');
    await finalizedInvoice(other, { customer: { name: 'Zed Rival' } });
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  const download = async (client: Client, name: string) => {
    const response = await fetch(`${server.url}/api/v1/organization/export`, { headers: { cookie: client.cookie ?? '' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="settle-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    return file;
  };
  const entries = (zip: string) =>
    execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line !== '');
  const read = (zip: string, entry: string) => execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 });
  const json = (zip: string, entry: string) => JSON.parse(read(zip, entry).toString('utf8'));

  it('round-trips the counts of the API lists, with the PDFs of issued documents and no secrets', async () => {
    const zip = await download(owner, 'org.zip');
    const names = entries(zip);
    for (const file of ['manifest.json', 'organization.json', 'users.json', 'customers.json', 'products.json', 'tax_rates.json', 'invoices.json', 'credit_notes.json', 'payments.json', 'subscriptions.json', 'billable_metrics.json', 'usage_events.json', 'webhook_endpoints.json', 'events.json', 'audit_log.json', 'emails.json']) {
      expect(names, file).toContain(file);
    }
    const manifest = json(zip, 'manifest.json');
    expect(manifest).toMatchObject({ format: 'settle-organization-export', version: 1, exported_at: '2026-11-23T10:00:00.000Z' });
    const total = async (list: string) => {
      const response = await owner.get(`/api/v1/${list}`);
      expect(response.status, list).toBe(200);
      return response.body.total ?? response.body.data.length;
    };
    const expected: Record<string, number> = {
      customers: await total('customers?archived=all'),
      products: await total('products?archived=all'),
      tax_rates: await total('tax-rates'),
      invoices: await total('invoices'),
      credit_notes: await total('credit-notes'),
      payments: await total('payments'),
      users: await total('users'),
      webhook_endpoints: await total('webhook-endpoints'),
      billable_metrics: await total('billable-metrics'),
      quotes: await total('quotes'),
      custom_field_definitions: (await owner.get('/api/v1/custom-fields')).body.data.length,
    };
    expect(expected).toMatchObject({ customers: 7, products: 3, tax_rates: 2, invoices: 4, credit_notes: 1, payments: 2, users: 2, webhook_endpoints: 1, quotes: 1, custom_field_definitions: 1 });
    for (const [resource, count] of Object.entries(expected)) {
      expect(manifest.counts[resource], resource).toBe(count);
      expect(json(zip, `${resource}.json`), resource).toHaveLength(count);
    }
    expect(expected.billable_metrics).toBe(1);
    expect(manifest.counts.usage_events).toBe(603);
    const usage = json(zip, 'usage_events.json');
    expect(new Set(usage.map((e: any) => e.id)).size).toBe(603);
    expect(usage.filter((e: any) => e.customer_id === alice.id)).toHaveLength(2);
    expect(manifest.counts.events).toBe(json(zip, 'events.json').length);
    expect(manifest.counts.events).toBeGreaterThan(5);
    expect(manifest.counts.audit_log).toBeGreaterThan(5);
    const [quote] = json(zip, 'quotes.json');
    expect(quote.lines.map((l: any) => l.description)).toEqual(['Proposal']);
    expect(quote).not.toHaveProperty('link_token_hash');
    expect(json(zip, 'customers.json').find((c: any) => c.id === bob.id).custom_fields).toEqual({ region: 'Nord' });

    // Children nested: lines in invoices, refunds in payments.
    const invoices = json(zip, 'invoices.json');
    const first = invoices.find((i: any) => i.id === aliceInvoices[0].id);
    expect(first.lines).toHaveLength(1);
    expect(first.lines[0]).toMatchObject({ description: 'Alice work', net_amount: 10000 });
    expect(first.taxes[0]).toMatchObject({ percentage: '19' });
    expect(json(zip, 'payments.json').find((p: any) => p.invoice_id === aliceInvoices[0].id).refunds).toEqual([expect.objectContaining({ amount: 1900, reason: 'Goodwill' })]);
    expect(json(zip, 'organization.json')).toMatchObject({ name: 'Acme GmbH', currency: 'EUR' });

    // PDFs of the three issued invoices and the credit note, not of the draft.
    const pdfs = names.filter((n) => n.startsWith('pdfs/'));
    expect(pdfs.filter((n) => n.startsWith('pdfs/invoices/'))).toHaveLength(3);
    expect(pdfs.filter((n) => n.startsWith('pdfs/credit-notes/'))).toHaveLength(1);
    expect(manifest.pdfs).toEqual({ invoices: 3, credit_notes: 1 });
    expect(pdfs).toContain(`pdfs/invoices/${aliceInvoices[0].number}.pdf`);
    expect(read(zip, `pdfs/invoices/${aliceInvoices[0].number}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');

    // No secrets, nothing of the other organization.
    const everything = names.filter((n) => n.endsWith('.json')).map((n) => read(zip, n).toString('utf8')).join('\n');
    expect(everything).not.toContain(webhookSecret);
    expect(everything).not.toMatch(/password_hash|totp_secret|token_hash|token_sealed|"secret"/);
    expect(everything).not.toContain('Zed Rival');
    expect(everything).not.toContain('Rival Ltd');
    const users = json(zip, 'users.json');
    expect(Object.keys(users[0]).sort()).toEqual(['active', 'created_at', 'email', 'id', 'invitation_pending', 'name', 'role', 'totp_enabled_at', 'updated_at']);

    // The other organization's export has its own data only.
    const theirs = await download(other, 'other.zip');
    const theirCustomers = json(theirs, 'customers.json');
    expect(theirCustomers.map((c: any) => c.name)).toEqual(['Zed Rival']);
    expect(json(theirs, 'manifest.json').counts.invoices).toBe(1);
  });

  it('exports a customer’s personal data: theirs only', async () => {
    const response = await owner.get(`/api/v1/customers/${alice.id}/export`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const data = response.body;
    expect(data.customer).toMatchObject({ id: alice.id, name: 'Alice Anders', email: 'alice@example.com' });
    expect(data.invoices.map((i: any) => i.id).sort()).toHaveLength(3); // two issued, one draft
    expect(data.invoices.every((i: any) => i.customer_id === alice.id)).toBe(true);
    expect(data.invoices.find((i: any) => i.id === aliceInvoices[0].id).lines[0].description).toBe('Alice work');
    expect(data.quotes.map((q: any) => q.lines[0].description)).toEqual(['Proposal']);
    expect(data.credit_notes).toHaveLength(1);
    expect(data.payments).toHaveLength(1);
    expect(data.payments[0].refunds).toHaveLength(1);
    expect(data.emails.length).toBeGreaterThanOrEqual(1);
    expect(data.emails.every((e: any) => e.to_address === 'alice@example.com')).toBe(true);
    expect(data.events.length).toBeGreaterThan(3);
    const ids = new Set([alice.id, ...data.quotes.map((q: any) => q.id), ...data.invoices.map((i: any) => i.id), ...data.credit_notes.map((n: any) => n.id), ...data.payments.map((p: any) => p.id)]);
    expect(data.events.every((e: any) => ids.has(e.resource_id))).toBe(true);
    const text = JSON.stringify(data);
    expect(text).not.toContain('Bob Berger');
    expect(text).not.toContain(bob.id);
    expect(text).not.toContain(bobInvoice.id);
    expect(text).not.toContain('Zed Rival');
    expect(text).not.toMatch(/token_hash|token_sealed|link_url/);
  });

  it('checks roles and refuses what is not theirs', async () => {
    const accountant = await userWithRole(owner, 'accountant');
    const sales = await userWithRole(owner, 'sales');
    const admin = await userWithRole(owner, 'admin');
    expect((await accountant.get('/api/v1/organization/export')).status).toBe(403);
    expect((await sales.get('/api/v1/organization/export')).status).toBe(403);
    const byAdmin = await fetch(`${server.url}/api/v1/organization/export`, { headers: { cookie: admin.cookie ?? '' } });
    expect(byAdmin.status).toBe(200);
    await byAdmin.arrayBuffer();
    expect((await accountant.get(`/api/v1/customers/${alice.id}/export`)).status).toBe(200);
    expect((await sales.get(`/api/v1/customers/${alice.id}/export`)).status).toBe(403);
    // Another organization's customer, an unknown id and a hostile one.
    const zed = (await other.get('/api/v1/customers')).body.data[0];
    expect((await owner.get(`/api/v1/customers/${zed.id}/export`)).status).toBe(404);
    expect((await owner.get('/api/v1/customers/cus_nope/export')).status).toBe(404);
    const hostile = await owner.get(`/api/v1/customers/${encodeURIComponent("x' or 1=1 --")}/export`);
    expect(hostile.status).toBe(422);
    expect(hostile.body.errors[0].path).toBe('id');
  });
});
