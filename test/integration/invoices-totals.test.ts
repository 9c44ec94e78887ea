/**
 * Invoice figures over HTTP, every one checked to the minor unit against values computed by
 * hand (in the comments): two standard rates, line discounts by percentage and by amount,
 * document allowances and charges with their own rates, exempt and reverse-charge lines,
 * prices including tax, and currencies with 0 (JPY) and 3 (BHD) minor digits.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const nets = (invoice: any, part = 'lines') => invoice[part].map((l: { net_amount: string }) => l.net_amount);
const taxRows = (invoice: any) =>
  invoice.taxes.map((t: any) => [t.category, t.percentage, t.taxable_amount, t.tax_amount, t.tax_rate_id, t.exemption_reason]);

describeEachDb('invoice totals', (kind) => {
  let server: TestServer;
  let owner: Client;
  let vat19: any;
  let vat7: any;
  let exempt: any;
  let reverse: any;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
    vat19 = await createTaxRate(owner, { percentage: '19', name: 'VAT 19%' });
    vat7 = await createTaxRate(owner, { percentage: '7', name: 'VAT 7%' });
    exempt = await createTaxRate(owner, { percentage: '0', category: 'E', name: 'Exempt', exemption_reason: 'Exempt under §4 No. 21 UStG' });
    reverse = await createTaxRate(owner, { percentage: '0', category: 'AE', name: 'Reverse charge', exemption_reason: 'Reverse charge' });
  });
  afterAll(() => server.close());

  it('computes lines, discounts, allowances, charges and per-rate tax (EUR, net prices)', async () => {
    const invoice = await draftInvoice(owner, {
      lines: [
        // 10 × 120.00 = 1200.00 − 10% (120.00) = 1080.00
        { description: 'Consulting', quantity: '10', unit_price: '120.00', tax_rate_id: vat19.id, discount: '10%' },
        // 3 × 19.99 = 59.97 − 5.00 = 54.97
        { description: 'Books', quantity: '3', unit_price: '19.99', tax_rate_id: vat7.id, discount: '5.00' },
        // 1.5 × 33.333333 = 49.9999995 → 50.00 (half away from zero)
        { description: 'Hosting', quantity: '1.5', unit_price: '33.333333', tax_rate_id: vat19.id },
        // 2 × 250 = 500.00, exempt
        { description: 'Training', quantity: '2', unit_price: '250', tax_rate_id: exempt.id },
        // 800.00, reverse charge
        { description: 'Licence', quantity: '1', unit_price: '800', tax_rate_id: reverse.id },
        // 4 × 0.85 = 3.40, no rate: not subject to VAT (O)
        { description: 'Stamps', quantity: '4', unit_price: '0.85' },
      ],
      allowances: [{ reason: 'Loyalty', amount: '100.00', tax_rate_id: vat19.id }],
      charges: [{ reason: 'Shipping', amount: 12.5, tax_rate_id: vat7.id }],
    });
    expect(nets(invoice)).toEqual(['1080.00', '54.97', '50.00', '500.00', '800.00', '3.40']);
    expect(invoice.lines.map((l: any) => [l.quantity, l.unit_price, l.discount])).toEqual([
      ['10', '120.00', '10%'],
      ['3', '19.99', '5.00'],
      ['1.5', '33.333333', null],
      ['2', '250.00', null],
      ['1', '800.00', null],
      ['4', '0.85', null],
    ]);
    expect(invoice.lines[3].tax).toEqual({ category: 'E', percentage: '0', name: 'Exempt', exemption_reason: 'Exempt under §4 No. 21 UStG', exemption_reason_code: null });
    expect(invoice.lines[4].tax).toEqual({ category: 'AE', percentage: '0', name: 'Reverse charge', exemption_reason: 'Reverse charge', exemption_reason_code: null });
    expect(invoice.lines[5].tax).toEqual({ category: 'O', percentage: '0', name: null, exemption_reason: 'Not subject to VAT', exemption_reason_code: null });
    expect(invoice.allowances).toMatchObject([{ reason: 'Loyalty', amount: '100.00', net_amount: '100.00', tax_rate_id: vat19.id }]);
    expect(invoice.charges).toMatchObject([{ reason: 'Shipping', amount: '12.50', net_amount: '12.50', tax_rate_id: vat7.id }]);
    expect(invoice.charges[0].tax).toEqual({ category: 'S', percentage: '7', name: 'VAT 7%', exemption_reason: null, exemption_reason_code: null });
    // S 7%: 54.97 + 12.50 = 67.47 → 4.7229 → 4.72; S 19%: 1080 + 50 − 100 = 1030.00 → 195.70.
    expect(taxRows(invoice)).toEqual([
      ['S', '7', '67.47', '4.72', vat7.id, null],
      ['S', '19', '1030.00', '195.70', vat19.id, null],
      ['E', '0', '500.00', '0.00', exempt.id, 'Exempt under §4 No. 21 UStG'],
      ['AE', '0', '800.00', '0.00', reverse.id, 'Reverse charge'],
      ['O', '0', '3.40', '0.00', null, 'Not subject to VAT'],
    ]);
    expect(invoice.taxes[1].name).toBe('VAT 19%');
    // 2488.37 − 100.00 + 12.50 + 200.42 = 2601.29
    expect(invoice).toMatchObject({
      subtotal: '2488.37',
      allowance_total: '100.00',
      charge_total: '12.50',
      tax_total: '200.42',
      total: '2601.29',
      amount_due: '2601.29',
    });
    // The stored figures are minor units and agree with the response.
    const row = await server.db.kysely.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect([row.subtotal, row.allowance_total, row.charge_total, row.tax_total, row.total].map(Number)).toEqual([248837, 10000, 1250, 20042, 260129]);
  });

  it('extracts tax per rate when prices include tax', async () => {
    const invoice = await draftInvoice(owner, {
      prices_include_tax: true,
      lines: [
        { description: 'Gross A', quantity: '1', unit_price: '119.00', tax_rate_id: vat19.id },
        { description: 'Gross B', quantity: '3', unit_price: '10.70', tax_rate_id: vat7.id },
        { description: 'Gross C', quantity: '1', unit_price: '9.99', tax_rate_id: vat19.id },
      ],
      allowances: [{ reason: 'Voucher', amount: '5.35', tax_rate_id: vat7.id }],
    });
    // S 19%: gross 128.99 → tax 128.99 × 19/119 = 20.5950 → 20.60, net 108.39, split over the lines
    //   by largest remainder: 20.60 × 119/128.99 = 19.0046 → 19.00, × 9.99/128.99 = 1.5954 → 1.60.
    // S 7%: gross 32.10 − 5.35 = 26.75 → tax 26.75 × 7/107 = 1.75, net 25.00; split 2.10 / −0.35.
    expect(nets(invoice)).toEqual(['100.00', '30.00', '8.39']);
    expect(invoice.allowances).toMatchObject([{ amount: '5.35', net_amount: '5.00' }]);
    expect(taxRows(invoice)).toEqual([
      ['S', '7', '25.00', '1.75', vat7.id, null],
      ['S', '19', '108.39', '20.60', vat19.id, null],
    ]);
    // 138.39 − 5.00 + 22.35 = 155.74 = 119.00 + 32.10 + 9.99 − 5.35
    expect(invoice).toMatchObject({ prices_include_tax: true, subtotal: '138.39', allowance_total: '5.00', tax_total: '22.35', total: '155.74' });
  });

  it('uses no minor unit for JPY and three digits for BHD', async () => {
    const vat8 = await createTaxRate(owner, { percentage: '8', name: 'JCT 8%' });
    const yen = await draftInvoice(owner, {
      currency: 'JPY',
      lines: [
        // 7 × 155 = 1085
        { description: 'Tea', quantity: '7', unit_price: '155', tax_rate_id: vat8.id },
        // 333 − 10% (33.3 → 33) = 300
        { description: 'Cups', quantity: '1', unit_price: '333', tax_rate_id: vat8.id, discount: '10%' },
        // 0.5 × 99.5 = 49.75 → 50
        { description: 'Sample', quantity: '0.5', unit_price: '99.5', tax_rate_id: vat8.id },
      ],
      charges: [{ reason: 'Delivery', amount: '500', tax_rate_id: vat8.id }],
    });
    // taxable 1085 + 300 + 50 + 500 = 1935 → 8% = 154.8 → 155; total 1435 + 500 + 155 = 2090
    expect(nets(yen)).toEqual(['1085', '300', '50']);
    expect(taxRows(yen)).toEqual([['S', '8', '1935', '155', vat8.id, null]]);
    expect(yen).toMatchObject({ currency: 'JPY', subtotal: '1435', charge_total: '500', tax_total: '155', total: '2090', amount_paid: '0', amount_due: '2090' });

    const vat10 = await createTaxRate(owner, { percentage: '10', name: 'VAT 10%' });
    const dinar = await draftInvoice(owner, {
      currency: 'BHD',
      lines: [
        // 2 × 1.2345 = 2.469
        { description: 'Part A', quantity: '2', unit_price: '1.2345', tax_rate_id: vat10.id },
        // 3 × 0.3335 = 1.0005 → 1.001 (half away from zero)
        { description: 'Part B', quantity: '3', unit_price: '0.3335', tax_rate_id: vat10.id },
      ],
      allowances: [{ reason: 'Discount', amount: '0.125', tax_rate_id: vat10.id }],
    });
    // taxable 3.470 − 0.125 = 3.345 → 10% = 0.3345 → 0.335; total 3.470 − 0.125 + 0.335 = 3.680
    expect(nets(dinar)).toEqual(['2.469', '1.001']);
    expect(taxRows(dinar)).toEqual([['S', '10', '3.345', '0.335', vat10.id, null]]);
    expect(dinar).toMatchObject({ subtotal: '3.470', allowance_total: '0.125', tax_total: '0.335', total: '3.680', amount_due: '3.680' });
  });

  it('merges rates with the same category and percentage into one breakdown row', async () => {
    const other19 = await createTaxRate(owner, { percentage: '19', name: 'VAT 19% (services)' });
    const invoice = await draftInvoice(owner, {
      lines: [
        { description: 'A', quantity: '1', unit_price: '0.05', tax_rate_id: vat19.id },
        { description: 'B', quantity: '1', unit_price: '0.05', tax_rate_id: other19.id },
      ],
    });
    // One row, tax on the sum: 0.10 × 19% = 0.019 → 0.02 (per line it would be 0.01 + 0.01).
    expect(taxRows(invoice)).toEqual([['S', '19', '0.10', '0.02', vat19.id, null]]);
    expect(invoice.total).toBe('0.12');
  });

  it('recomputes every figure when a draft changes currency, rates or price basis', async () => {
    const invoice = await draftInvoice(owner, {
      lines: [{ description: 'Item', quantity: '2', unit_price: '50', tax_rate_id: vat19.id }],
      allowances: [{ reason: 'Promo', amount: '10', tax_rate_id: vat19.id }],
    });
    expect(invoice).toMatchObject({ subtotal: '100.00', tax_total: '17.10', total: '107.10' });
    const gross = await owner.patch(`/api/v1/invoices/${invoice.id}`, { prices_include_tax: true });
    // gross 100 − 10 = 90.00 → tax 90 × 19/119 = 14.3697 → 14.37; net 75.63
    expect(gross.body).toMatchObject({ subtotal: '84.03', allowance_total: '8.40', tax_total: '14.37', total: '90.00' });
    const yen = await owner.patch(`/api/v1/invoices/${invoice.id}`, { currency: 'JPY', prices_include_tax: false });
    expect(yen.body).toMatchObject({ currency: 'JPY', subtotal: '100', allowance_total: '10', tax_total: '17', total: '107' });
    const cents = await owner.patch(`/api/v1/invoices/${invoice.id}`, { currency: 'EUR', allowances: [{ reason: 'Promo', amount: '10.50', tax_rate_id: vat19.id }] });
    expect(cents.body).toMatchObject({ subtotal: '100.00', allowance_total: '10.50', tax_total: '17.01', total: '106.51' });
    // An allowance of 10.50 cannot be read as yen: the field is named.
    const refused = await owner.patch(`/api/v1/invoices/${invoice.id}`, { currency: 'JPY' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('allowances.0.amount');
  });
});
