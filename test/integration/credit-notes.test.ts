import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice, finalizeInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

describeEachDb('credit notes', (kind) => {
  let server: TestServer;
  let owner: Client;
  let vat19: any;
  let vat7: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    vat19 = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    vat7 = await createTaxRate(owner, { percentage: '7', name: 'VAT 7%' });
  });
  afterAll(() => server.close());

  const twoRateInvoice = () =>
    finalizedInvoice(owner, {
      lines: [
        { description: 'Design work', quantity: '1', unit_price: '100.00', tax_rate_id: vat19.id },
        { description: 'Books', quantity: '2', unit_price: '50.00', tax_rate_id: vat7.id },
      ],
    });

  it('credits an amount at one of the invoice’s tax rates, in its own numbered series', async () => {
    const invoice = await twoRateInvoice();
    expect(invoice.total).toBe('226.00');
    const response = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '107.00', tax_rate_id: vat7.id, reason: 'Books returned' });
    expect(response.status, response.text).toBe(201);
    const note = response.body;
    expect(note.number).toBe('CN-2026-00001');
    expect(note.invoice_number).toBe(invoice.number);
    // 107.00 gross at 7 %: net 100.00 + tax 7.00, nothing at 19 %.
    expect(note.taxes).toEqual([
      { tax_rate_id: vat7.id, category: 'S', percentage: '7', exemption_reason: null, exemption_reason_code: null, taxable_amount: '100.00', tax_amount: '7.00' },
    ]);
    expect(note).toMatchObject({ subtotal: '100.00', tax_total: '7.00', total: '107.00', applied_amount: '107.00', credit_amount: '0.00' });

    const after = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ amount_credited: '107.00', amount_due: '119.00', status: 'open' });

    const second = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '119.00', tax_rate_id: vat19.id, reason: 'Rest' });
    expect(second.body.number).toBe('CN-2026-00002');
    const settled = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(settled).toMatchObject({ amount_credited: '226.00', amount_due: '0.00', status: 'paid' });
  });

  it('credits invoice lines, whole or in part', async () => {
    const invoice = await twoRateInvoice();
    const booksLine = invoice.lines.find((l: any) => l.description === 'Books');
    const response = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, {
      reason: 'One book returned',
      lines: [{ invoice_line_id: booksLine.id, quantity: '1' }],
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ subtotal: '50.00', tax_total: '3.50', total: '53.50' });
    expect(response.body.lines[0]).toMatchObject({ invoice_line_id: booksLine.id, description: 'Books', quantity: '1', net_amount: '50.00' });
    const tooMany = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, {
      reason: 'x',
      lines: [{ invoice_line_id: booksLine.id, quantity: '3' }],
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].path).toBe('lines.0.quantity');
  });

  it('never credits more than is left, and credits beyond the amount due become customer credit', async () => {
    const invoice = await finalizedInvoice(owner, { lines: [{ description: 'Work', quantity: '1', unit_price: '100.00', tax_rate_id: vat19.id }] });
    await expectUnchanged(server, async () => {
      const over = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '119.01', reason: 'Too much' });
      expect(over.status).toBe(409);
      expect(over.body.errors[0].path).toBe('amount');
    });
    const paid = await owner.post('/api/v1/payments', { invoice_id: invoice.id, amount: '119.00', date: '2026-11-20', method: 'bank_transfer' });
    expect(paid.status, paid.text).toBe(201);
    const note = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '11.90', reason: 'Discount after payment' });
    expect(note.body).toMatchObject({ total: '11.90', applied_amount: '0.00', credit_amount: '11.90' });
    const customer = (await owner.get(`/api/v1/customers/${invoice.customer_id}`)).body;
    expect(customer.balances).toEqual([{ currency: 'EUR', outstanding: '0.00', credit: '11.90' }]);
  });

  it('refuses drafts and void invoices', async () => {
    const draft = await draftInvoice(owner);
    expect((await owner.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amount: '1.00', reason: 'x' })).status).toBe(409);
    const voided = await finalizedInvoice(owner);
    expect((await owner.post(`/api/v1/invoices/${voided.id}/void`)).status).toBe(200);
    expect((await owner.post(`/api/v1/invoices/${voided.id}/credit-notes`, { amount: '1.00', reason: 'x' })).status).toBe(409);
  });

  it('lists credit notes, renders them escaped, and keeps them immutable', async () => {
    const customer = await createCustomer(owner, { name: '<script>alert(1)</script>' });
    const invoice = await finalizeInvoice(owner, (await draftInvoice(owner, { customerId: customer.id })).id);
    const note = (await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '10.00', reason: '<img src=x onerror=alert(1)>' })).body;
    const list = await owner.get(`/api/v1/credit-notes?invoice_id=${invoice.id}`);
    expect(list.body.data.map((n: any) => n.id)).toEqual([note.id]);
    const byCustomer = await owner.get(`/api/v1/credit-notes?customer_id=${customer.id}`);
    expect(byCustomer.body.data).toHaveLength(1);
    const preview = await owner.get(`/api/v1/credit-notes/${note.id}/preview`);
    expect(preview.headers.get('content-type')).toContain('text/html');
    expect(preview.text).toContain('Credit note CN-');
    expect(preview.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview.text).not.toContain('<script>');
    expect(preview.text).not.toContain('<img src=x');
    expect((await owner.patch(`/api/v1/credit-notes/${note.id}`, { reason: 'changed' })).status).toBe(404);
    // The database refuses changes too, whatever code path tries.
    await expect(server.db.kysely.updateTable('credit_notes').set({ total: 1 }).where('id', '=', note.id).execute()).rejects.toThrow(/never change/);
    await expect(server.db.kysely.deleteFrom('credit_notes').where('id', '=', note.id).execute()).rejects.toThrow(/never change/);
    expect((await owner.delete(`/api/v1/credit-notes/${note.id}`)).status).toBe(404);
  });

  it('rejects bad input naming the field and changes nothing', async () => {
    const invoice = await twoRateInvoice();
    const cases: [unknown, string][] = [
      [{ reason: 'x' }, 'amount'],
      [{ reason: 'x', amount: '1.00', lines: [{ description: 'a', unit_price: '1' }] }, 'amount'],
      [{ amount: '1.00' }, 'reason'],
      [{ reason: 'x', amount: '-5.00' }, 'amount'],
      [{ reason: 'x', amount: '0' }, 'amount'],
      [{ reason: 'x', amount: '1.001' }, 'amount'],
      [{ reason: 'x', amount: 'ten' }, 'amount'],
      [{ reason: 'x', amount: '1.00', issue_date: '2026-02-30' }, 'issue_date'],
      [{ reason: 'x'.repeat(2 * 1024 * 1024), amount: '1.00' }, 'reason'],
      [{ reason: 'x', lines: [{ invoice_line_id: 'lin_nope' }] }, 'lines.0.invoice_line_id'],
      [{ reason: 'x', lines: [{ description: 'free' }] }, 'lines.0.unit_price'],
      [{ reason: 'x', lines: [{ description: 'free', unit_price: '1', tax_rate_id: 'txr_nope' }] }, 'lines.0.tax_rate_id'],
      [{ reason: 'x', lines: [{ description: 'free', unit_price: '1', quantity: '0' }] }, 'lines.0.quantity'],
      [{ reason: 'x', amount: '1.00', extra: true }, 'body'],
    ];
    for (const [body, field] of cases) {
      await expectUnchanged(server, async () => {
        const response = await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, body);
        expect(response.status, `${JSON.stringify(body).slice(0, 80)} → ${response.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.body.errors?.map((e: any) => e.path), response.text.slice(0, 300)).toContain(field);
      });
    }
  });

  it('answers 404 for another organization’s invoices and credit notes', async () => {
    const invoice = await twoRateInvoice();
    const note = (await owner.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '1.00', tax_rate_id: vat7.id, reason: 'x' })).body;
    const other = await secondOrganization(owner, 'Credit Other');
    expect((await other.post(`/api/v1/invoices/${invoice.id}/credit-notes`, { amount: '1.00', reason: 'x' })).status).toBe(404);
    expect((await other.get(`/api/v1/credit-notes/${note.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/credit-notes/${note.id}/preview`)).status).toBe(404);
    expect((await other.get('/api/v1/credit-notes')).body.data).toEqual([]);
  });
});
