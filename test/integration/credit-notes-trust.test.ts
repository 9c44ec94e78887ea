/**
 * Issue "Trust", items 1 and 2: a credited invoice line is credited at its discounted net,
 * in steps that add up exactly and never beyond its quantity (also under concurrency); a
 * credit by amount is taxed at the one rate it is named with, never spread over all rates.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { createTaxRate, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';
import { expectSummariesMatchRebuild } from '../support/summaries.ts';

describeEachDb('credit notes by line and by amount (Trust 1–2)', (kind) => {
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

  const credit = (invoiceId: string, body: Record<string, unknown>) => owner.post(`/api/v1/invoices/${invoiceId}/credit-notes`, { reason: 'Returned', ...body });

  const discountedInvoice = () =>
    finalizedInvoice(owner, {
      lines: [
        // 3 × 120.00 = 360.00 less 10 % = 324.00
        { description: 'Brochures', quantity: '3', unit_price: '120.00', discount: '10%', tax_rate_id: vat19.id },
        // 3 × 0.10 = 0.30 less 0.01 = 0.29: thirds do not divide evenly
        { description: 'Stickers', quantity: '3', unit_price: '0.10', discount: '0.01', tax_rate_id: vat19.id },
      ],
    });

  it('credits a whole line at its discounted net (324.00, not 360.00), and nothing more after that', async () => {
    const invoice = await discountedInvoice();
    const brochures = invoice.lines.find((l: any) => l.description === 'Brochures');
    expect(brochures.net_amount).toBe('324.00');
    const response = await credit(invoice.id, { lines: [{ invoice_line_id: brochures.id }] });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({ subtotal: '324.00', tax_total: '61.56', total: '385.56' });
    expect(response.body.lines[0]).toMatchObject({ quantity: '3', unit_price: '120', discount: '36.00', net_amount: '324.00' });
    // The printed credit note shows the discount, so 3 × 120.00 − 36.00 reads as 324.00.
    const preview = (await owner.get(`/api/v1/credit-notes/${response.body.id}/preview`)).text;
    expect(preview).toContain('Discount');
    expect(preview).toContain('36.00');
    await expectUnchanged(server, async () => {
      const again = await credit(invoice.id, { lines: [{ invoice_line_id: brochures.id, quantity: '1' }] });
      expect(again.status, again.text).toBe(422);
      expect(again.body.errors[0].path).toBe('lines.0.quantity');
    });
    expect((await owner.get(`/api/v1/invoices/${invoice.id}`)).body.amount_credited).toBe('385.56');
  });

  it('credits part quantities in proportion, the steps adding up exactly to the line, and refuses going beyond', async () => {
    const invoice = await discountedInvoice();
    const [brochures, stickers] = ['Brochures', 'Stickers'].map((d) => invoice.lines.find((l: any) => l.description === d).id as string);
    const nets: string[][] = [];
    for (let step = 0; step < 3; step++) {
      const response = await credit(invoice.id, { lines: [{ invoice_line_id: brochures, quantity: '1' }, { invoice_line_id: stickers, quantity: '1' }] });
      expect(response.status, response.text).toBe(201);
      nets.push(response.body.lines.map((l: any) => l.net_amount));
    }
    // 324.00 / 3 each; 0.29 as 0.10 + 0.09 + 0.10 (cumulative rounding, the last step takes the rest).
    expect(nets).toEqual([
      ['108.00', '0.10'],
      ['108.00', '0.09'],
      ['108.00', '0.10'],
    ]);
    const fresh = await discountedInvoice();
    await expectUnchanged(server, async () => {
      const beyond = await credit(invoice.id, { lines: [{ invoice_line_id: stickers, quantity: '0.5' }] });
      expect(beyond.status, beyond.text).toBe(422);
      expect(beyond.body.errors[0].path).toBe('lines.0.quantity');
      // The same line twice in one request counts twice.
      const twice = await credit(fresh.id, { lines: [{ invoice_line_id: fresh.lines[0].id, quantity: '2' }, { invoice_line_id: fresh.lines[0].id, quantity: '2' }] });
      expect(twice.status, twice.text).toBe(422);
      expect(twice.body.errors[0].path).toBe('lines.1.quantity');
    });
    const after = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ amount_credited: after.total, amount_due: '0.00' });
    await expectSummariesMatchRebuild(server.db, orgId);
  });

  it('lets only one of two simultaneous credit notes take the last unit of a line', async () => {
    const invoice = await discountedInvoice();
    const brochures = invoice.lines[0].id as string;
    expect((await credit(invoice.id, { lines: [{ invoice_line_id: brochures, quantity: '2' }] })).status).toBe(201);
    const results = await Promise.all([1, 2, 3].map(() => credit(invoice.id, { lines: [{ invoice_line_id: brochures, quantity: '1' }] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    const notes = (await owner.get(`/api/v1/credit-notes?invoice_id=${invoice.id}`)).body.data;
    expect(notes.reduce((sum: number, n: any) => sum + Number(n.subtotal), 0)).toBe(324);
  });

  it('credits an amount at the named rate only: 240.75 at 7 % is 225.00 + 15.75, in the reports too', async () => {
    const invoice = await finalizedInvoice(owner, {
      lines: [
        { description: 'Design', quantity: '1', unit_price: '500.00', tax_rate_id: vat19.id },
        { description: 'Brochures', quantity: '1000', unit_price: '0.45', tax_rate_id: vat7.id },
      ],
    });
    const before = (await owner.get('/api/v1/reports/taxes')).body;
    const response = await credit(invoice.id, { amount: '240.75', tax_rate_id: vat7.id, reason: 'Damaged brochures' });
    expect(response.status, response.text).toBe(201);
    expect(response.body.taxes).toEqual([{ tax_rate_id: vat7.id, category: 'S', percentage: '7', exemption_reason: null, exemption_reason_code: null, taxable_amount: '225.00', tax_amount: '15.75' }]);
    expect(response.body).toMatchObject({ subtotal: '225.00', tax_total: '15.75', total: '240.75' });
    expect(response.body.lines).toHaveLength(1);
    expect(response.body.lines[0]).toMatchObject({ tax_rate_id: vat7.id, net_amount: '225.00', tax: { percentage: '7' } });
    const after = (await owner.get(`/api/v1/invoices/${invoice.id}`)).body;
    expect(after).toMatchObject({ amount_credited: '240.75', amount_due: (Number(invoice.total) - 240.75).toFixed(2) });

    // The tax report moves at 7 % only.
    const rateOf = (report: any, id: string) => report.currencies[0].rates.find((r: any) => r.tax_rate_id === id);
    const report = (await owner.get('/api/v1/reports/taxes')).body;
    expect(Number(rateOf(report, vat7.id).tax_amount)).toBeCloseTo(Number(rateOf(before, vat7.id).tax_amount) - 15.75, 2);
    expect(rateOf(report, vat19.id)).toEqual(rateOf(before, vat19.id));
    const preview = await owner.get(`/api/v1/credit-notes/${response.body.id}/preview`);
    expect(preview.text).toContain('225.00');
    expect(preview.text).not.toContain('19%');
    await expectSummariesMatchRebuild(server.db, orgId);
  });

  it('asks for the rate on an invoice with several, accepts none on a single-rate invoice, and caps each rate', async () => {
    const twoRates = await finalizedInvoice(owner, {
      lines: [
        { description: 'Design', quantity: '1', unit_price: '100.00', tax_rate_id: vat19.id },
        { description: 'Books', quantity: '1', unit_price: '100.00', tax_rate_id: vat7.id },
      ],
    });
    const oneRate = await finalizedInvoice(owner, { lines: [{ description: 'Books', quantity: '1', unit_price: '100.00', tax_rate_id: vat7.id }] });
    const other = await createTaxRate(owner, { percentage: '10', name: 'Other 10%' });
    const cases: [string, Record<string, unknown>, number, string][] = [
      [twoRates.id, { amount: '10.70' }, 422, 'tax_rate_id'],
      [twoRates.id, { amount: '10.70', tax_rate_id: null }, 422, 'tax_rate_id'],
      [twoRates.id, { amount: '10.70', tax_rate_id: other.id }, 422, 'tax_rate_id'],
      [twoRates.id, { amount: '10.70', tax_rate_id: 'txr_nope' }, 422, 'tax_rate_id'],
      [oneRate.id, { amount: '10.70', tax_rate_id: vat19.id }, 422, 'tax_rate_id'],
      // 107.00 was invoiced at 7 %: 107.01 is more than that, though less than the invoice's total.
      [twoRates.id, { amount: '107.01', tax_rate_id: vat7.id }, 409, 'amount'],
      [twoRates.id, { lines: [{ description: 'x', unit_price: '1' }], tax_rate_id: vat7.id }, 422, 'tax_rate_id'],
    ];
    for (const [id, body, status, path] of cases) {
      await expectUnchanged(server, async () => {
        const response = await credit(id, body);
        expect(response.status, `${JSON.stringify(body)} → ${response.text}`).toBe(status);
        expect(response.body.errors.map((e: any) => e.path)).toContain(path);
      });
    }
    const single = await credit(oneRate.id, { amount: '10.70' });
    expect(single.status, single.text).toBe(201);
    expect(single.body.taxes).toEqual([{ tax_rate_id: vat7.id, category: 'S', percentage: '7', exemption_reason: null, exemption_reason_code: null, taxable_amount: '10.00', tax_amount: '0.70' }]);
    expect((await credit(twoRates.id, { amount: '107.00', tax_rate_id: vat7.id })).status).toBe(201);
    const rest = await credit(twoRates.id, { amount: '0.01', tax_rate_id: vat7.id });
    expect(rest.status).toBe(409);
    expect((await credit(twoRates.id, { amount: '119.00', tax_rate_id: vat19.id })).status).toBe(201);
    await expectSummariesMatchRebuild(server.db, orgId);
  });
});
