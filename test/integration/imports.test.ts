/**
 * CSV imports on both databases: mapping, all-or-nothing, locale decimals, BOM, idempotency
 * by file, dry runs, duplicates, hostile text, limits, and 10,000 customers in one run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, unique, userWithRole } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { postImport } from '../support/imports.ts';

const CUSTOMER_MAPPING = { Firma: 'name', 'E-Mail': 'email', Land: 'address.country', Ort: 'address.city', Zahlungsziel: 'payment_terms_days', Notiz: null };

describeEachDb('CSV imports', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function customerCount(): Promise<number> {
    return (await owner.get('/api/v1/customers?archived=all&limit=1')).body.total as number;
  }

  it('imports customers with a column mapping, and answers the same file again with the first import', async () => {
    const tag = unique('map');
    const csv = `Firma,E-Mail,Land,Ort,Zahlungsziel,Notiz\nAcme ${tag},ACME-${tag}@Example.com,de,Berlin,14,ignored\n"Beta, ${tag}",beta-${tag}@example.com,FR,Paris,,x\n`;
    const before = await customerCount();
    const first = await postImport(owner, { file: csv, type: 'customers', mapping: CUSTOMER_MAPPING, fileName: 'kunden.csv' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ type: 'customers', dry_run: false, rows: 2, valid: 2, created: 2, updated: 0, errors: [], replayed: false, file_name: 'kunden.csv' });
    expect(first.body.id).toMatch(/^imp_/);
    expect(await customerCount()).toBe(before + 2);
    const found = (await owner.get(`/api/v1/customers?q=${encodeURIComponent(tag)}`)).body.data as any[];
    const acme = found.find((c) => c.name === `Acme ${tag}`);
    expect(acme).toMatchObject({ email: `acme-${tag}@example.com`.toLowerCase(), payment_terms_days: 14, address: { country: 'DE', city: 'Berlin' }, notes: null });
    expect(found.find((c) => c.name === `Beta, ${tag}`)?.payment_terms_days).toBeNull();

    // The same customer.created events as the API's.
    const events = (await owner.get('/api/v1/events?type=customer.created&limit=100')).body.data as any[];
    expect(events.find((e) => e.data.object.id === acme.id)?.data.object).toMatchObject({ name: `Acme ${tag}`, balances: [] });
    const audit = (await owner.get(`/api/v1/audit-events?resource_id=${acme.id}`)).body.data as any[];
    expect(audit.map((e) => e.action)).toEqual(['customer.created']);

    const again = await postImport(owner, { file: csv, type: 'customers', mapping: CUSTOMER_MAPPING, fileName: 'kunden.csv' });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, created: 2, replayed: true });
    expect(await customerCount()).toBe(before + 2);

    const listed = await owner.get('/api/v1/imports');
    expect(listed.status).toBe(200);
    expect(listed.body.data[0]).toMatchObject({ id: first.body.id, type: 'customers', rows: 2, created: 2 });
    expect((await owner.get(`/api/v1/imports/${first.body.id}`)).body).toMatchObject({ id: first.body.id, file_name: 'kunden.csv' });
    expect((await owner.get('/api/v1/imports/imp_none')).status).toBe(404);
  });

  it('imports nothing when one row is bad, naming the row and the column', async () => {
    const tag = unique('bad');
    const csv = `Firma;E-Mail;Land\nGood ${tag};good-${tag}@example.com;DE\n;nameless-${tag}@example.com;DE\nOther ${tag};not-an-email;Germany\n`;
    const before = await customerCount();
    const response = await postImport(owner, { file: csv, type: 'customers', mapping: { Firma: 'name', 'E-Mail': 'email', Land: 'address.country' } });
    expect(response.status, response.text).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.import).toMatchObject({ rows: 3, valid: 1, id: null });
    const errors = response.body.import.errors as { row: number; column: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        { row: 2, column: 'Firma', message: 'is required' },
        expect.objectContaining({ row: 3, column: 'E-Mail' }),
        expect.objectContaining({ row: 3, column: 'Land', message: expect.stringContaining('country code') }),
      ]),
    );
    expect(response.body.errors.every((e: { path: string }) => e.path === 'file')).toBe(true);
    expect(response.body.errors[0].message).toMatch(/^row 2, column "Firma"/);
    expect(await customerCount()).toBe(before);
  });

  it('reads ";" files with "1.234,56" exactly, a BOM, and quoted cells', async () => {
    const tag = unique('SKU');
    const rate = (await owner.post('/api/v1/tax-rates', { name: `MwSt ${tag}`, percentage: '19' })).body;
    const csv = `\uFEFFArtikelnummer;Bezeichnung;Preis;Steuersatz\n${tag}-1;"Beratung; Stunde";1.234,56;MwSt ${tag}\n${tag}-2;Kleinteil;0,004;\n${tag}-3;Lizenz;12;MwSt ${tag} 19%\n`;
    const response = await postImport(owner, {
      file: csv,
      type: 'products',
      mapping: { Artikelnummer: 'sku', Bezeichnung: 'name', Preis: 'unit_price', Steuersatz: 'tax_rate' },
      decimal_separator: ',',
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ rows: 3, created: 3 });
    const products = (await owner.get(`/api/v1/products?q=${encodeURIComponent(tag)}&sort=sku`)).body.data as any[];
    expect(products.map((p) => [p.sku, p.name, p.unit_price, p.tax_rate_id])).toEqual([
      [`${tag}-1`, 'Beratung; Stunde', '1234.56', rate.id],
      [`${tag}-2`, 'Kleinteil', '0.004', null],
      [`${tag}-3`, 'Lizenz', '12.00', rate.id],
    ]);
  });

  it('refuses a decimal written for the other separator, naming the column', async () => {
    const response = await postImport(owner, { file: 'Name,Price\nWidget,"1,5"\n', type: 'products', mapping: { Name: 'name', Price: 'unit_price' }, decimal_separator: '.' });
    expect(response.status, response.text).toBe(422);
    expect(response.body.import.errors).toEqual([{ row: 1, column: 'Price', message: 'must be a number such as "1,234.56"' }]);
  });

  it('a dry run reports and counts without changing anything', async () => {
    const tag = unique('dry');
    const csv = `Name,Email\nDry ${tag},dry-${tag}@example.com\nBroken ${tag},nope\n`;
    const before = await customerCount();
    const response = await postImport(owner, { file: csv, type: 'customers', mapping: { Name: 'name', Email: 'email' }, dry_run: true });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ id: null, dry_run: true, rows: 2, valid: 1, created: 1, error_count: 1 });
    expect(response.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'Email' })]);
    const valid = await postImport(owner, { file: `Name,Email\nDry ${tag},dry-${tag}@example.com\n`, type: 'customers', mapping: { Name: 'name', Email: 'email' }, dry_run: true });
    expect(valid.body).toMatchObject({ dry_run: true, created: 1, errors: [] });
    expect(await customerCount()).toBe(before);
    // A dry run is not an import: the real run afterwards imports.
    const real = await postImport(owner, { file: `Name,Email\nDry ${tag},dry-${tag}@example.com\n`, type: 'customers', mapping: { Name: 'name', Email: 'email' } });
    expect(real.status, real.text).toBe(201);
    expect(await customerCount()).toBe(before + 1);
  });

  it('reports duplicates (by e-mail, SKU, tax rate name), or updates or skips them as asked', async () => {
    const tag = unique('dup');
    const email = `dup-${tag}@example.com`;
    expect((await owner.post('/api/v1/customers', { name: `Old ${tag}`, email, phone: '+49 1' })).status).toBe(201);
    const mapping = { Name: 'name', Email: 'email', City: 'address.city' };
    const csv = `Name,Email,City\nNew ${tag},${email.toUpperCase()},Bonn\n`;
    const reported = await postImport(owner, { file: csv, type: 'customers', mapping });
    expect(reported.status).toBe(422);
    expect(reported.body.import.errors).toEqual([{ row: 1, column: 'Email', message: 'a customer with this e-mail already exists' }]);
    const inFile = await postImport(owner, { file: `Name,Email\nA ${tag},twice-${tag}@example.com\nB ${tag},twice-${tag}@example.com\n`, type: 'customers', mapping: { Name: 'name', Email: 'email' } });
    expect(inFile.body.import.errors).toEqual([{ row: 2, column: 'Email', message: expect.stringContaining('repeats row 1') }]);

    const skipped = await postImport(owner, { file: csv, type: 'customers', mapping, on_duplicate: 'skip' });
    expect(skipped.status, skipped.text).toBe(201);
    expect(skipped.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    const updated = await postImport(owner, { file: csv, type: 'customers', mapping, on_duplicate: 'update' });
    expect(updated.status, updated.text).toBe(201);
    expect(updated.body).toMatchObject({ created: 0, updated: 1 });
    const customers = (await owner.get(`/api/v1/customers?q=${encodeURIComponent(email)}`)).body.data as any[];
    expect(customers).toHaveLength(1);
    // Mapped cells change the customer; what the file does not carry stays.
    expect(customers[0]).toMatchObject({ name: `New ${tag}`, phone: '+49 1', address: { city: 'Bonn' } });

    const sku = unique('DUPSKU');
    expect((await owner.post('/api/v1/products', { name: 'Old', sku, unit_price: '1' })).status).toBe(201);
    const productFile = `sku,name,price\n${sku},Renamed,2.5\n`;
    const productMapping = { sku: 'sku', name: 'name', price: 'unit_price' };
    expect((await postImport(owner, { file: productFile, type: 'products', mapping: productMapping })).body.import.errors[0]).toMatchObject({ column: 'sku', message: 'a product with this SKU already exists' });
    expect((await postImport(owner, { file: productFile, type: 'products', mapping: productMapping, on_duplicate: 'update' })).body).toMatchObject({ updated: 1 });
    expect(((await owner.get(`/api/v1/products?q=${sku}`)).body.data as any[])[0]).toMatchObject({ name: 'Renamed', unit_price: '2.50' });

    const rateName = unique('Reduced');
    const rates = `Name;Satz\n${rateName};7\n`;
    expect((await postImport(owner, { file: rates, type: 'tax_rates', mapping: { Name: 'name', Satz: 'percentage' } })).status).toBe(201);
    const rateAgain = await postImport(owner, { file: `Name;Satz\n${rateName.toUpperCase()};7,5\n`, type: 'tax_rates', mapping: { Name: 'name', Satz: 'percentage' }, decimal_separator: ',' });
    expect(rateAgain.body.import.errors[0]).toMatchObject({ column: 'Name', message: 'a tax rate with this name already exists' });
    const rateUpdate = await postImport(owner, { file: `Name;Satz\n${rateName.toUpperCase()};7,5\n`, type: 'tax_rates', mapping: { Name: 'name', Satz: 'percentage' }, decimal_separator: ',', on_duplicate: 'update' });
    expect(rateUpdate.body).toMatchObject({ updated: 1 });
    const allRates = (await owner.get('/api/v1/tax-rates?limit=200')).body.data as any[];
    expect(allRates.find((r) => r.name === rateName.toUpperCase())?.percentage).toBe('7.5');
  });

  it('checks tax rates with the API rules (EN 16931 category and exemption reason)', async () => {
    const response = await postImport(owner, {
      file: `name,rate,category\n${unique('Exempt')},0,E\n`,
      type: 'tax_rates',
      mapping: { name: 'name', rate: 'percentage', category: 'category' },
    });
    expect(response.status).toBe(422);
    // The rule names a field the file has no column for: the row as a whole, with the field named.
    expect(response.body.import.errors[0]).toMatchObject({ row: 1, column: null, message: expect.stringContaining('exemption_reason: is required for category E') });
  });

  it('stores hostile text as text, never a 500', async () => {
    const tag = unique('hostile');
    const hostile = [`=HYPERLINK("http://evil.example","${tag}")`, `<script>alert('${tag}')</script>`, `${tag}'); DROP TABLE customers;--`, `+SUM(1,2) ${tag}`];
    const csv = `Name,Notes\n${hostile.map((h) => `"${h.replace(/"/g, '""')}",${h.startsWith('=') ? '@cmd' : '"<b>x</b>"'}`).join('\n')}\n`;
    const response = await postImport(owner, { file: csv, type: 'customers', mapping: { Name: 'name', Notes: 'notes' } });
    expect(response.status, response.text).toBe(201);
    const names = ((await owner.get(`/api/v1/customers?q=${encodeURIComponent(tag)}&limit=10`)).body.data as any[]).map((c) => c.name).sort();
    expect(names).toEqual([...hostile].sort());

    // Malformed uploads and options name their field, never a 500.
    const cases: [Parameters<typeof postImport>[1], string][] = [
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { a: 'nom' } }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { zzz: 'name' } }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { b: 'email' } }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: '[1,2]' }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: 'not json' }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { a: 'name', b: 'name' } }, 'mapping'],
      [{ file: 'a,b\n1,2\n', type: 'invoices' as 'customers', mapping: { a: 'name' } }, 'type'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { a: 'name' }, decimal_separator: ';' }, 'decimal_separator'],
      [{ file: 'a,b\n1,2\n', type: 'customers', mapping: { a: 'name' }, extra: { surprise: 'x' } }, 'surprise'],
      [{ file: '', type: 'customers', mapping: { a: 'name' } }, 'file'],
      [{ file: 'a,b\n', type: 'customers', mapping: { a: 'name' } }, 'file'],
      [{ file: 'a,a\n1,2\n', type: 'customers', mapping: { a: 'name' } }, 'file'],
      [{ file: 'a,b\n"unclosed,2\n', type: 'customers', mapping: { a: 'name' } }, 'file'],
      [{ file: Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]), type: 'customers', mapping: { a: 'name' } }, 'file'],
      [{ file: 'a\nx\u0000y\n', type: 'customers', mapping: { a: 'name' } }, 'file'],
    ];
    for (const [form, field] of cases) {
      const refused = await postImport(owner, form);
      expect(refused.status, `${field}: ${refused.text}`).toBe(422);
      expect(refused.body.errors?.[0]?.path, refused.text).toBe(field);
    }
    // Not multipart at all.
    const json = await owner.post('/api/v1/imports', { type: 'customers' });
    expect(json.status).toBe(415);
    expect(json.body.errors[0].path).toBe('file');
  });

  it('refuses files too large or with too many rows, naming file', async () => {
    const rows = `Name\n${'x\n'.repeat(50_001)}`;
    const many = await postImport(owner, { file: rows, type: 'customers', mapping: { Name: 'name' } });
    expect(many.status, many.text.slice(0, 300)).toBe(422);
    expect(many.body.errors[0]).toMatchObject({ path: 'file', message: expect.stringContaining('50,000') });
    const huge = await postImport(owner, { file: Buffer.alloc(16 * 1024 * 1024 + 10, 'a'), type: 'customers', mapping: { Name: 'name' } });
    expect(huge.status, huge.text.slice(0, 300)).toBe(413);
    expect(huge.body.errors[0].path).toBe('file');
  });

  it('takes an accountant, not sales; works with an Idempotency-Key', async () => {
    const sales = await userWithRole(owner, 'sales');
    expect((await postImport(sales, { file: 'Name\nx\n', type: 'customers', mapping: { Name: 'name' } })).status).toBe(403);
    const accountant = await userWithRole(owner, 'accountant');
    const key = unique('import-key');
    const file = `Name\n${unique('Keyed')}\n`;
    const first = await postImport(accountant, { file, type: 'customers', mapping: { Name: 'name' } }, { 'idempotency-key': key });
    expect(first.status, first.text).toBe(201);
    const replay = await postImport(accountant, { file, type: 'customers', mapping: { Name: 'name' } }, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    // The same key with another file is a conflict, not the first file's answer.
    const other = await postImport(accountant, { file: `Name\n${unique('Another keyed file')}\n`, type: 'customers', mapping: { Name: 'name' } }, { 'idempotency-key': key });
    expect(other.status, other.text).toBe(409);
  });

  it('imports custom field columns with the API rules, numbers in the decimal format of the file', async () => {
    const define = async (body: object) => {
      const created = await owner.post('/api/v1/custom-fields', { resource: 'customer', ...body });
      expect(created.status, created.text).toBe(201);
      return created.body.id as string;
    };
    const ids = [
      await define({ key: 'region', label: 'Region', type: 'select', options: ['Nord', 'Süd'] }),
      await define({ key: 'budget', label: 'Budget', type: 'number' }),
      await define({ key: 'since', label: 'Kunde seit', type: 'date', required: true }),
    ];
    try {
      const tag = unique('cf');
      const mapping = { Firma: 'name', Region: 'custom_fields.region', Budget: 'custom_fields.budget', Seit: 'custom_fields.since' };
      const bad = `Firma;Region;Budget;Seit\nA ${tag};Nord;1.234,56;2026-01-15\nB ${tag};West;zwölf;\n`;
      const checked = await postImport(owner, { file: bad, type: 'customers', mapping, decimal_separator: ',', dry_run: true });
      expect(checked.status, checked.text).toBe(200);
      expect(checked.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 2, column: 'Region' }),
          expect.objectContaining({ row: 2, column: 'Budget' }),
          expect.objectContaining({ row: 2, column: 'Seit', message: 'is required' }),
        ]),
      );
      expect(checked.body.errors.some((e: any) => e.row === 1)).toBe(false);
      expect((await postImport(owner, { file: bad, type: 'customers', mapping, decimal_separator: ',' })).status).toBe(422);
      expect((await owner.get(`/api/v1/customers?q=${encodeURIComponent(tag)}`)).body.data).toHaveLength(0);

      const good = `Firma;Region;Budget;Seit\nA ${tag};Nord;1.234,56;2026-01-15\n`;
      const imported = await postImport(owner, { file: good, type: 'customers', mapping, decimal_separator: ',' });
      expect(imported.status, imported.text).toBe(201);
      const [customer] = (await owner.get(`/api/v1/customers?q=${encodeURIComponent(tag)}`)).body.data;
      expect(customer.custom_fields).toEqual({ region: 'Nord', budget: '1234.56', since: '2026-01-15' });

      const unknown = await postImport(owner, { file: good, type: 'customers', mapping: { Firma: 'name', Region: 'custom_fields.nope' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].path).toBe('mapping');
    } finally {
      for (const id of ids) expect((await owner.delete(`/api/v1/custom-fields/${id}`)).status).toBe(204);
    }
  });

  it('keeps organizations apart: their imports, their duplicates and their file hashes', async () => {
    const email = `${unique('shared')}@example.com`;
    const file = `Name,E-Mail\nOurs,${email}\n`;
    const mapping = { Name: 'name', 'E-Mail': 'email' };
    const ours = await postImport(owner, { file, type: 'customers', mapping });
    expect(ours.status, ours.text).toBe(201);
    const other = await secondOrganization(owner, 'Import Rival');
    // The same file in another organization: no replay of ours, and our customer is no duplicate of theirs.
    const theirs = await postImport(other, { file, type: 'customers', mapping });
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.body).toMatchObject({ created: 1, replayed: false });
    expect(theirs.body.id).not.toBe(ours.body.id);
    expect((await other.get(`/api/v1/imports/${ours.body.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/imports')).body.data.map((i: any) => i.id)).toEqual([theirs.body.id]);
    expect((await owner.get(`/api/v1/customers?q=${encodeURIComponent(email)}`)).body.data).toHaveLength(1);
  });

  it('imports 10,000 customers in one transaction', { timeout: 120_000 }, async () => {
    const tag = unique('bulk');
    const lines = Array.from({ length: 10_000 }, (_, i) => `Bulk ${tag} ${i};bulk-${i}-${tag}@example.com;DE;${i % 60}`);
    const csv = `Name;E-Mail;Land;Tage\n${lines.join('\n')}\n`;
    const before = await customerCount();
    const started = performance.now();
    const response = await postImport(owner, { file: csv, type: 'customers', mapping: { Name: 'name', 'E-Mail': 'email', Land: 'address.country', Tage: 'payment_terms_days' } });
    const seconds = (performance.now() - started) / 1000;
    expect(response.status, response.text.slice(0, 500)).toBe(201);
    expect(response.body).toMatchObject({ rows: 10_000, created: 10_000 });
    expect(await customerCount()).toBe(before + 10_000);
    console.log(`[${kind}] 10,000 customers imported in ${seconds.toFixed(2)} s`);
  });
});
