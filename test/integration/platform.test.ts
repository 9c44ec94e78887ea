/**
 * What every route shares: health, the OpenAPI document, problem responses for malformed
 * requests, and migrations on an empty database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import { sql } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('platform', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('answers the health check', async () => {
    const response = await new Client(server.url).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('migrated an empty database, and migrating again changes nothing', async () => {
    expect(await migrateToLatest(server.db)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from settle_migrations order by name`.execute(server.db.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_foundation', '0002_billing', '0003_invoice_guards', '0004_credit_note_guards', '0005_documents', '0006_report_summaries', '0007_account_invitations', '0008_invoice_link_hashes', '0009_credit_note_lines', '0010_document_chain', '0011_two_factor', '0012_event_stream', '0013_issue_order_index', '0014_automatic_billing', '0015_foreign_key_indexes', '0016_payment_gateways', '0017_reminders', '0018_portal', '0019_payment_groups', '0020_saved_payment_methods', '0021_invoice_link_sealed_tokens', '0022_portal_link_sealed_tokens', '0023_einvoice_fields', '0024_quotes', '0025_imports', '0026_account_charts', '0027_custom_fields']);
  });

  it('serves a valid OpenAPI 3.1 document that lists every API route', async () => {
    const response = await new Client(server.url).get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result, null, 1).slice(0, 2000)).toBe(true);
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const routes = server.app.accessTable.filter((r) => r.url !== '/api/v1/openapi.json').map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect(documented, route).toContain(route);
    const docs = await new Client(server.url).get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('answers malformed requests with problems, never 5xx, and changes nothing', async () => {
    const raw = async (method: string, path: string, body: string | undefined, contentType?: string) => {
      const headers: Record<string, string> = { cookie: owner.cookie ?? '' };
      if (contentType) headers['content-type'] = contentType;
      const response = await fetch(server.url + path, { method, headers, body });
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as any };
    };
    await expectUnchanged(server, async () => {
      const badJson = await raw('POST', '/api/v1/customers', '{"name": ', 'application/json');
      expect(badJson.status).toBe(400);
      expect(badJson.type).toContain('application/problem+json');
      expect(badJson.body.errors[0].path).toBe('body');

      const empty = await raw('POST', '/api/v1/customers', '', 'application/json');
      expect(empty.status).toBe(422);
      expect(empty.body.errors[0].path).toBe('body');

      const xml = await raw('POST', '/api/v1/customers', '<name>x</name>', 'application/xml');
      expect(xml.status).toBe(415);

      const huge = await raw('POST', '/api/v1/customers', JSON.stringify({ name: 'x'.repeat(6 * 1024 * 1024) }), 'application/json');
      expect(huge.status).toBe(413);
      expect(huge.type).toContain('application/problem+json');

      const wrongType = await raw('POST', '/api/v1/customers', '"just a string"', 'application/json');
      expect(wrongType.status).toBe(422);

      const nul = await raw('GET', '/api/v1/customers/%00', undefined);
      expect(nul.status).toBeLessThan(500);

      const unknown = await raw('GET', '/api/v1/nothing-here', undefined);
      expect(unknown.status).toBe(404);
      expect(unknown.type).toContain('application/problem+json');

      const proto = await raw('POST', '/api/v1/customers', '{"name":"A","__proto__":{"admin":true}}', 'application/json');
      expect(proto.status).toBeGreaterThanOrEqual(400);
      expect(proto.status).toBeLessThan(500);
    });
  });
});
