/**
 * Finalizing over HTTP: numbering without gaps or duplicates (also under 50 concurrent
 * requests), frozen snapshots, due dates from payment terms, the 409s of a finalized
 * invoice, the database triggers behind them, and void / uncollectible.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizeInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('invoice finalization', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  /** An organization of its own, so its number series starts at 1. */
  async function freshOrganization(name: string, format: string): Promise<Client> {
    const org = await secondOrganization(owner, name);
    const settings = await org.patch('/api/v1/organization', { invoice_number_format: format });
    expect(settings.status, settings.text).toBe(200);
    return org;
  }

  it('numbers invoices by the organization’s format, per year when the format shows one', async () => {
    const org = await freshOrganization('Numbering Ltd', 'INV-{YYYY}-{SEQ:5}');
    const first = await finalizedInvoice(org);
    const second = await finalizedInvoice(org);
    expect([first.number, second.number]).toEqual(['INV-2026-00001', 'INV-2026-00002']);
    // Another year is another series; drafts and deleted drafts take no number.
    const deleted = await draftInvoice(org);
    expect((await org.delete(`/api/v1/invoices/${deleted.id}`)).status).toBe(204);
    expect((await finalizedInvoice(org, { issue_date: '2025-12-31' })).number).toBe('INV-2025-00001');
    expect((await finalizedInvoice(org)).number).toBe('INV-2026-00003');

    const plain = await freshOrganization('Plain Numbers Ltd', 'R{SEQ}');
    expect((await finalizedInvoice(plain, { issue_date: '2025-06-01' })).number).toBe('R1');
    expect((await finalizedInvoice(plain)).number).toBe('R2');
    // The other organization's series is its own.
    expect((await finalizedInvoice(org)).number).toBe('INV-2026-00004');
  });

  it('freezes the document: dates, totals, customer and seller snapshots', async () => {
    const rate = await createTaxRate(owner, { percentage: '19' });
    const termsCustomer = await createCustomer(owner, { name: 'Terms Customer', payment_terms_days: 14, tax_id: 'ATU1234' });
    const draft = await draftInvoice(owner, {
      customerId: termsCustomer.id,
      lines: [{ description: 'Work', quantity: '1', unit_price: '200', tax_rate_id: rate.id }],
    });
    const before = (await owner.get('/api/v1/audit-events?action=invoice.finalized')).body.data.length;
    const issued = await finalizeInvoice(owner, draft.id);
    expect(issued).toMatchObject({
      status: 'open',
      number: expect.stringMatching(/^INV-2026-\d{5}$/),
      issue_date: '2026-11-23',
      due_date: '2026-12-07',
      subtotal: '200.00',
      tax_total: '38.00',
      total: '238.00',
      amount_due: '238.00',
      finalized_at: '2026-11-23T10:00:00.000Z',
      paid_at: null,
      customer: { id: termsCustomer.id, name: 'Terms Customer', tax_id: 'ATU1234' },
    });
    expect(issued.lines).toEqual(draft.lines);

    // Renaming the customer and the organization, or changing the rate, changes nothing issued.
    await owner.patch(`/api/v1/customers/${termsCustomer.id}`, { name: 'Renamed Customer', tax_id: null });
    await owner.patch('/api/v1/organization', { name: 'Renamed Seller GmbH' });
    await owner.patch(`/api/v1/tax-rates/${rate.id}`, { percentage: '16' });
    try {
      const read = await owner.get(`/api/v1/invoices/${draft.id}`);
      expect(read.body).toEqual(issued);
      const html = (await owner.get(`/api/v1/invoices/${draft.id}/preview`)).text;
      expect(html).toContain('Terms Customer');
      expect(html).toContain('Acme GmbH');
      expect(html).not.toContain('Renamed');
    } finally {
      await owner.patch('/api/v1/organization', { name: 'Acme GmbH' });
    }

    const audit = (await owner.get('/api/v1/audit-events?action=invoice.finalized')).body.data;
    expect(audit.length).toBe(before + 1);
    expect(audit[0]).toMatchObject({ resource_id: draft.id, before: { status: 'draft', number: null }, after: { status: 'open', number: issued.number } });

    // Without customer terms, the organization's (30 days) apply; a given issue date is kept.
    // (In an organization of its own: issue dates never go backwards within a number series.)
    const fresh = await secondOrganization(owner, 'Terms Ltd');
    const orgTerms = await finalizedInvoice(fresh, { issue_date: '2026-11-01' });
    expect([orgTerms.issue_date, orgTerms.due_date]).toEqual(['2026-11-01', '2026-12-01']);
    const given = await finalizedInvoice(fresh, { issue_date: '2026-11-10', due_date: '2026-11-10' });
    expect([given.issue_date, given.due_date]).toEqual(['2026-11-10', '2026-11-10']);
  });

  it('settles a zero-total invoice at once', async () => {
    const free = await finalizedInvoice(owner, { lines: [{ description: 'Free sample', quantity: '1', unit_price: '0' }] });
    expect(free).toMatchObject({ status: 'paid', total: '0.00', amount_due: '0.00', paid_at: '2026-11-23T10:00:00.000Z', overdue: false });
  });

  it('refuses to change, delete or finalize again a finalized invoice (409), and changes nothing', async () => {
    const issued = await finalizedInvoice(owner);
    await expectUnchanged(server, async () => {
      const patch = await owner.patch(`/api/v1/invoices/${issued.id}`, { notes: 'changed' });
      expect(patch.status).toBe(409);
      expect(patch.headers.get('content-type')).toContain('application/problem+json');
      expect(patch.body.detail).toBe(
        'This invoice cannot be changed: the invoice is open; finalized invoices never change (issue a credit note to correct one)',
      );
      const del = await owner.delete(`/api/v1/invoices/${issued.id}`);
      expect(del.status).toBe(409);
      expect(del.body.detail).toContain('cannot be deleted');
      const again = await owner.post(`/api/v1/invoices/${issued.id}/finalize`);
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain('cannot be finalized');
      const customer = await owner.delete(`/api/v1/customers/${issued.customer_id}`);
      expect(customer.status).toBe(409);
    });
    expect((await owner.get(`/api/v1/invoices/${issued.id}`)).body).toEqual(issued);
  });

  it('refuses to finalize an empty draft, or one due before it is issued', async () => {
    const empty = await draftInvoice(owner, { lines: [] });
    const lateDue = await draftInvoice(owner, { due_date: '2026-11-01' });
    await expectUnchanged(server, async () => {
      const noLines = await owner.post(`/api/v1/invoices/${empty.id}/finalize`);
      expect(noLines.status).toBe(409);
      expect(noLines.body.detail).toContain('at least one line');
      // Issued today (2026-11-23), it would be due before its issue date.
      const late = await owner.post(`/api/v1/invoices/${lateDue.id}/finalize`);
      expect(late.status).toBe(409);
      expect(late.body.errors).toEqual([{ path: 'due_date', message: 'must not be before the issue date (2026-11-23)' }]);
    });
  });

  it('refuses to issue figures other than those last saved, after a tax rate changed', async () => {
    const rate = await createTaxRate(owner, { percentage: '10', name: 'Changing rate' });
    const draft = await draftInvoice(owner, { lines: [{ description: 'Item', quantity: '1', unit_price: '100', tax_rate_id: rate.id }] });
    expect(draft.total).toBe('110.00');
    await owner.patch(`/api/v1/tax-rates/${rate.id}`, { percentage: '12' });
    await expectUnchanged(server, async () => {
      const refused = await owner.post(`/api/v1/invoices/${draft.id}/finalize`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('Changing rate');
    });
    // Saving the draft again applies the current rate; then it is issued as saved.
    const saved = await owner.patch(`/api/v1/invoices/${draft.id}`, {});
    expect(saved.body).toMatchObject({ tax_total: '12.00', total: '112.00' });
    expect(saved.body.lines[0].tax.percentage).toBe('12');
    expect((await finalizeInvoice(owner, draft.id)).total).toBe('112.00');
  });

  it('guards finalized invoices in the database too (triggers), while drafts and money columns stay writable', async () => {
    const issued = await finalizedInvoice(owner);
    const draft = await draftInvoice(owner);
    const db = server.db.kysely;
    const refused = async (statement: Promise<unknown>) => {
      await expect(statement).rejects.toThrow(/never change/);
    };
    await expectUnchanged(server, async () => {
      await refused(db.updateTable('invoices').set({ total: 1 }).where('id', '=', issued.id).execute());
      await refused(db.updateTable('invoices').set({ number: 'X-1' }).where('id', '=', issued.id).execute());
      await refused(db.updateTable('invoices').set({ customer_snapshot: '{}' }).where('id', '=', issued.id).execute());
      await refused(db.updateTable('invoices').set({ status: 'draft' }).where('id', '=', issued.id).execute());
      await refused(db.deleteFrom('invoices').where('id', '=', issued.id).execute());
      await refused(db.updateTable('invoice_lines').set({ net_amount: 1 }).where('invoice_id', '=', issued.id).execute());
      await refused(db.updateTable('invoice_lines').set({ invoice_id: issued.id }).where('invoice_id', '=', draft.id).execute());
      await refused(db.deleteFrom('invoice_lines').where('invoice_id', '=', issued.id).execute());
      const line = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', issued.id).executeTakeFirstOrThrow();
      await refused(db.insertInto('invoice_lines').values({ ...line, id: 'lin_sneaky', position: 9 }).execute());
      await refused(
        db
          .insertInto('invoice_adjustments')
          .values({
            id: 'adj_sneaky',
            organization_id: line.organization_id,
            invoice_id: issued.id,
            kind: 'allowance',
            position: 0,
            reason: 'Sneaky',
            amount: 100,
            net_amount: 100,
            tax_rate_id: null,
            tax_name: null,
            tax_category: 'O',
            tax_percentage: '0',
            tax_exemption_reason: null,
          })
          .execute(),
      );
    });
    // A draft is free to change; a finalized invoice's money and status columns too.
    await db.updateTable('invoices').set({ notes: 'edited in SQL' }).where('id', '=', draft.id).execute();
    await db.updateTable('invoice_lines').set({ description: 'edited' }).where('invoice_id', '=', draft.id).execute();
    await sql`update invoices set amount_paid = 4000, amount_due = 6000, status = 'partially_paid' where id = ${issued.id}`.execute(db);
    expect((await owner.get(`/api/v1/invoices/${issued.id}`)).body).toMatchObject({ status: 'partially_paid', amount_paid: '40.00', amount_due: '60.00' });
  });

  it('keeps a product used on issued invoices (archive it instead), and the lines keep their own copy', async () => {
    const product = (await owner.post('/api/v1/products', { name: 'Short-lived', unit_price: '12' })).body;
    const issued = await finalizedInvoice(owner, { lines: [{ product_id: product.id, quantity: '2' }] });
    expect(issued.lines[0]).toMatchObject({ product_id: product.id, description: 'Short-lived', net_amount: '24.00' });
    expect((await owner.delete(`/api/v1/products/${product.id}`)).status).toBe(409);
    expect((await owner.patch(`/api/v1/products/${product.id}`, { name: 'Renamed', unit_price: '99' })).status).toBe(200);
    const read = (await owner.get(`/api/v1/invoices/${issued.id}`)).body;
    expect(read.lines[0]).toMatchObject({ product_id: product.id, description: 'Short-lived', unit_price: '12.00', net_amount: '24.00' });
    expect(read.total).toBe('24.00');
  });

  it('voids an open invoice and marks invoices uncollectible, refusing illegal transitions (409)', async () => {
    const toVoid = await finalizedInvoice(owner);
    const voided = await owner.post(`/api/v1/invoices/${toVoid.id}/void`);
    expect(voided.status, voided.text).toBe(200);
    expect(voided.body).toMatchObject({
      status: 'void',
      number: toVoid.number,
      total: '100.00',
      amount_due: '0.00',
      voided_at: '2026-11-23T10:00:00.000Z',
      overdue: false,
    });
    expect(voided.body.lines).toEqual(toVoid.lines);

    const lost = await finalizedInvoice(owner);
    const marked = await owner.post(`/api/v1/invoices/${lost.id}/mark-uncollectible`);
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toMatchObject({ status: 'uncollectible', amount_due: '100.00', uncollectible_at: '2026-11-23T10:00:00.000Z' });

    const partly = await finalizedInvoice(owner);
    await sql`update invoices set amount_paid = 3000, amount_due = 7000, status = 'partially_paid' where id = ${partly.id}`.execute(server.db.kysely);
    const draft = await draftInvoice(owner);

    await expectUnchanged(server, async () => {
      const cases: [string, string, string][] = [
        [toVoid.id, 'void', 'only an open invoice can be voided; this one is void'],
        [toVoid.id, 'mark-uncollectible', 'only an open or partially paid invoice can be marked uncollectible; this one is void'],
        [lost.id, 'void', 'only an open invoice can be voided; this one is uncollectible'],
        [lost.id, 'mark-uncollectible', 'this one is uncollectible'],
        [partly.id, 'void', 'only an open invoice can be voided; this one is partially paid'],
        [draft.id, 'void', 'this one is draft'],
        [draft.id, 'mark-uncollectible', 'this one is draft'],
      ];
      for (const [id, action, message] of cases) {
        const response = await owner.post(`/api/v1/invoices/${id}/${action}`);
        expect(response.status, `${action} ${id}`).toBe(409);
        expect(response.body.detail).toContain(message);
      }
    });
    expect((await owner.post(`/api/v1/invoices/${partly.id}/mark-uncollectible`)).body).toMatchObject({ status: 'uncollectible', amount_due: '70.00' });

    const actions = async (id: string) =>
      (await owner.get(`/api/v1/audit-events?resource_id=${id}`)).body.data.map((e: { action: string }) => e.action);
    expect(await actions(toVoid.id)).toEqual(['invoice.voided', 'invoice.finalized', 'invoice.created']);
    expect(await actions(lost.id)).toEqual(['invoice.marked_uncollectible', 'invoice.finalized', 'invoice.created']);
  });

  it('gives 50 concurrent finalizations 50 consecutive, unique numbers', async () => {
    const org = await freshOrganization('Concurrency Ltd', 'C-{SEQ:3}');
    const customer = await createCustomer(org);
    const drafts = await Promise.all(Array.from({ length: 50 }, () => draftInvoice(org, { customerId: customer.id })));
    // A few more requests that fail (finalizing twice) race with them and must not burn numbers.
    const responses = await Promise.all([
      ...drafts.map((d) => org.post(`/api/v1/invoices/${d.id}/finalize`)),
      ...drafts.slice(0, 5).map((d) => org.post(`/api/v1/invoices/${d.id}/finalize`)),
    ]);
    const ok = responses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(50);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(5);
    const numbers = ok.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `C-${String(i + 1).padStart(3, '0')}`));
    expect((await finalizedInvoice(org, { customerId: customer.id })).number).toBe('C-051');
    // Each is chained in the transaction that numbered it: the chain follows the numbers, no gap, and verifies.
    const orgId = (await org.get('/api/v1/auth/me')).body.organization.id as string;
    const chain = await server.db.kysely.selectFrom('document_chain').select(['seq', 'number']).where('organization_id', '=', orgId).orderBy('seq').execute();
    expect(chain).toEqual(Array.from({ length: 51 }, (_, i) => ({ seq: i + 1, number: `C-${String(i + 1).padStart(3, '0')}` })));
    expect((await org.get('/api/v1/integrity')).body).toMatchObject({ verified: true, documents: 51 });
  });
});
