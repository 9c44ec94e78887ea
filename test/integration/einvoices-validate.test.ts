/**
 * POST /einvoices/validate on both databases: the official EN 16931 rules run on an uploaded
 * UBL or CII document. A valid example passes, a broken total fails with its rule id, and
 * anything that is not an e-invoice (malformed, DOCTYPE, wrong root, wrong media type, too
 * large, empty) is a 4xx problem naming the body.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner, userWithRole } from '../support/factories.ts';
import type { Client } from '../support/http.ts';

const examples = new URL('../unit/domain/einvoice/examples/', import.meta.url);
const ubl = readFileSync(new URL('01.01a-INVOICE_ubl.xml', examples), 'utf8');
const cii = readFileSync(new URL('01.01a-INVOICE_uncefact.xml', examples), 'utf8');
const xml = { 'content-type': 'application/xml' };

describeEachDb('e-invoice validation', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('passes the official examples in both syntaxes, for any member', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    const first = await viewer.post('/api/v1/einvoices/validate', ubl, xml);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ valid: true, syntax: 'UBL', errors: [], warnings: [] });
    const second = await viewer.post('/api/v1/einvoices/validate', cii, { 'content-type': 'text/xml; charset=utf-8' });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toMatchObject({ valid: true, syntax: 'CII', errors: [] });
  });

  it('reports the rules a document breaks', async () => {
    const wrongTotal = ubl.replace('<cbc:PayableAmount currencyID="EUR">336.9<', '<cbc:PayableAmount currencyID="EUR">999.00<');
    const response = await owner.post('/api/v1/einvoices/validate', wrongTotal, xml);
    expect(response.status, response.text).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ rule: 'BR-CO-16', flag: 'fatal', location: expect.stringContaining('LegalMonetaryTotal'), message: expect.stringContaining('BT-115') }),
    ]);

    // CII is checked against the D16B schema too: an unknown element is a schema error.
    const misspelt = cii.replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>380</ram:TypeCode><ram:Nonsense>1</ram:Nonsense>');
    const schema = await owner.post('/api/v1/einvoices/validate', misspelt, xml);
    expect(schema.status, schema.text).toBe(200);
    expect(schema.body.valid).toBe(false);
    expect(schema.body.errors.map((e: { rule: string }) => e.rule)).toContain('CII-XSD');
  });

  it('answers what is not an e-invoice with a problem naming the body', async () => {
    const cases: [string, string, Record<string, string>, number][] = [
      ['malformed', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>1</Invoice>', xml, 422],
      ['DOCTYPE with an entity', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "${'A'.repeat(10)}">]>${ubl.replace(/^<\?xml[^>]*>/, '')}`, xml, 422],
      ['external entity', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', xml, 422],
      ['another root', '<html><body>hi</body></html>', xml, 422],
      ['a UBL name in no namespace', '<Invoice><ID>1</ID></Invoice>', xml, 422],
      ['empty', '', xml, 422],
      ['JSON instead of XML', JSON.stringify({ xml: ubl }), { 'content-type': 'application/json' }, 415],
      ['too large', `${ubl}<!--${'x'.repeat(5 * 1024 * 1024)}-->`, xml, 413],
      ['not UTF-8', '\xff\xfe<Invoice/>', xml, 422],
    ];
    for (const [name, body, headers, status] of cases) {
      const response = name === 'not UTF-8'
        ? await fetch(`${server.url}/api/v1/einvoices/validate`, { method: 'POST', headers: { ...headers, cookie: owner.cookie ?? '' }, body: Buffer.from([0xff, 0xfe, 0x3c, 0x61, 0x2f, 0x3e]) }).then(async (r) => ({ status: r.status, body: await r.json() as any, text: '' }))
        : await owner.post('/api/v1/einvoices/validate', body, headers);
      expect(response.status, `${name}: ${response.text}`).toBe(status);
      expect(response.body.errors?.[0]?.path ?? response.body.detail, name).toMatch(/body/);
    }
  });

  it('needs a signed-in member', async () => {
    const response = await fetch(`${server.url}/api/v1/einvoices/validate`, { method: 'POST', headers: xml, body: ubl });
    expect(response.status).toBe(401);
  });
});
