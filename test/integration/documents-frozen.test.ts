/**
 * Issue "Trust", item 3: an issued invoice or credit note prints the branding it was issued
 * with, byte for byte, after the logo, accent colour, footer and bank account change; a draft
 * prints the new ones. The logo is stored once per content, and the snapshot is frozen.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import { pngImage } from '../support/images.ts';
import type { Client } from '../support/http.ts';

const popplerInstalled = spawnSync('pdftotext', ['-v']).error === undefined;
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-frozen-'));
let fileCounter = 0;

/** The PDF's text as pdftotext lays it out, with no-break spaces as plain spaces. */
function pdfText(bytes: Buffer): string {
  const file = path.join(workDir, `doc-${++fileCounter}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

async function fetchPdf(client: Client, url: string): Promise<Buffer> {
  const response = await fetch(client.baseUrl + url, { headers: { cookie: client.cookie ?? '' } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describeEachDb('issued documents keep their branding (Trust 3)', (kind) => {
  if (!popplerInstalled) {
    describe.skip('needs poppler-utils', () => undefined);
    return;
  }
  let server: TestServer;
  let owner: Client;

  async function brand(client: Client, accent: string, footer: string, iban: string, rgb: [number, number, number]) {
    const settings = await client.patch('/api/v1/organization', {
      accent_color: accent,
      document_footer: footer,
      bank_details: { account_holder: 'Acme GmbH', bank_name: 'Some Bank', iban, bic: 'COBADEFFXXX', instructions: null },
    });
    expect(settings.status, settings.text).toBe(200);
    const logo = await fetch(`${server.url}/api/v1/organization/logo`, {
      method: 'PUT',
      headers: { cookie: client.cookie ?? '', 'content-type': 'image/png' },
      body: pngImage(120, 40, rgb),
    });
    expect(logo.status, await logo.text()).toBeLessThan(300);
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('re-renders an issued invoice and its credit note byte-identical after a rebranding; a draft shows the new branding', async () => {
    await brand(owner, '#1a7f5a', 'Old footer · HRB 11111', 'DE89370400440532013000', [200, 20, 20]);
    const issued = await finalizedInvoice(owner, { lines: [{ description: 'Work', quantity: '1', unit_price: '100.00' }] });
    const note = await owner.post(`/api/v1/invoices/${issued.id}/credit-notes`, { amount: '10.00', reason: 'Goodwill' });
    expect(note.status, note.text).toBe(201);
    const draft = await draftInvoice(owner);
    const invoiceBefore = await fetchPdf(owner, `/api/v1/invoices/${issued.id}/pdf`);
    const noteBefore = await fetchPdf(owner, `/api/v1/credit-notes/${note.body.id}/pdf`);
    const htmlBefore = (await owner.get(`/api/v1/invoices/${issued.id}/preview`)).text;
    expect(pdfText(invoiceBefore)).toContain('Old footer');

    await brand(owner, '#aa3300', 'New footer · HRB 22222', 'GB82WEST12345698765432', [20, 20, 200]);
    const invoiceAfter = await fetchPdf(owner, `/api/v1/invoices/${issued.id}/pdf`);
    expect(invoiceAfter.equals(invoiceBefore)).toBe(true);
    expect((await fetchPdf(owner, `/api/v1/credit-notes/${note.body.id}/pdf`)).equals(noteBefore)).toBe(true);
    expect((await owner.get(`/api/v1/invoices/${issued.id}/preview`)).text).toBe(htmlBefore);

    const draftText = pdfText(await fetchPdf(owner, `/api/v1/invoices/${draft.id}/pdf`));
    expect(draftText).toContain('New footer');
    expect(draftText).toContain('GB82 WEST 1234 5698 7654 32');
    expect(draftText).not.toContain('Old footer');
    const draftHtml = (await owner.get(`/api/v1/invoices/${draft.id}/preview`)).text;
    expect(draftHtml).toContain('#aa3300');

    // Finalizing the draft now freezes the new branding.
    const finalized = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
    expect(finalized.status, finalized.text).toBe(200);
    expect(pdfText(await fetchPdf(owner, `/api/v1/invoices/${draft.id}/pdf`))).toContain('New footer');
  });

  it('stores each logo once, however many documents print it, and refuses changing a frozen snapshot', async () => {
    const before = await server.db.kysely.selectFrom('document_assets').select('sha256').execute();
    const first = await finalizedInvoice(owner);
    await finalizedInvoice(owner);
    await finalizedInvoice(owner);
    const after = await server.db.kysely.selectFrom('document_assets').select('sha256').execute();
    expect(after.length).toBe(before.length);
    const row = await server.db.kysely.selectFrom('invoices').select('branding_snapshot').where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.branding_snapshot ?? 'null')).toMatchObject({ accent_color: '#aa3300', logo: { content_type: 'image/png' }, locale: 'en' });
    await expect(server.db.kysely.updateTable('invoices').set({ branding_snapshot: '{}' }).where('id', '=', first.id).execute()).rejects.toThrow(/never change/);
    const note = (await owner.post(`/api/v1/invoices/${first.id}/credit-notes`, { amount: '1.00', reason: 'x' })).body;
    await expect(server.db.kysely.updateTable('credit_notes').set({ branding_snapshot: '{}' }).where('id', '=', note.id).execute()).rejects.toThrow(/never change/);
    const lined = await finalizedInvoice(owner);
    const byLine = await owner.post(`/api/v1/invoices/${lined.id}/credit-notes`, { reason: 'Returned', lines: [{ invoice_line_id: lined.lines[0].id }] });
    expect(byLine.status, byLine.text).toBe(201);
    await expect(server.db.kysely.deleteFrom('credit_note_lines').where('credit_note_id', '=', byLine.body.id).execute()).rejects.toThrow(/never change/);
  });
});
