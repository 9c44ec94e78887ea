/**
 * The report summary tables (migration 0006), maintained event by event inside the
 * documents' transactions, equal a full recomputation from the documents (the rebuild)
 * after a varied sequence of operations through the API, on both databases: finalize with
 * products, rates, allowances and charges; partial, full, back-dated and post-dated payments;
 * overpayment to customer credit, credit applied, refunds out of credit and out of the
 * invoice; credit notes on open and paid invoices; void (with a credit note, and after a
 * refunded payment); uncollectible, then paid after the write-off; a customer's first invoice
 * moved earlier and back; a tax rate renamed between two invoices of one day. Another
 * organization's summaries are never touched.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUMMARY_TABLES } from '../../src/modules/reports/summaries/changes.ts';
import { rebuildReportSummaries } from '../../src/modules/reports/summaries/rebuild.ts';
import { snapshot, type Row } from '../support/summaries.ts';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('report summaries', (kind) => {
  let server: TestServer;
  let owner: Client;
  let orgId: string;

  const ok = async (response: Promise<{ status: number; text: string; body: any }>, status = 200) => {
    const r = await response;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  const at = (iso: string) => server.clock.set(`${iso}T10:00:00.000Z`);
  const pay = (invoiceId: string, amount: string, date: string, extra: Record<string, unknown> = {}) =>
    ok(owner.post('/api/v1/payments', { invoice_id: invoiceId, amount, date, method: 'bank_transfer', ...extra }), 201);
  const due = async (invoiceId: string): Promise<string> => (await ok(owner.get(`/api/v1/invoices/${invoiceId}`))).amount_due as string;
  const refund = (paymentId: string, amount: string) => ok(owner.post(`/api/v1/payments/${paymentId}/refund`, { amount, reason: 'Refund' }));
  const credit = (invoiceId: string, amount: string, issue_date: string, tax_rate_id?: string) =>
    ok(owner.post(`/api/v1/invoices/${invoiceId}/credit-notes`, { amount, tax_rate_id, reason: 'Correction', issue_date }), 201);

  /** The maintained tables equal the rebuilt ones (which then stay in place for the next steps). */
  async function expectMatchesRebuild(): Promise<Record<string, Row[]>> {
    const maintained = await snapshot(server.db, orgId);
    await server.db.kysely.transaction().execute((trx) => rebuildReportSummaries(trx, kind, orgId));
    const rebuilt = await snapshot(server.db, orgId);
    expect(maintained).toEqual(rebuilt);
    return rebuilt;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url, { currency: 'EUR' });
    orgId = (await ok(owner.get('/api/v1/auth/me'))).organization.id as string;
  });
  afterAll(() => server.close());

  it('equal a full recomputation after every kind of document event', async () => {
    const other = await secondOrganization(owner);
    const foreign = await finalizedInvoice(other, { currency: 'USD', issue_date: '2026-10-01', lines: [{ description: 'X', quantity: '3', unit_price: '70.00' }] });
    await ok(other.post('/api/v1/payments', { invoice_id: foreign.id, amount: '20.00', date: '2026-10-02', method: 'card' }), 201);
    const otherOrgId = (await ok(other.get('/api/v1/auth/me'))).organization.id as string;
    const foreignBefore = await snapshot(server.db, otherOrgId);

    const standard = await createTaxRate(owner, { name: 'VAT 19', percentage: '19' });
    const reduced = await createTaxRate(owner, { name: 'VAT 7', percentage: '7' });
    // A line without a rate would be category O, which cannot stand beside taxed lines (BR-O-11).
    const exempt = await createTaxRate(owner, { name: 'Exempt', percentage: '0', category: 'E', exemption_reason: 'Passed-on travel costs' });
    const product = async (name: string, unit_price: string, tax_rate_id: string) => (await ok(owner.post('/api/v1/products', { name, unit_price, tax_rate_id }), 201)).id as string;
    const consulting = await product('Consulting', '100.00', standard.id);
    const books = await product('Books', '10.00', reduced.id);
    const alice = (await createCustomer(owner, { name: 'Alice' })).id as string;
    const bob = (await createCustomer(owner, { name: 'Bob' })).id as string;
    const carol = (await createCustomer(owner, { name: 'Carol' })).id as string;
    const usd = (await createCustomer(owner, { name: 'Uma', currency: 'USD' })).id as string;

    // ── Sales, credit notes on an open and on a paid invoice, partial and full payments ──
    at('2026-09-01');
    const inv1 = await finalizedInvoice(owner, {
      customerId: alice,
      issue_date: '2026-09-01',
      lines: [
        { product_id: consulting, description: 'Consulting', quantity: '1.5', unit_price: '100.00', tax_rate_id: standard.id },
        { product_id: books, description: 'Books', quantity: '2', unit_price: '10.00', tax_rate_id: reduced.id, discount: '10%' },
        { description: 'Travel', quantity: '1', unit_price: '50.00', tax_rate_id: exempt.id },
      ],
      allowances: [{ reason: 'Loyalty', amount: '10.00', tax_rate_id: standard.id }],
      charges: [{ reason: 'Shipping', amount: '5.00', tax_rate_id: standard.id }],
    });
    await pay(inv1.id, '50.00', '2026-09-10');
    at('2026-09-15');
    await credit(inv1.id, '20.00', '2026-09-15', standard.id);
    await pay(inv1.id, await due(inv1.id), '2026-09-20');
    await credit(inv1.id, '10.00', '2026-09-25', standard.id); // on a paid invoice: customer credit
    let state = await expectMatchesRebuild();
    expect(state.report_paid).toHaveLength(1);

    // ── Overpayment, refund out of credit, credit applied, refund out of the invoice ──
    at('2026-10-05');
    const inv2 = await finalizedInvoice(owner, { customerId: bob, issue_date: '2026-10-05', lines: [{ product_id: consulting, description: 'C', quantity: '3', unit_price: '100.00', tax_rate_id: standard.id }] });
    const over = await pay(inv2.id, (Number(await due(inv2.id)) + 100).toFixed(2), '2026-10-06', { allow_overpayment: true });
    at('2026-10-10');
    await refund(over.id, '60.00');
    at('2026-10-20');
    const inv3 = await finalizedInvoice(owner, { customerId: bob, issue_date: '2026-10-20', lines: [{ description: 'Support', quantity: '1', unit_price: '200.00' }] });
    await ok(owner.post(`/api/v1/invoices/${inv3.id}/apply-credit`, {}), 201);
    at('2026-10-25');
    await refund(over.id, '50.00'); // out of what paid the invoice: paid → partially paid
    await pay(inv3.id, '30.00', '2026-12-15'); // post-dated
    state = await expectMatchesRebuild();

    // ── Uncollectible: payments before and after the write-off, a back-dated one, paid in full at last ──
    // Issued in 2025 (its own number series): issue dates never go backwards within a series.
    at('2025-08-01');
    const inv4 = await finalizedInvoice(owner, { customerId: usd, issue_date: '2025-08-01', due_date: '2025-08-31', lines: [{ description: 'Audit', quantity: '1', unit_price: '500.00' }] });
    await pay(inv4.id, '30.00', '2025-08-15');
    at('2026-11-01');
    await ok(owner.post(`/api/v1/invoices/${inv4.id}/mark-uncollectible`, {}));
    await ok(owner.post(`/api/v1/invoices/${inv3.id}/mark-uncollectible`, {})); // its post-dated payment is after the write-off
    await pay(inv4.id, '40.00', '2026-11-05');
    await pay(inv4.id, '25.00', '2026-10-01'); // back-dated before the write-off
    await pay(inv4.id, await due(inv4.id), '2026-11-06');
    state = await expectMatchesRebuild();

    // ── Void: one with a credit note, one whose payment was refunded ──
    at('2026-11-02');
    const inv5 = await finalizedInvoice(owner, { customerId: alice, issue_date: '2026-11-02', lines: [{ product_id: books, description: 'B', quantity: '4', unit_price: '10.00', tax_rate_id: reduced.id }] });
    await credit(inv5.id, '5.00', '2026-11-03');
    await ok(owner.post(`/api/v1/invoices/${inv5.id}/void`, { reason: 'Duplicate' }));
    const inv6 = await finalizedInvoice(owner, { customerId: alice, issue_date: '2026-11-02', lines: [{ description: 'Fee', quantity: '1', unit_price: '20.00' }] });
    const feePayment = await pay(inv6.id, '20.00', '2026-11-02');
    await refund(feePayment.id, '20.00');
    await ok(owner.post(`/api/v1/invoices/${inv6.id}/void`, { reason: 'Waived' }));
    state = await expectMatchesRebuild();

    // ── New and returning: a first invoice moved earlier, then voided; a zero invoice ──
    at('2026-11-10');
    await finalizedInvoice(owner, { customerId: carol, issue_date: '2026-11-10', lines: [{ description: 'Work', quantity: '1', unit_price: '80.00' }] });
    await finalizedInvoice(owner, { customerId: carol, currency: 'USD', issue_date: '2026-11-11', lines: [{ description: 'Work', quantity: '1', unit_price: '15.00' }] });
    const early = await finalizedInvoice(owner, { customerId: carol, issue_date: '2025-09-15', lines: [{ description: 'Work', quantity: '1', unit_price: '60.00' }] });
    state = await expectMatchesRebuild();
    expect((state.report_monthly_customers ?? []).filter((r) => r.month === '2026-11' && r.new_customers === 1)).toHaveLength(0);
    await ok(owner.post(`/api/v1/invoices/${early.id}/void`, { reason: 'Wrong date' }));
    await finalizedInvoice(owner, { customerId: bob, issue_date: '2026-11-11', lines: [{ description: 'Free', quantity: '1', unit_price: '0.00' }] });
    state = await expectMatchesRebuild();
    expect((state.report_monthly_customers ?? []).filter((r) => r.month === '2026-11' && r.new_customers === 1).map((r) => r.currency)).toEqual(['EUR', 'USD']);

    // ── A rate renamed between two invoices of one day; the later one voided ──
    const named = async () => {
      const rows = await server.db.kysely.selectFrom('report_daily_taxes').select('name').where('organization_id', '=', orgId).where('day', '=', '2026-11-12').where('tax_rate_key', '=', standard.id).execute();
      return rows.map((r) => r.name);
    };
    at('2026-11-12');
    const line = [{ product_id: consulting, description: 'C', quantity: '1', unit_price: '100.00', tax_rate_id: standard.id }];
    await finalizedInvoice(owner, { customerId: alice, issue_date: '2026-11-12', lines: line });
    await ok(owner.patch(`/api/v1/tax-rates/${standard.id}`, { name: 'VAT standard' }));
    const renamed = await finalizedInvoice(owner, { customerId: bob, issue_date: '2026-11-12', lines: line });
    expect(await named()).toEqual(['VAT standard']);
    await ok(owner.post(`/api/v1/invoices/${renamed.id}/void`, { reason: 'Duplicate' }));
    expect(await named()).toEqual(['VAT 19']);
    state = await expectMatchesRebuild();

    // Not trivially equal: every table holds figures.
    for (const table of Object.keys(SUMMARY_TABLES)) expect(state[table]?.length, table).toBeGreaterThan(0);
    expect(state.report_daily?.some((r) => r.receivable_change !== 0 && r.invoice_count === 0)).toBe(true);
    // The other organization was never touched, not even by this one's rebuilds.
    expect(await snapshot(server.db, otherOrgId)).toEqual(foreignBefore);
  });
});
