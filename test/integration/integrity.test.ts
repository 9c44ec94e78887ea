/**
 * The document chain on both databases: every issued invoice, credit note, payment, refund
 * and applied credit gets an entry, GET /api/v1/integrity and `settle verify` recompute it
 * from the stored rows, and tampering behind the API (guard triggers switched off, rows
 * edited, deleted or slipped in) is found and named. Each scenario has its own organization,
 * so one tampered chain does not hide another.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import { runCli } from '../support/process.ts';
import type { Client } from '../support/http.ts';
import { chainExistingDocuments } from '../../src/modules/integrity/chain.repo.ts';

const HEX64 = /^[0-9a-f]{64}$/;

describeEachDb('document chain', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  const run = (query: string) => sql.raw(query).execute(server.db.kysely);
  const orgIdOf = async (client: Client) => (await client.get('/api/v1/auth/me')).body.organization.id as string;
  const integrity = async (client: Client) => {
    const response = await client.get('/api/v1/integrity');
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  /** The guard triggers of migrations 0003 (invoices) and 0010 (chain), switched off to tamper with the rows. */
  async function withoutGuard(guard: 'invoices' | 'document_chain', change: () => Promise<unknown>): Promise<void> {
    if (kind === 'postgres') {
      const trigger = guard === 'invoices' ? 'invoices_frozen' : 'document_chain_frozen';
      await run(`alter table ${guard} disable trigger ${trigger}`);
      try {
        await change();
      } finally {
        await run(`alter table ${guard} enable trigger ${trigger}`);
      }
      return;
    }
    await run(guard === 'invoices' ? 'drop trigger if exists invoices_frozen_update' : 'drop trigger if exists document_chain_frozen_delete');
    await change();
  }
  const post = async (client: Client, path: string, body?: unknown) => {
    const response = await client.post(path, body);
    expect(response.status, `${path}: ${response.text}`).toBeLessThan(300);
    return response.body;
  };
  const pay = (client: Client, invoiceId: string, amount: string, extra: Record<string, unknown> = {}) =>
    post(client, '/api/v1/payments', { invoice_id: invoiceId, amount, date: '2026-11-23', method: 'bank_transfer', reference: 'TX', ...extra });

  it('chains invoices, payments, refunds, credit notes and applied credit, and verifies them; erasing the customer keeps it verified', async () => {
    const org = await secondOrganization(owner, 'Books Ltd');
    const orgId = await orgIdOf(org);
    expect(await integrity(org)).toEqual({ verified: true, documents: 0, head_hash: null });

    const vat = await createTaxRate(org, { percentage: '19' });
    const customer = await createCustomer(org, { address: { line1: '1 Main St', city: 'Berlin', country: 'DE' } });
    const first = await finalizedInvoice(org, { customerId: customer.id, lines: [{ description: 'Design', quantity: '2', unit_price: '100.00', tax_rate_id: vat.id }] });
    const second = await finalizedInvoice(org, { customerId: customer.id });
    const payment = await pay(org, first.id, first.total);
    await post(org, `/api/v1/payments/${payment.id}/refund`, { amount: '38.00', reason: 'Goodwill' });
    await pay(org, second.id, '150.00', { allow_overpayment: true });
    await post(org, `/api/v1/invoices/${first.id}/credit-notes`, { amount: '10.00', reason: 'Discount' });
    await post(org, `/api/v1/invoices/${first.id}/apply-credit`, {});

    const report = await integrity(org);
    expect(report).toEqual({ verified: true, documents: 7, head_hash: expect.stringMatching(HEX64) });
    const chain = await server.db.kysely.selectFrom('document_chain').selectAll().where('organization_id', '=', orgId).orderBy('seq').execute();
    expect(chain.map((e) => [e.seq, e.type, e.number])).toEqual([
      [1, 'invoice', first.number],
      [2, 'invoice', second.number],
      [3, 'payment', null],
      [4, 'refund', null],
      [5, 'payment', null],
      [6, 'credit_note', expect.any(String)],
      [7, 'payment', null],
    ]);
    // Each entry links to the one before it; the head is the last entry.
    chain.forEach((entry, i) => expect(entry.previous_hash).toBe(i === 0 ? '0'.repeat(64) : chain[i - 1]?.hash));
    expect(report.head_hash).toBe(chain[6]?.hash);

    // GDPR erasure scrubs the customer, not the issued documents' frozen snapshots.
    expect((await org.post(`/api/v1/customers/${customer.id}/anonymize`)).status).toBe(200);
    expect(await integrity(org)).toEqual(report);
  });

  it('names an invoice whose total was edited in the database, over the API and in `settle verify`', { timeout: 60_000 }, async () => {
    const org = await secondOrganization(owner, 'Tampered Ltd');
    const customer = await createCustomer(org);
    const victim = await finalizedInvoice(org, { customerId: customer.id });
    const later = await finalizedInvoice(org, { customerId: customer.id });
    await pay(org, later.id, '100.00');
    expect(await integrity(org)).toMatchObject({ verified: true, documents: 3 });
    const before = await runCli(['verify'], server.database.url);
    expect(before.code, before.stdout + before.stderr).toBe(0);
    expect(before.stdout).toContain('Tampered Ltd');

    await withoutGuard('invoices', () => run(`update invoices set total = total - 5000, amount_due = amount_due - 5000 where id = '${victim.id}'`));

    const report = await integrity(org);
    expect(report).toMatchObject({
      verified: false,
      documents: 3,
      first_break: { type: 'invoice', id: victim.id, number: victim.number, reason: 'hash_mismatch' },
    });
    // Chains are per organization: the owner's other organization still verifies, and names nothing of this one.
    const elsewhere = await integrity(owner);
    expect(elsewhere.verified).toBe(true);
    expect(JSON.stringify(elsewhere)).not.toContain(victim.id);
    const cli = await runCli(['verify'], server.database.url);
    expect(cli.code, cli.stdout + cli.stderr).toBe(2);
    expect(cli.stdout).toMatch(new RegExp(`BROKEN .*Tampered Ltd.*hash_mismatch at invoice ${victim.id} \\(${victim.number}\\)`));
  });

  it('names a payment deleted from the database', async () => {
    const org = await secondOrganization(owner, 'Deleted Payment Ltd');
    const invoice = await finalizedInvoice(org);
    const gone = await pay(org, invoice.id, '40.00');
    await pay(org, invoice.id, '60.00');
    expect(await integrity(org)).toMatchObject({ verified: true, documents: 3 });

    await run(`delete from payments where id = '${gone.id}'`);

    expect(await integrity(org)).toMatchObject({
      verified: false,
      first_break: { type: 'payment', id: gone.id, number: null, reason: 'missing_document' },
    });
  });

  it('names a document slipped into the tables without a chain entry', async () => {
    const org = await secondOrganization(owner, 'Slipped Ltd');
    const invoice = await finalizedInvoice(org);
    const orgId = await orgIdOf(org);
    await run(
      `insert into payments (id, organization_id, invoice_id, customer_id, currency, amount, applied_amount, excess_amount, refunded_amount, date, method, reference, notes, created_at)
       values ('pay_slipped', '${orgId}', '${invoice.id}', '${invoice.customer_id}', 'USD', 100, 0, 0, 0, '2026-11-23', 'cash', null, null, '2026-11-23T11:00:00.000Z')`,
    );
    expect(await integrity(org)).toMatchObject({
      verified: false,
      documents: 1,
      first_break: { type: 'payment', id: 'pay_slipped', reason: 'missing_entry' },
    });
  });

  it('chains documents issued before the chain existed, in issue order: at start-up, or with the first new document', async () => {
    const org = await secondOrganization(owner, 'Before Ltd');
    const orgId = await orgIdOf(org);
    const invoice = await finalizedInvoice(org);
    server.clock.advance(60_000);
    const payment = await pay(org, invoice.id, '100.00');
    server.clock.advance(60_000);
    await post(org, `/api/v1/payments/${payment.id}/refund`, { amount: '20.00', reason: 'Late delivery' });
    server.clock.advance(60_000);
    await post(org, `/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '10.00', reason: 'Late delivery' });
    const issued = await integrity(org);
    expect(issued).toMatchObject({ verified: true, documents: 4 });

    // As the database was before migration 0010: documents, no chain.
    const forget = () =>
      withoutGuard('document_chain', async () => {
        await server.db.kysely.deleteFrom('document_chain').where('organization_id', '=', orgId).execute();
        await server.db.kysely.deleteFrom('document_chain_heads').where('organization_id', '=', orgId).execute();
      });
    await forget();
    expect(await integrity(org)).toMatchObject({ verified: false, documents: 0, first_break: { type: 'invoice', id: invoice.id, reason: 'missing_entry' } });

    expect(await chainExistingDocuments(server.db, server.clock)).toBe(4);
    // Issue order recovered from the documents' own timestamps: the very same chain.
    expect(await integrity(org)).toEqual(issued);
    expect(await chainExistingDocuments(server.db, server.clock)).toBe(0);

    await forget();
    server.clock.advance(60_000);
    await pay(org, invoice.id, '10.00');
    const after = await integrity(org);
    expect(after).toMatchObject({ verified: true, documents: 5 });
    const types = await server.db.kysely.selectFrom('document_chain').select('type').where('organization_id', '=', orgId).orderBy('seq').execute();
    expect(types.map((t) => t.type)).toEqual(['invoice', 'payment', 'refund', 'credit_note', 'payment']);
  });

  it('keeps a gapless, verifying chain under concurrent payments and finalizations of different customers', { timeout: 60_000 }, async () => {
    // Different customers and invoices share no lock but the chain head: it alone orders them.
    const org = await secondOrganization(owner, 'Busy Ltd');
    const orgId = await orgIdOf(org);
    const open = [];
    for (let i = 0; i < 12; i++) open.push(await finalizedInvoice(org));
    const drafts = [];
    for (let i = 0; i < 8; i++) drafts.push((await org.post('/api/v1/invoices', { customer_id: (await createCustomer(org)).id, lines: [{ description: 'Work', quantity: '1', unit_price: '10.00' }] })).body);
    const responses = await Promise.all([
      ...open.map((invoice) => org.post('/api/v1/payments', { invoice_id: invoice.id, amount: '25.00', date: '2026-11-23', method: 'card' })),
      ...drafts.map((draft) => org.post(`/api/v1/invoices/${draft.id}/finalize`)),
    ]);
    expect(responses.map((r) => r.status).filter((status) => status >= 300), responses.map((r) => r.text).join('\n').slice(0, 1000)).toEqual([]);
    const chain = await server.db.kysely.selectFrom('document_chain').select('seq').where('organization_id', '=', orgId).orderBy('seq').execute();
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 12 + 12 + 8 }, (_, i) => i + 1));
    expect(await integrity(org)).toMatchObject({ verified: true, documents: 32 });
  });

  it('refuses to change or delete chain entries', async () => {
    const org = await secondOrganization(owner, 'Guarded Ltd');
    await finalizedInvoice(org);
    const orgId = await orgIdOf(org);
    await expect(server.db.kysely.updateTable('document_chain').set({ hash: '0'.repeat(64) }).where('organization_id', '=', orgId).execute()).rejects.toThrow(/never change/);
    if (kind === 'postgres') {
      await expect(server.db.kysely.deleteFrom('document_chain').where('organization_id', '=', orgId).execute()).rejects.toThrow(/never change/);
    }
  });
});
