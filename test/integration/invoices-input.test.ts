/**
 * Bad input to the invoice endpoints: every case answers a 4xx problem naming the field,
 * never a 5xx, changes nothing, and never reveals another organization's data.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';
import { expectUnchanged } from '../support/snapshots.ts';

const fieldsOf = (response: { body: any }): string[] => ((response.body?.errors ?? []) as { path: string }[]).map((e) => e.path);

describeEachDb('invoice input', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('rejects bad drafts with a problem naming the field, and changes nothing', async () => {
    const customer = await createCustomer(owner, { name: 'Input Customer' });
    const rate = await createTaxRate(owner, { percentage: '19' });
    const archivedRate = await createTaxRate(owner, { percentage: '5', name: 'Old rate' });
    await owner.patch(`/api/v1/tax-rates/${archivedRate.id}`, { archived: true });
    const archivedCustomer = await createCustomer(owner, { name: 'Gone Customer' });
    await owner.patch(`/api/v1/customers/${archivedCustomer.id}`, { archived: true });

    const other = await secondOrganization(owner, 'Input Other Ltd');
    const theirCustomer = await createCustomer(other, { name: 'Their Customer' });
    const theirRate = await createTaxRate(other, { percentage: '20', name: 'Their VAT' });
    const theirProduct = (await other.post('/api/v1/products', { name: 'Their Product', unit_price: '5' })).body;

    const line = { description: 'Item', quantity: '1', unit_price: '10' };
    const base = { customer_id: customer.id, lines: [line] };
    const withLine = (fields: Record<string, unknown>, index = 0) => ({
      ...base,
      lines: [...Array.from({ length: index }, () => line), { ...line, ...fields }],
    });
    const adjustment = { reason: 'Promo', amount: '1.00', tax_rate_id: rate.id };

    const cases: [string, unknown, string][] = [
      ['not an object', [1, 2], 'body'],
      ['missing customer_id', { lines: [line] }, 'customer_id'],
      ['customer_id a number', { ...base, customer_id: 42 }, 'customer_id'],
      ['unknown customer', { ...base, customer_id: 'cus_doesnotexist' }, 'customer_id'],
      ['another organization’s customer', { ...base, customer_id: theirCustomer.id }, 'customer_id'],
      ['archived customer', { ...base, customer_id: archivedCustomer.id }, 'customer_id'],
      ['lines not an array', { ...base, lines: 'many' }, 'lines'],
      ['501 lines', { ...base, lines: Array.from({ length: 501 }, () => line) }, 'lines'],
      ['21 allowances', { ...base, allowances: Array.from({ length: 21 }, () => adjustment) }, 'allowances'],
      ['description a number', withLine({ description: 5 }), 'lines.0.description'],
      ['no description, no product', withLine({ description: undefined }), 'lines.0.description'],
      ['blank description', withLine({ description: '   ' }), 'lines.0.description'],
      ['2 MB description', withLine({ description: 'x'.repeat(2 * 1024 * 1024) }), 'lines.0.description'],
      ['NUL in description', withLine({ description: 'A\u0000B' }), 'lines.0.description'],
      ['no unit price, no product', withLine({ unit_price: undefined }), 'lines.0.unit_price'],
      ['missing quantity', withLine({ quantity: undefined }), 'lines.0.quantity'],
      ['quantity not a number', withLine({ quantity: 'two' }), 'lines.0.quantity'],
      ['quantity with exponent', withLine({ quantity: 1e21 }), 'lines.0.quantity'],
      ['absurd quantity', withLine({ quantity: '1000000001' }), 'lines.0.quantity'],
      ['absurd negative quantity', withLine({ quantity: '-1000000001' }), 'lines.0.quantity'],
      ['7 decimals in quantity', withLine({ quantity: '1.1234567' }), 'lines.0.quantity'],
      ['negative unit price', withLine({ unit_price: '-0.01' }), 'lines.0.unit_price'],
      ['absurd unit price', withLine({ unit_price: '1000000000' }), 'lines.0.unit_price'],
      ['7 decimals in unit price', withLine({ unit_price: '0.0000001' }), 'lines.0.unit_price'],
      ['float noise in unit price', withLine({ unit_price: 0.1 + 0.2 }), 'lines.0.unit_price'],
      ['amount beyond what can be stored', withLine({ quantity: '1000000000', unit_price: '999999999' }), 'lines.0'],
      ['discount 150%', withLine({ discount: '150%' }), 'lines.0.discount'],
      ['discount −5%', withLine({ discount: '-5%' }), 'lines.0.discount'],
      ['discount not a number', withLine({ discount: 'lots' }), 'lines.0.discount'],
      ['discount with 3 decimals in EUR', withLine({ discount: '1.234' }), 'lines.0.discount'],
      ['discount above the line', withLine({ discount: '10.01' }), 'lines.0.discount'],
      ['discount an object', withLine({ discount: { percent: 10 } }), 'lines.0.discount'],
      ['unknown product', withLine({ product_id: 'prd_doesnotexist' }), 'lines.0.product_id'],
      ['another organization’s product', withLine({ product_id: theirProduct.id }), 'lines.0.product_id'],
      ['unknown tax rate on line 2', withLine({ tax_rate_id: 'txr_doesnotexist' }, 1), 'lines.1.tax_rate_id'],
      ['another organization’s tax rate on line 2', withLine({ tax_rate_id: theirRate.id }, 1), 'lines.1.tax_rate_id'],
      ['archived tax rate', withLine({ tax_rate_id: archivedRate.id }), 'lines.0.tax_rate_id'],
      ['unknown field in a line', withLine({ colour: 'red' }), 'lines.0'],
      ['3 decimals in an EUR allowance', { ...base, allowances: [{ ...adjustment, amount: '1.234' }] }, 'allowances.0.amount'],
      ['negative charge', { ...base, charges: [{ ...adjustment, amount: '-5' }] }, 'charges.0.amount'],
      ['allowance without reason', { ...base, allowances: [{ ...adjustment, reason: '' }] }, 'allowances.0.reason'],
      ['another organization’s rate on a charge', { ...base, charges: [{ ...adjustment, tax_rate_id: theirRate.id }] }, 'charges.0.tax_rate_id'],
      ['impossible issue date', { ...base, issue_date: '2026-02-30' }, 'issue_date'],
      ['impossible due date', { ...base, due_date: '2026-13-01' }, 'due_date'],
      ['date in another format', { ...base, issue_date: '23.11.2026' }, 'issue_date'],
      ['date far away', { ...base, issue_date: '9999-12-31' }, 'issue_date'],
      ['due before issue', { ...base, issue_date: '2026-11-23', due_date: '2026-11-22' }, 'due_date'],
      ['unknown currency', { ...base, currency: 'XYZ' }, 'currency'],
      ['currency without a minor unit definition', { ...base, currency: 'XAU' }, 'currency'],
      ['currency a number', { ...base, currency: 978 }, 'currency'],
      ['decimals in JPY discount', { ...withLine({ discount: '5.5' }), currency: 'JPY' }, 'lines.0.discount'],
      ['decimals in a JPY allowance', { ...base, currency: 'JPY', allowances: [{ ...adjustment, amount: '1.5' }] }, 'allowances.0.amount'],
      ['prices_include_tax a string', { ...base, prices_include_tax: 'yes' }, 'prices_include_tax'],
      ['notes too long', { ...base, notes: 'x'.repeat(5001) }, 'notes'],
      ['unknown field', { ...base, status: 'paid' }, 'body'],
    ];

    const errorsOf = new Map<string, string>();
    await expectUnchanged(server, async () => {
      for (const [label, body, field] of cases) {
        const response = await owner.post('/api/v1/invoices', body);
        expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, label).toBeLessThan(500);
        expect(response.headers.get('content-type'), label).toContain('application/problem+json');
        expect(fieldsOf(response), `${label}: ${response.text.slice(0, 300)}`).toContain(field);
        expect(response.text, label).not.toMatch(/Their (Customer|VAT|Product)/);
        errorsOf.set(label, JSON.stringify(response.body.errors));
      }
    });
    // Another organization's id is answered exactly like an id that does not exist.
    expect(errorsOf.get('another organization’s customer')).toBe(errorsOf.get('unknown customer'));
    expect(errorsOf.get('another organization’s product')).toBe(errorsOf.get('unknown product'));
    expect(errorsOf.get('another organization’s tax rate on line 2')).toBe(errorsOf.get('unknown tax rate on line 2'));
  });

  it('rejects bad changes to a draft the same way, and changes nothing', async () => {
    const draft = await draftInvoice(owner, { issue_date: '2026-11-20' });
    const other = await secondOrganization(owner, 'Patch Other Ltd');
    const theirCustomer = await createCustomer(other, { name: 'Their Customer' });
    const url = `/api/v1/invoices/${draft.id}`;
    const cases: [unknown, string][] = [
      [{ due_date: '2026-11-19' }, 'due_date'],
      [{ issue_date: '2026-02-29' }, 'issue_date'],
      [{ customer_id: theirCustomer.id }, 'customer_id'],
      [{ customer_id: null }, 'customer_id'],
      [{ lines: [{ description: 'X', quantity: '1.0000001', unit_price: '1' }] }, 'lines.0.quantity'],
      [{ lines: [{ description: 'X', quantity: '1', unit_price: '1', discount: '150%' }] }, 'lines.0.discount'],
      [{ currency: 'ABC' }, 'currency'],
      [{ number: 'INV-1' }, 'body'],
      [{ prices_include_tax: null }, 'prices_include_tax'],
    ];
    await expectUnchanged(server, async () => {
      for (const [body, field] of cases) {
        const response = await owner.patch(url, body);
        expect(response.status, response.text).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(fieldsOf(response), response.text).toContain(field);
      }
      for (const bad of ['/api/v1/invoices/not%20an%20id', '/api/v1/invoices/' + 'x'.repeat(65)]) {
        const response = await owner.get(bad);
        expect(response.status).toBe(422);
        expect(fieldsOf(response)).toEqual(['id']);
      }
    });
  });
});
