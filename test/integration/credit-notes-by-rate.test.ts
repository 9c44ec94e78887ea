/**
 * Issue #18 item 5: credit notes by amount per tax rate (`amounts`), by lines with part
 * quantities and a line discount, over-crediting refused, and the preview that computes a
 * credit note exactly as issuing it would, without storing anything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { secondOrganization, setupOwner, userWithRole } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';
import { expectSummariesMatchRebuild } from '../support/summaries.ts';

describeEachDb('credit notes by amount per tax rate and by lines (issue 18)', (kind) => {
  let server: TestServer;
  let owner: Client;
  let orgId: string;
  let vat19: any;
  let vat7: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    orgId = (await owner.get('/api/v1/auth/me')).body.organization.id as string;
    vat19 = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    vat7 = await createTaxRate(owner, { percentage: '7', name: 'VAT 7%' });
  });
  afterAll(() => server.close());

  const credit = (invoiceId: string, body: Record<string, unknown>) => owner.post(`/api/v1/invoices/${invoiceId}/credit-notes`, { reason: 'Damaged brochures', ...body });
  const preview = (invoiceId: string, body: Record<string, unknown>) => owner.post(`/api/v1/invoices/${invoiceId}/credit-notes/preview`, body);

  // Brochures at 7 % (1000 × 0.45 = 450.00 net, 481.50 gross) and design at 19 % (500.00 net, 595.00 gross).
  const brochuresInvoice = () =>
    finalizedInvoice(owner, {
      lines: [
        { description: 'Design', quantity: '1', unit_price: '500.00', tax_rate_id: vat19.id },
        { description: 'Brochures', quantity: '1000', unit_price: '0.45', tax_rate_id: vat7.id },
      ],
    });

  it('credits 240.75 at 7 % through amounts: tax only at 7 %, the amount due lowered by it', async () => {
    const invoice = await brochuresInvoice();
    expect(invoice.total).toBe('1076.50');
    const shown = await preview(invoice.id, { amounts: [{ tax_rate_id: vat7.id, amount: '240.75' }] });
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body).toMatchObject({ subtotal: '225.00', tax_total: '15.75', total: '240.75', applied_amount: '240.75', credit_amount: '0.00' });
    // The preview stores nothing.
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.amount_credited).toBe('0.00');

    const response = await credit(invoice.id, { amounts: [{ tax_rate_id: vat7.id, amount: '240.75' }] });
    expect(response.status, response.text).toBe(201);
    expect(response.body.taxes).toEqual([{ tax_rate_id: vat7.id, category: 'S', percentage: '7', exemption_reason: null, exemption_reason_code: null, taxable_amount: '225.00', tax_amount: '15.75' }]);
    expect(response.body).toMatchObject({ subtotal: '225.00', tax_total: '15.75', total: '240.75' });
    expect(response.body.lines).toEqual([expect.objectContaining({ description: 'Damaged brochures', tax_rate_id: vat7.id, net_amount: '225.00' })]);
    expect(shown.body.taxes).toEqual(response.body.taxes);
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_credited: '240.75', amount_due: '835.75' });
    await expectSummariesMatchRebuild(server.db, orgId);
  });

  it('credits several rates at once, each at its own rate', async () => {
    const invoice = await brochuresInvoice();
    const response = await credit(invoice.id, {
      amounts: [
        { tax_rate_id: vat7.id, amount: '10.70' },
        { tax_rate_id: vat19.id, amount: '119.00' },
      ],
    });
    expect(response.status, response.text).toBe(201);
    const byRate = Object.fromEntries(response.body.taxes.map((t: any) => [t.percentage, [t.taxable_amount, t.tax_amount]]));
    expect(byRate).toEqual({ '7': ['10.00', '0.70'], '19': ['100.00', '19.00'] });
    expect(response.body).toMatchObject({ subtotal: '110.00', tax_total: '19.70', total: '129.70' });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body).toMatchObject({ amount_credited: '129.70', amount_due: '946.80' });
  });

  it('refuses bad amounts with the field named, and over-crediting a rate, changing nothing', async () => {
    const invoice = await brochuresInvoice();
    const other = await createTaxRate(owner, { percentage: '10', name: 'Other 10%' });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ amounts: [] }, 422, 'amounts'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '10.00' }, { tax_rate_id: vat19.id, amount: 'ten' }] }, 422, 'amounts.1.amount'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '10.00' }, { tax_rate_id: vat19.id, amount: '0' }] }, 422, 'amounts.1.amount'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '10.001' }] }, 422, 'amounts.0.amount'],
      [{ amounts: [{ tax_rate_id: other.id, amount: '10.00' }] }, 422, 'amounts.0.tax_rate_id'],
      [{ amounts: [{ amount: '10.00' }] }, 422, 'amounts.0.tax_rate_id'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '1.00' }, { tax_rate_id: vat7.id, amount: '2.00' }] }, 422, 'amounts.1.tax_rate_id'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '1.00' }], tax_rate_id: vat7.id }, 422, 'tax_rate_id'],
      [{ amounts: [{ tax_rate_id: vat7.id, amount: '1.00' }], amount: '1.00' }, 422, 'amount'],
      // 481.50 was invoiced at 7 %: 481.51 is more, though far less than the invoice's total.
      [{ amounts: [{ tax_rate_id: vat19.id, amount: '1.00' }, { tax_rate_id: vat7.id, amount: '481.51' }] }, 409, 'amounts.1.amount'],
    ];
    for (const [body, status, path] of cases) {
      await expectUnchanged(server, async () => {
        for (const response of [await preview(invoice.id, body), await credit(invoice.id, body)]) {
          expect(response.status, `${JSON.stringify(body)} → ${response.text}`).toBe(status);
          expect(response.body.errors.map((e: any) => e.path)).toContain(path);
        }
      });
    }
    expect((await credit(invoice.id, { amounts: [{ tax_rate_id: vat7.id, amount: '481.50' }] })).status).toBe(201);
    const more = await credit(invoice.id, { amounts: [{ tax_rate_id: vat7.id, amount: '0.01' }] });
    expect(more.status).toBe(409);
    expect(more.body.errors[0].path).toBe('amounts.0.amount');
  });

  it('credits part quantities of a discounted line at its rate, and never more than is left', async () => {
    const invoice = await finalizedInvoice(owner, {
      lines: [
        // 4 × 50.00 = 200.00 less 10 % = 180.00 at 7 %
        { description: 'Brochures', quantity: '4', unit_price: '50.00', discount: '10%', tax_rate_id: vat7.id },
        { description: 'Design', quantity: '2', unit_price: '100.00', tax_rate_id: vat19.id },
      ],
    });
    const [brochures, design] = invoice.lines.map((l: any) => l.id as string);
    const body = { lines: [{ invoice_line_id: brochures, quantity: '1' }, { invoice_line_id: design, quantity: '0.5' }] };
    const shown = await preview(invoice.id, body);
    expect(shown.status, shown.text).toBe(200);
    const response = await credit(invoice.id, body);
    expect(response.status, response.text).toBe(201);
    // 45.00 (a quarter of 180.00, discount 5.00) at 7 % and 50.00 at 19 %.
    expect(response.body.lines.map((l: any) => [l.quantity, l.discount, l.net_amount, l.tax.percentage])).toEqual([
      ['1', '5.00', '45.00', '7'],
      ['0.5', null, '50.00', '19'],
    ]);
    const byRate = Object.fromEntries(response.body.taxes.map((t: any) => [t.percentage, [t.taxable_amount, t.tax_amount]]));
    expect(byRate).toEqual({ '7': ['45.00', '3.15'], '19': ['50.00', '9.50'] });
    expect(response.body).toMatchObject({ subtotal: '95.00', tax_total: '12.65', total: '107.65' });
    expect(shown.body).toMatchObject({ subtotal: '95.00', tax_total: '12.65', total: '107.65', lines: response.body.lines, taxes: response.body.taxes });
    const after = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ amount_credited: '107.65', amount_due: (Number(invoice.total) - 107.65).toFixed(2) });

    await expectUnchanged(server, async () => {
      for (const response of [await preview(invoice.id, { lines: [{ invoice_line_id: brochures, quantity: '3.5' }] }), await credit(invoice.id, { lines: [{ invoice_line_id: brochures, quantity: '3.5' }] })]) {
        expect(response.status, response.text).toBe(422);
        expect(response.body.errors[0].path).toBe('lines.0.quantity');
      }
      const zero = await preview(invoice.id, { lines: [{ invoice_line_id: design, quantity: '0' }] });
      expect(zero.status).toBe(422);
      expect(zero.body.errors[0].path).toBe('lines.0.quantity');
    });
    await expectSummariesMatchRebuild(server.db, orgId);
  });

  it('previews only for an accountant, only on a creditable invoice of the organization', async () => {
    const invoice = await brochuresInvoice();
    const draft = (await owner.post('/api/v1/invoices', { customer_id: invoice.customer_id, lines: [{ description: 'x', quantity: '1', unit_price: '1' }] })).body;
    expect((await preview(draft.id, { amount: '1.00', tax_rate_id: null })).status).toBe(409);
    expect((await preview('inv_nope', { amount: '1.00' })).status).toBe(404);
    const sales = await userWithRole(owner, 'sales');
    expect((await sales.post(`/api/v1/invoices/${invoice.id}/credit-notes/preview`, { amount: '1.00', tax_rate_id: vat7.id })).status).toBe(403);
    const other = await secondOrganization(owner);
    expect((await other.post(`/api/v1/invoices/${invoice.id}/credit-notes/preview`, { amount: '1.00', tax_rate_id: vat7.id })).status).toBe(404);
  });
});
