/**
 * Branding settings: accent colour, footer and bank details on the organization, and the
 * logo upload. Bad input is refused naming the field and changes nothing; the logo is
 * served back exactly, never runs anything, and stays inside its organization.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { JPEG_IMAGE, pngImage, svgImage } from '../support/images.ts';
import { draftInvoice } from '../support/billing-factories.ts';
import { expectUnchanged } from '../support/snapshots.ts';

const VALID_BANK = { account_holder: 'Acme GmbH', bank_name: 'Deutsche Bank', iban: 'de89 3704 0044 0532 0130 00', bic: 'deutdeff', instructions: 'Please quote the invoice number.' };

describeEachDb('branding settings', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  async function upload(client: Client, body: Buffer | string, contentType: string) {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (client.cookie) headers.cookie = client.cookie;
    if (client.token) headers.authorization = `Bearer ${client.token}`;
    const response = await fetch(`${server.url}/api/v1/organization/logo`, { method: 'PUT', headers, body });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : null };
  }

  async function download(client: Client) {
    const response = await fetch(`${server.url}/api/v1/organization/logo`, { headers: { cookie: client.cookie ?? '' } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('stores accent colour, footer and bank details, normalised, and audits the change', async () => {
    const response = await owner.patch('/api/v1/organization', {
      accent_color: '#1A7F5A',
      document_footer: 'Acme GmbH · Registergericht Berlin HRB 12345\nGeschäftsführer: O. Owner',
      bank_details: VALID_BANK,
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.accent_color).toBe('#1a7f5a');
    expect(response.body.document_footer).toContain('\nGeschäftsführer');
    expect(response.body.bank_details).toEqual({ ...VALID_BANK, iban: 'DE89370400440532013000', bic: 'DEUTDEFF' });
    expect(response.body.logo_url).toBeNull();

    const read = await owner.get('/api/v1/organization');
    expect(read.body.bank_details.iban).toBe('DE89370400440532013000');

    const events = await owner.get('/api/v1/audit-events?action=organization.updated');
    const last = events.body.data[0];
    expect(last.after.accent_color).toBe('#1a7f5a');
  });

  it('leaves fields a PATCH does not mention as they are', async () => {
    await owner.patch('/api/v1/organization', { tax_id: 'DE123456789', phone: '+49 30 123' });
    const response = await owner.patch('/api/v1/organization', { name: 'Acme Renamed GmbH' });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({ tax_id: 'DE123456789', phone: '+49 30 123', accent_color: '#1a7f5a' });
    expect(response.body.bank_details.iban).toBe('DE89370400440532013000');
    expect(response.body.document_footer).toContain('HRB 12345');
  });

  it.each([
    [{ accent_color: 'red' }, 'accent_color'],
    [{ accent_color: '#12345' }, 'accent_color'],
    [{ accent_color: '#1234567' }, 'accent_color'],
    [{ accent_color: 12 }, 'accent_color'],
    [{ document_footer: 'x'.repeat(1001) }, 'document_footer'],
    [{ document_footer: ['a'] }, 'document_footer'],
    [{ document_footer: 'bell\u0007' }, 'document_footer'],
    [{ bank_details: { ...VALID_BANK, iban: 'DE89370400440532013001' } }, 'bank_details.iban'],
    [{ bank_details: { iban: 'DE89 3704 0044 0532 0130' } }, 'bank_details.iban'],
    [{ bank_details: { iban: 12345 } }, 'bank_details.iban'],
    [{ bank_details: { bic: 'DEUTDEF' } }, 'bank_details.bic'],
    [{ bank_details: { bic: 'DEUTDEFF5000' } }, 'bank_details.bic'],
    [{ bank_details: { instructions: 'x'.repeat(501) } }, 'bank_details.instructions'],
    [{ bank_details: { account_holder: { name: 'x' } } }, 'bank_details.account_holder'],
    [{ bank_details: 'DE89370400440532013000' }, 'bank_details'],
    [{ bank_details: { swift: 'DEUTDEFF' } }, 'bank_details'],
    [{ logo_url: '/elsewhere.png' }, 'body'],
  ])('refuses %j naming %s, and changes nothing', async (body, field) => {
    await expectUnchanged(server, async () => {
      const response = await owner.patch('/api/v1/organization', body);
      expect(response.status, response.text).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const paths = (response.body.errors as { path: string }[]).map((e) => e.path);
      expect(paths, response.text).toContain(field);
    });
  });

  it('clears bank details with null, and with details that are all empty', async () => {
    const emptied = await owner.patch('/api/v1/organization', { bank_details: { iban: '', bic: ' ', account_holder: '' } });
    expect(emptied.status, emptied.text).toBe(200);
    expect(emptied.body.bank_details).toBeNull();
    await owner.patch('/api/v1/organization', { bank_details: VALID_BANK, accent_color: '#1a7f5a' });
    const cleared = await owner.patch('/api/v1/organization', { bank_details: null, accent_color: null, document_footer: '' });
    expect(cleared.body).toMatchObject({ bank_details: null, accent_color: null, document_footer: null });
  });

  it('accepts a PNG, a JPEG and an SVG logo and serves each back exactly, with its type', async () => {
    const cases: [Buffer, string][] = [
      [pngImage(), 'image/png'],
      [JPEG_IMAGE, 'image/jpeg'],
      [svgImage('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="fill:url(#g)"/><use href="#g"/><image href="data:image/png;base64,AAAA"/>'), 'image/svg+xml'],
    ];
    // A draft prints the live logo (an issued invoice keeps the one it was issued with).
    const invoice = await draftInvoice(owner);
    for (const [bytes, type] of cases) {
      const put = await upload(owner, bytes, type);
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.logo_url).toMatch(/^\/api\/v1\/organization\/logo\?v=\d+$/);
      const got = await download(owner);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(type);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.bytes.equals(bytes)).toBe(true);
      if (type === 'image/svg+xml') expect(got.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      // Documents print every accepted logo.
      const preview = await owner.get(`/api/v1/invoices/${invoice.id}/preview`);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain(`data:${type};base64,`);
      const pdf = await fetch(`${server.url}/api/v1/invoices/${invoice.id}/pdf`, { headers: { cookie: owner.cookie ?? '' } });
      expect(pdf.status, type).toBe(200);
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    const org = await owner.get('/api/v1/organization');
    expect(org.body.logo_url).not.toBeNull();
    const events = await owner.get('/api/v1/audit-events?action=organization.logo_updated');
    expect(events.body.data).toHaveLength(3);
    expect(events.body.data[0].after).toEqual({ content_type: 'image/svg+xml', byte_size: cases[2]![0].length });
  });

  const refused: [string, Buffer | string, string, number][] = [
    ['a text file sent as PNG', 'hello, I am not a picture', 'image/png', 422],
    ['a PNG sent as JPEG', pngImage(), 'image/jpeg', 422],
    ['a JPEG sent as PNG', JPEG_IMAGE, 'image/png', 422],
    ['a PNG without its header chunk', Buffer.concat([pngImage().subarray(0, 8), Buffer.from('garbage that is long enough to look at')]), 'image/png', 422],
    ['a PNG of 5000 × 10 pixels', pngImage(5000, 10), 'image/png', 422],
    ['a GIF', Buffer.from('GIF89a\u0001\u0000\u0001\u0000'), 'image/gif', 415],
    ['JSON', '{"logo":"x"}', 'application/json', 415],
    ['an empty PNG', Buffer.alloc(0), 'image/png', 422],
    ['an SVG with <script>', svgImage('<script>alert(1)</script>'), 'image/svg+xml', 422],
    ['an SVG with an onload handler', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', 422],
    ['an SVG with an ONCLICK handler on a child', svgImage('<rect ONCLICK="alert(1)"/>'), 'image/svg+xml', 422],
    ['an SVG with an external href', svgImage('<image href="https://evil.example/track.png"/>'), 'image/svg+xml', 422],
    ['an SVG with an external xlink:href', svgImage('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://evil.example/s.svg#a"/>'), 'image/svg+xml', 422],
    ['an SVG link to javascript:', svgImage('<a href="&#106;avascript:alert(1)"><text>x</text></a>'), 'image/svg+xml', 422],
    ['an SVG with foreignObject', svgImage('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), 'image/svg+xml', 422],
    ['an SVG with a DOCTYPE', Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'), 'image/svg+xml', 422],
    ['an SVG importing a style sheet', svgImage('<style>@import url(https://evil.example/a.css);</style>'), 'image/svg+xml', 422],
    ['an SVG with an external url() in style', svgImage('<rect style="fill:url(https://evil.example/p)"/>'), 'image/svg+xml', 422],
    ['an SVG animating href', svgImage('<a><set attributeName="href" to="javascript:alert(1)"/></a>'), 'image/svg+xml', 422],
    ['an SVG with an xml-stylesheet', Buffer.from('<?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml', 422],
    ['HTML sent as SVG', Buffer.from('<html><body><script>alert(1)</script></body></html>'), 'image/svg+xml', 422],
    ['broken XML sent as SVG', Buffer.from('<svg><g></svg>'), 'image/svg+xml', 422],
    ['more than 512 KB', Buffer.concat([pngImage(), Buffer.alloc(512 * 1024)]), 'image/png', 413],
  ];

  it.each(refused)('refuses %s with a problem naming logo, and keeps the logo it had', async (_label, body, type, status) => {
    const before = await download(owner);
    await expectUnchanged(server, async () => {
      const response = await upload(owner, body, type);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.errors.map((e: { path: string }) => e.path), JSON.stringify(response.body)).toContain('logo');
    });
    const after = await download(owner);
    expect(after.bytes.equals(before.bytes)).toBe(true);
  });

  it('lets every member see the logo but only admins change branding', async () => {
    const viewer = await userWithRole(owner, 'viewer');
    const accountant = await userWithRole(owner, 'accountant');
    const admin = await userWithRole(owner, 'admin');
    expect((await download(viewer)).status).toBe(200);
    expect((await upload(accountant, pngImage(), 'image/png')).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/organization/logo`, { method: 'DELETE', headers: { cookie: accountant.cookie ?? '' } })).status).toBe(403);
    expect((await accountant.patch('/api/v1/organization', { accent_color: '#000000' })).status).toBe(403);
    expect((await upload(admin, pngImage(32, 32), 'image/png')).status).toBe(200);
    expect((await upload(new Client(server.url), pngImage(), 'image/png')).status).toBe(401);
  });

  it('never shows one organization the logo of another', async () => {
    const other = await secondOrganization(owner);
    expect((await download(other)).status).toBe(404);
    const org = await other.get('/api/v1/organization');
    expect(org.body.logo_url).toBeNull();
    const list = await owner.get('/api/v1/organizations');
    const logos = Object.fromEntries(list.body.data.map((o: { name: string; logo_url: string | null }) => [o.name, o.logo_url]));
    expect(logos['Other Ltd']).toBeNull();
    expect(logos['Acme Renamed GmbH']).not.toBeNull();
    // The other organization's own logo and removal leave ours alone.
    expect((await upload(other, svgImage(), 'image/svg+xml')).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/organization/logo`, { method: 'DELETE', headers: { cookie: other.cookie ?? '' } })).status).toBe(204);
    expect((await download(owner)).status).toBe(200);
  });

  it('removes the logo', async () => {
    const removed = await fetch(`${server.url}/api/v1/organization/logo`, { method: 'DELETE', headers: { cookie: owner.cookie ?? '' } });
    expect(removed.status).toBe(204);
    expect((await download(owner)).status).toBe(404);
    expect((await owner.get('/api/v1/organization')).body.logo_url).toBeNull();
    const again = await fetch(`${server.url}/api/v1/organization/logo`, { method: 'DELETE', headers: { cookie: owner.cookie ?? '' } });
    expect(again.status).toBe(404);
    const events = await owner.get('/api/v1/audit-events?action=organization.logo_removed');
    expect(events.body.data.length).toBeGreaterThanOrEqual(1);
  });
});
