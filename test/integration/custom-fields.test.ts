/**
 * Custom fields (issue #19) on both databases: definitions of each type per resource; values
 * on customers, products and invoices read back exactly; bad values (wrong type, bad date,
 * option not in the list, required missing, unknown key, oversized) → 422 naming
 * custom_fields.<key> and nothing changed; hostile text stored as text; ?q= finds a custom
 * value; printed fields on the invoice HTML and PDF, frozen at finalization; another
 * organization sees none of it; only admins manage definitions.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import { draftInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { pdfText, popplerInstalled } from '../support/pdf-text.ts';


describeEachDb('custom fields', (kind) => {
  let server: TestServer;
  let owner: Client;

  async function define(client: Client, body: Record<string, unknown>): Promise<any> {
    const response = await client.post('/api/v1/custom-fields', body);
    expect(response.status, response.text).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    await define(owner, { resource: 'customer', key: 'account_manager', label: 'Account manager', type: 'text' });
    await define(owner, { resource: 'customer', key: 'credit_limit', label: 'Credit limit', type: 'number' });
    await define(owner, { resource: 'customer', key: 'contract_start', label: 'Contract start', type: 'date' });
    await define(owner, { resource: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver', 'Bronze'] });
    await define(owner, { resource: 'product', key: 'warehouse', label: 'Warehouse', type: 'select', options: ['North', 'South'], required: true });
    await define(owner, { resource: 'invoice', key: 'project_code', label: 'Project code', type: 'text', printed: true });
    await define(owner, { resource: 'invoice', key: 'internal_ref', label: 'Internal ref', type: 'text', printed: false });
    await define(owner, { resource: 'invoice', key: 'service_date', label: 'Service date', type: 'date', printed: true });
  });
  afterAll(() => server.close());

  it('lists definitions per resource in order, with their settings', async () => {
    const all = await owner.get('/api/v1/custom-fields');
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(8);
    const customers = await owner.get('/api/v1/custom-fields?resource=customer');
    expect(customers.body.data.map((d: any) => d.key)).toEqual(['account_manager', 'credit_limit', 'contract_start', 'tier']);
    const tier = customers.body.data[3];
    expect(tier).toMatchObject({ resource: 'customer', label: 'Tier', type: 'select', options: ['Gold', 'Silver', 'Bronze'], required: false, printed: false, position: 3 });
    const one = await owner.get(`/api/v1/custom-fields/${tier.id}`);
    expect(one.body).toEqual(tier);
  });

  it('refuses bad definitions: duplicate key, bad slug, select without options, options on text, changing the key', async () => {
    const duplicate = await owner.post('/api/v1/custom-fields', { resource: 'customer', key: 'tier', label: 'Again', type: 'text' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.errors[0].path).toBe('key');
    // The same key on another resource is fine.
    await define(owner, { resource: 'product', key: 'tier', label: 'Product tier', type: 'text' });
    for (const [body, field] of [
      [{ resource: 'customer', key: 'Bad Key', label: 'x', type: 'text' }, 'key'],
      [{ resource: 'customer', key: 'sel', label: 'x', type: 'select' }, 'options'],
      [{ resource: 'customer', key: 'txt', label: 'x', type: 'text', options: ['a'] }, 'options'],
      [{ resource: 'customer', key: 'lbl', label: '', type: 'text' }, 'label'],
      [{ resource: 'order', key: 'res', label: 'x', type: 'text' }, 'resource'],
      [{ resource: 'customer', key: 'typ', label: 'x', type: 'boolean' }, 'type'],
    ] as const) {
      const response = await owner.post('/api/v1/custom-fields', body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.errors.map((e: any) => e.path)).toContain(field);
    }
    const tier = (await owner.get('/api/v1/custom-fields?resource=customer')).body.data.find((d: any) => d.key === 'tier');
    const rekey = await owner.patch(`/api/v1/custom-fields/${tier.id}`, { key: 'level' });
    expect(rekey.status).toBe(422);
  });

  it('stores customer values of every type and reads them back exactly; updates merge and clear', async () => {
    const customer = await createCustomer(owner, {
      name: unique('Custom Co'),
      custom_fields: { account_manager: 'Ada Lovelace', credit_limit: '12345.678', contract_start: '2026-02-28', tier: 'Gold' },
    });
    const expected = { account_manager: 'Ada Lovelace', credit_limit: '12345.678', contract_start: '2026-02-28', tier: 'Gold' };
    expect(customer.custom_fields).toEqual(expected);
    expect((await owner.get(`/api/v1/customers/${customer.id}`)).body.custom_fields).toEqual(expected);

    const patched = await owner.patch(`/api/v1/customers/${customer.id}`, { custom_fields: { tier: 'Silver', account_manager: null } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.custom_fields).toEqual({ credit_limit: '12345.678', contract_start: '2026-02-28', tier: 'Silver' });
    // A change of other fields keeps the values.
    const renamed = await owner.patch(`/api/v1/customers/${customer.id}`, { notes: 'Renamed' });
    expect(renamed.body.custom_fields).toEqual(patched.body.custom_fields);
  });

  it('refuses bad values with 422 naming custom_fields.<key>, and changes nothing', async () => {
    const customer = await createCustomer(owner, { name: unique('Strict Co'), custom_fields: { tier: 'Bronze' } });
    const cases: [Record<string, unknown>, string][] = [
      [{ credit_limit: 12.5 }, 'custom_fields.credit_limit'],
      [{ credit_limit: '12,50' }, 'custom_fields.credit_limit'],
      [{ credit_limit: '1e5' }, 'custom_fields.credit_limit'],
      [{ contract_start: '2026-02-30' }, 'custom_fields.contract_start'],
      [{ contract_start: '28.02.2026' }, 'custom_fields.contract_start'],
      [{ tier: 'Platinum' }, 'custom_fields.tier'],
      [{ tier: 'gold' }, 'custom_fields.tier'],
      [{ shoe_size: '42' }, 'custom_fields.shoe_size'],
      [{ account_manager: 'x'.repeat(501) }, 'custom_fields.account_manager'],
      [{ account_manager: { nested: true } }, 'custom_fields.account_manager'],
      [{ account_manager: ['a'] }, 'custom_fields.account_manager'],
      [{ account_manager: 'bell\u0007' }, 'custom_fields.account_manager'],
    ];
    for (const [values, path] of cases) {
      const update = await owner.patch(`/api/v1/customers/${customer.id}`, { name: 'Changed', custom_fields: values });
      expect(update.status, JSON.stringify(values)).toBe(422);
      expect(update.body.errors.map((e: any) => e.path)).toContain(path);
      const create = await owner.post('/api/v1/customers', { name: unique('Never'), custom_fields: values });
      expect(create.status, JSON.stringify(values)).toBe(422);
      expect(create.body.errors.map((e: any) => e.path)).toContain(path);
    }
    const notAnObject = await owner.post('/api/v1/customers', { name: unique('Never'), custom_fields: 'tier=Gold' });
    expect(notAnObject.status).toBe(422);
    expect(notAnObject.body.errors[0].path).toBe('custom_fields');
    const after = await owner.get(`/api/v1/customers/${customer.id}`);
    expect(after.body.name).toBe(customer.name);
    expect(after.body.custom_fields).toEqual({ tier: 'Bronze' });
    const never = await owner.get('/api/v1/customers?q=Never&archived=all');
    expect(never.body.total).toBe(0);
  });

  it('stores hostile text as text, and finds customers by a custom value with ?q=', async () => {
    const hostile = `<script>alert(1)</script>' OR 1=1; -- "quoted" \\ 100% _x_`;
    const customer = await createCustomer(owner, { name: unique('Hostile Co'), custom_fields: { account_manager: hostile } });
    expect(customer.custom_fields.account_manager).toBe(hostile);
    const marker = unique('zebra');
    const findable = await createCustomer(owner, { name: unique('Plain Co'), custom_fields: { account_manager: `Mr ${marker} Smith` } });
    const found = await owner.get(`/api/v1/customers?q=${encodeURIComponent(marker.toUpperCase())}`);
    expect(found.body.data.map((c: any) => c.id)).toEqual([findable.id]);
    expect(found.body.total).toBe(1);
    // The % and _ of the search are literal; keys are not searched, only values.
    expect((await owner.get('/api/v1/customers?q=100%25%20_x_')).body.data.map((c: any) => c.id)).toEqual([customer.id]);
    expect((await owner.get('/api/v1/customers?q=account_manager')).body.total).toBe(0);
    expect((await owner.get(`/api/v1/customers?q=${encodeURIComponent(marker)}&sort=name`)).body.data.map((c: any) => c.id)).toEqual([findable.id]);
    // The CSV export has a column per definition, headed by its label.
    const csv = await owner.get(`/api/v1/customers?format=csv&locale=en&q=${encodeURIComponent(marker)}`);
    expect(csv.status).toBe(200);
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header).toContain('Account manager,Credit limit,Contract start,Tier');
    expect(row).toContain(`Mr ${marker} Smith`);
  });

  it('erases custom field values with the customer (GDPR anonymize), in the audit log too', async () => {
    const secret = unique('Birthday-Secret');
    const customer = await createCustomer(owner, { name: unique('Erase Co'), custom_fields: { account_manager: secret } });
    await owner.patch(`/api/v1/customers/${customer.id}`, { custom_fields: { tier: 'Gold' } });
    const before = await owner.get(`/api/v1/audit-events?resource_id=${customer.id}`);
    expect(before.text).toContain(secret);
    const anonymized = await owner.post(`/api/v1/customers/${customer.id}/anonymize`);
    expect(anonymized.status, anonymized.text).toBe(200);
    expect(anonymized.body.custom_fields).toEqual({});
    const after = await owner.get('/api/v1/audit-events?limit=200');
    expect(after.status).toBe(200);
    expect(after.text).not.toContain(secret);
    expect((await owner.get(`/api/v1/customers?q=${encodeURIComponent(secret)}&archived=all`)).body.total).toBe(0);
  });

  it('requires required fields on products, validates selects and finds products by value', async () => {
    const missing = await owner.post('/api/v1/products', { name: unique('Widget'), unit_price: '1.00' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: any) => e.path)).toEqual(['custom_fields.warehouse']);
    const created = await owner.post('/api/v1/products', { name: unique('Widget'), unit_price: '1.00', custom_fields: { warehouse: 'South', tier: 'A+' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.custom_fields).toEqual({ warehouse: 'South', tier: 'A+' });
    const cleared = await owner.patch(`/api/v1/products/${created.body.id}`, { custom_fields: { warehouse: null } });
    expect(cleared.status).toBe(422);
    expect(cleared.body.errors[0].path).toBe('custom_fields.warehouse');
    const found = await owner.get('/api/v1/products?q=south');
    expect(found.body.data.map((p: any) => p.id)).toEqual([created.body.id]);
  });

  it('keeps invoice values, searches them, prints the printed ones and freezes them at finalization', async () => {
    const customer = await createCustomer(owner, { name: unique('Invoice Co') });
    const draft = await draftInvoice(owner, { customerId: customer.id });
    const bad = await owner.patch(`/api/v1/invoices/${draft.id}`, { custom_fields: { service_date: '2026-13-01' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('custom_fields.service_date');
    const code = unique('PRJ');
    const patched = await owner.patch(`/api/v1/invoices/${draft.id}`, { custom_fields: { project_code: code, internal_ref: 'secret-ref-77', service_date: '2026-03-15' } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.custom_fields).toEqual({ project_code: code, internal_ref: 'secret-ref-77', service_date: '2026-03-15' });

    const listed = await owner.get(`/api/v1/invoices?q=${encodeURIComponent(code)}`);
    expect(listed.body.data.map((i: any) => i.id)).toEqual([draft.id]);
    expect(listed.body.data[0].custom_fields.project_code).toBe(code);

    const preview = await owner.get(`/api/v1/invoices/${draft.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(`Project code:</span> ${code}`);
    expect(preview.text).toContain('Service date:');
    expect(preview.text).not.toContain('secret-ref-77');

    const finalized = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
    expect(finalized.status, finalized.text).toBe(200);
    expect(finalized.body.custom_fields.project_code).toBe(code);
    // Frozen: the values cannot change, and a later relabel does not change the issued document.
    const change = await owner.patch(`/api/v1/invoices/${draft.id}`, { custom_fields: { project_code: 'other' } });
    expect(change.status).toBe(409);
    // The database refuses it too, whoever writes.
    await expect(sql`update invoices set custom_fields = '{}' where id = ${draft.id}`.execute(server.db.kysely)).rejects.toThrow(/never change/);
    await expect(sql`update invoices set custom_fields_printed = null where id = ${draft.id}`.execute(server.db.kysely)).rejects.toThrow(/never change/);
    const definitions = (await owner.get('/api/v1/custom-fields?resource=invoice')).body.data;
    const projectCode = definitions.find((d: any) => d.key === 'project_code');
    const relabel = await owner.patch(`/api/v1/custom-fields/${projectCode.id}`, { label: 'Job number' });
    expect(relabel.status, relabel.text).toBe(200);
    const issuedPreview = await owner.get(`/api/v1/invoices/${draft.id}/preview`);
    expect(issuedPreview.text).toContain(`Project code:</span> ${code}`);
    expect(issuedPreview.text).not.toContain('Job number');

    if (popplerInstalled) {
      const pdf = await fetch(`${server.url}/api/v1/invoices/${draft.id}/pdf`, { headers: { cookie: owner.cookie ?? '' } });
      expect(pdf.status).toBe(200);
      const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
      expect(text).toContain(`Project code: ${code}`);
      expect(text).toMatch(/Service date: \S/);
      expect(text).not.toContain('secret-ref-77');
    }

    // A new draft prints the new label; deleting the definition removes draft values, not issued ones.
    const other = await draftInvoice(owner, { customerId: customer.id });
    await owner.patch(`/api/v1/invoices/${other.id}`, { custom_fields: { project_code: 'NEW-1' } });
    expect((await owner.get(`/api/v1/invoices/${other.id}/preview`)).text).toContain('Job number:</span> NEW-1');
    const removed = await owner.delete(`/api/v1/custom-fields/${projectCode.id}`);
    expect(removed.status).toBe(204);
    expect((await owner.get(`/api/v1/invoices/${other.id}`)).body.custom_fields).toEqual({});
    expect((await owner.get(`/api/v1/invoices/${draft.id}`)).body.custom_fields.project_code).toBe(code);
    expect((await owner.get(`/api/v1/invoices/${draft.id}/preview`)).text).toContain(`Project code:</span> ${code}`);

    // A field made required after a draft was saved: finalizing asks for it and changes nothing.
    const required = await owner.post('/api/v1/custom-fields', { resource: 'invoice', key: 'cost_center', label: 'Cost center', type: 'text', required: true });
    expect(required.status, required.text).toBe(201);
    const refused = await owner.post(`/api/v1/invoices/${other.id}/finalize`);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.errors.map((e: any) => e.path)).toEqual(['custom_fields.cost_center']);
    expect((await owner.get(`/api/v1/invoices/${other.id}`)).body.status).toBe('draft');
    expect((await owner.patch(`/api/v1/invoices/${other.id}`, { custom_fields: { cost_center: 'CC-7' } })).status).toBe(200);
    const issued = await owner.post(`/api/v1/invoices/${other.id}/finalize`);
    expect(issued.status, issued.text).toBe(200);
    expect(issued.body.custom_fields.cost_center).toBe('CC-7');
    expect((await owner.delete(`/api/v1/custom-fields/${required.body.id}`)).status).toBe(204);
  });

  it('keeps organizations apart and lets only admins manage definitions', async () => {
    const other = await secondOrganization(owner, 'Custom Other Ltd');
    expect((await other.get('/api/v1/custom-fields')).body.data).toEqual([]);
    const mine = (await owner.get('/api/v1/custom-fields?resource=customer')).body.data[0];
    expect((await other.get(`/api/v1/custom-fields/${mine.id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/custom-fields/${mine.id}`, { label: 'Hijack' })).status).toBe(404);
    expect((await other.delete(`/api/v1/custom-fields/${mine.id}`)).status).toBe(404);
    // The other organization's customers know none of the first one's fields.
    const refused = await other.post('/api/v1/customers', { name: 'Other customer', custom_fields: { tier: 'Gold' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('custom_fields.tier');
    // Its own field of the same key is its own.
    await define(other, { resource: 'customer', key: 'tier', label: 'Their tier', type: 'text' });
    expect((await other.post('/api/v1/customers', { name: 'Other customer', custom_fields: { tier: 'Anything' } })).status).toBe(201);
    expect((await owner.get('/api/v1/custom-fields?resource=customer')).body.data.find((d: any) => d.key === 'tier').type).toBe('select');

    const viewer = await userWithRole(owner, 'viewer');
    expect((await viewer.get('/api/v1/custom-fields')).status).toBe(200);
    expect((await viewer.post('/api/v1/custom-fields', { resource: 'customer', key: 'nope', label: 'Nope', type: 'text' })).status).toBe(403);
    expect((await viewer.patch(`/api/v1/custom-fields/${mine.id}`, { label: 'Nope' })).status).toBe(403);
    expect((await viewer.delete(`/api/v1/custom-fields/${mine.id}`)).status).toBe(403);
    const sales = await userWithRole(owner, 'sales');
    expect((await sales.post('/api/v1/custom-fields', { resource: 'customer', key: 'nope', label: 'Nope', type: 'text' })).status).toBe(403);
    expect((await owner.get(`/api/v1/custom-fields/${mine.id}`)).body.label).toBe(mine.label);
  });
});
