/**
 * The data EN 16931 e-invoices need (issue #16), over HTTP on both databases: organization
 * and customer electronic addresses and registration ids, the customer's e-invoice format,
 * VATEX codes, invoice references, delivery date and periods, line unit codes, base quantities
 * and periods, percentage allowances and charges; validation naming the field; snapshots frozen
 * at finalize; the category O refusal; credit note lines; and the document chain covering it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { createCustomer, secondOrganization, setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizeInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describeEachDb('e-invoice fields', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  describe('organization', () => {
    it('round-trips electronic address, legal and tax registration ids, and names bad fields', async () => {
      const org = await secondOrganization(owner, 'Seller GmbH');
      const before = await org.get('/api/v1/organization');
      expect(before.body).toMatchObject({ electronic_address: null, legal_registration_id: null, tax_registration_id: null });

      const patched = await org.patch('/api/v1/organization', {
        electronic_address: { scheme: '0088', value: '4012345000009' },
        legal_registration_id: 'HRB 12345',
        tax_registration_id: '123/456/78901',
      });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({
        electronic_address: { scheme: '0088', value: '4012345000009' },
        legal_registration_id: 'HRB 12345',
        tax_registration_id: '123/456/78901',
      });
      // A PATCH without them leaves them; null clears.
      expect((await org.patch('/api/v1/organization', { name: 'Seller GmbH & Co. KG' })).body.electronic_address).toEqual({ scheme: '0088', value: '4012345000009' });
      const scheme = await org.patch('/api/v1/organization', { electronic_address: { scheme: 'XX', value: 'a' } });
      expect(scheme.status).toBe(422);
      expect(paths(scheme.body)).toEqual(['electronic_address.scheme']);
      const email = await org.patch('/api/v1/organization', { electronic_address: { scheme: 'em', value: 'not an e-mail' } });
      expect(email.status).toBe(422);
      expect(paths(email.body)).toEqual(['electronic_address.value']);
      const long = await org.patch('/api/v1/organization', { electronic_address: { scheme: '0088', value: 'x'.repeat(201) } });
      expect(long.status).toBe(422);
      expect(paths(long.body)).toEqual(['electronic_address.value']);
      const longId = await org.patch('/api/v1/organization', { legal_registration_id: 'x'.repeat(101) });
      expect(paths(longId.body)).toEqual(['legal_registration_id']);
      // "em" is upper-cased to the EAS code.
      expect((await org.patch('/api/v1/organization', { electronic_address: { scheme: 'em', value: 'invoices@seller.example' } })).body.electronic_address).toEqual({
        scheme: 'EM',
        value: 'invoices@seller.example',
      });
      expect((await org.patch('/api/v1/organization', { electronic_address: null })).body.electronic_address).toBeNull();
    });
  });

  describe('customers', () => {
    it('round-trips electronic address, legal registration id and e-invoice format, and names bad fields', async () => {
      const customer = await createCustomer(owner, {
        electronic_address: { scheme: '0204', value: '991-12345-67' },
        legal_registration_id: 'HRB 999',
        einvoice_format: 'xrechnung-cii',
      });
      expect(customer).toMatchObject({ electronic_address: { scheme: '0204', value: '991-12345-67' }, legal_registration_id: 'HRB 999', einvoice_format: 'xrechnung-cii' });
      expect((await owner.get(`/api/v1/customers/${customer.id}`)).body.einvoice_format).toBe('xrechnung-cii');
      const plain = await createCustomer(owner);
      expect(plain).toMatchObject({ electronic_address: null, legal_registration_id: null, einvoice_format: null });

      const changed = await owner.patch(`/api/v1/customers/${customer.id}`, { einvoice_format: 'ubl', electronic_address: { scheme: '9930', value: 'DE123456789' } });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body).toMatchObject({ einvoice_format: 'ubl', electronic_address: { scheme: '9930', value: 'DE123456789' }, legal_registration_id: 'HRB 999' });
      const cleared = await owner.patch(`/api/v1/customers/${customer.id}`, { einvoice_format: null });
      expect(cleared.body.einvoice_format).toBeNull();

      const format = await owner.post('/api/v1/customers', { name: 'X', einvoice_format: 'pdf' });
      expect(format.status).toBe(422);
      expect(paths(format.body)).toEqual(['einvoice_format']);
      const scheme = await owner.patch(`/api/v1/customers/${customer.id}`, { electronic_address: { scheme: '1234', value: 'x' } });
      expect(scheme.status).toBe(422);
      expect(paths(scheme.body)).toEqual(['electronic_address.scheme']);
      const missing = await owner.post('/api/v1/customers', { name: 'X', electronic_address: { scheme: 'EM' } });
      expect(missing.status).toBe(422);
      expect(paths(missing.body)).toEqual(['electronic_address.value']);
    });

    it('anonymizing a customer erases its electronic address and registration id', async () => {
      const customer = await createCustomer(owner, { electronic_address: { scheme: 'EM', value: 'ada@example.com' }, legal_registration_id: 'HRB 1' });
      const erased = await owner.post(`/api/v1/customers/${customer.id}/anonymize`);
      expect(erased.status, erased.text).toBe(200);
      expect(erased.body).toMatchObject({ electronic_address: null, legal_registration_id: null });
    });
  });

  describe('tax rates', () => {
    it('keep a VATEX code, which stands in for the reason text, and refuse a code that is not one', async () => {
      const rate = await createTaxRate(owner, { percentage: '0', category: 'AE', exemption_reason_code: 'vatex-eu-ae' } as never);
      expect(rate).toMatchObject({ category: 'AE', exemption_reason: null, exemption_reason_code: 'VATEX-EU-AE' });
      const bad = await owner.post('/api/v1/tax-rates', { name: 'x', percentage: '0', category: 'E', exemption_reason_code: 'VAT-EU-X' });
      expect(bad.status).toBe(422);
      expect(paths(bad.body)).toEqual(['exemption_reason_code']);
      const unknown = await owner.post('/api/v1/tax-rates', { name: 'x', percentage: '0', category: 'E', exemption_reason_code: 'VATEX-EU-NOPE' });
      expect(paths(unknown.body)).toEqual(['exemption_reason_code']);
      const standard = await owner.post('/api/v1/tax-rates', { name: 'x', percentage: '19', exemption_reason_code: 'VATEX-EU-O' });
      expect(paths(standard.body)).toEqual(['exemption_reason_code']);
    });
  });

  describe('invoices', () => {
    it('round-trips references, delivery date, period and line e-invoice data; net = qty × price ÷ base quantity', async () => {
      const vat = await createTaxRate(owner, { percentage: '19' });
      const draft = await draftInvoice(owner, {
        buyer_reference: '04011000-12345-34',
        purchase_order_reference: 'PO-778',
        delivery_date: '2026-03-02',
        period_start: '2026-03-01',
        period_end: '2026-03-31',
        lines: [
          { description: 'Screws', quantity: '250', unit_price: '4.00', unit: 'pcs', unit_code: 'h87', base_quantity: '100', tax_rate_id: vat.id },
          { description: 'Support', quantity: '1', unit_price: '50', unit_code: 'MON', period_start: '2026-03-01', period_end: '2026-03-31', tax_rate_id: vat.id },
        ],
      } as never);
      expect(draft).toMatchObject({
        buyer_reference: '04011000-12345-34',
        purchase_order_reference: 'PO-778',
        delivery_date: '2026-03-02',
        period_start: '2026-03-01',
        period_end: '2026-03-31',
        subtotal: '60.00',
        taxes: [{ tax_rate_id: vat.id, exemption_reason_code: null, taxable_amount: '60.00', tax_amount: '11.40' }],
      });
      expect(draft.lines[0]).toMatchObject({ unit: 'pcs', unit_code: 'H87', base_quantity: '100', net_amount: '10.00', period_start: null, period_end: null });
      expect(draft.lines[0].tax.exemption_reason_code).toBeNull();
      expect(draft.lines[1]).toMatchObject({ unit_code: 'MON', base_quantity: '1', period_start: '2026-03-01', period_end: '2026-03-31' });

      // PATCH changes them; a PATCH without them keeps them.
      const patched = await owner.patch(`/api/v1/invoices/${draft.id}`, { buyer_reference: null, delivery_date: '2026-03-05' });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body).toMatchObject({ buyer_reference: null, purchase_order_reference: 'PO-778', delivery_date: '2026-03-05', period_start: '2026-03-01' });
      expect(patched.body.lines[0]).toMatchObject({ unit_code: 'H87', base_quantity: '100', net_amount: '10.00' });
      const noPeriod = await owner.patch(`/api/v1/invoices/${draft.id}`, { period_start: null, period_end: null });
      expect(noPeriod.body).toMatchObject({ period_start: null, period_end: null });

      const finalized = await finalizeInvoice(owner, draft.id);
      expect(finalized).toMatchObject({ status: 'open', purchase_order_reference: 'PO-778', subtotal: '60.00', total: '71.40' });
      expect(finalized.lines[0]).toMatchObject({ unit_code: 'H87', base_quantity: '100' });
    });

    it('names each bad field: unit code, base quantity, periods, oversized references', async () => {
      const customer = await createCustomer(owner);
      const bad = async (body: Record<string, unknown>, expected: string[]) => {
        const response = await owner.post('/api/v1/invoices', { customer_id: customer.id, ...body });
        expect(response.status, response.text).toBe(422);
        expect(paths(response.body)).toEqual(expected);
      };
      const line = { description: 'x', quantity: '1', unit_price: '1' };
      await bad({ lines: [{ ...line, unit_code: 'hours' }] }, ['lines.0.unit_code']);
      await bad({ lines: [{ ...line, unit_code: 'ZZZ' }] }, ['lines.0.unit_code']);
      await bad({ lines: [{ ...line, base_quantity: '0' }] }, ['lines.0.base_quantity']);
      await bad({ lines: [{ ...line, period_start: '2026-03-31', period_end: '2026-03-01' }] }, ['lines.0.period_end']);
      await bad({ lines: [{ ...line, period_start: '2026-03-01' }] }, ['lines.0.period_end']);
      await bad({ period_start: '2026-04-01', period_end: '2026-03-01' }, ['period_end']);
      await bad({ period_end: '2026-03-01' }, ['period_start']);
      await bad({ buyer_reference: 'x'.repeat(201) }, ['buyer_reference']);
      await bad({ purchase_order_reference: 'x'.repeat(201) }, ['purchase_order_reference']);
      await bad({ delivery_date: '2026-02-30' }, ['delivery_date']);
    });

    it('takes percentage allowances and charges of the lines at their tax rate, exactly, rounded half away from zero', async () => {
      const vat19 = await createTaxRate(owner, { percentage: '19' });
      const vat7 = await createTaxRate(owner, { percentage: '7' });
      const draft = await draftInvoice(owner, {
        lines: [
          { description: 'A', quantity: '3', unit_price: '33.33', tax_rate_id: vat19.id },
          { description: 'B', quantity: '1', unit_price: '0.15', tax_rate_id: vat19.id },
          { description: 'C', quantity: '1', unit_price: '200.00', tax_rate_id: vat7.id },
        ],
        allowances: [{ reason: 'Loyalty', amount: '5%', tax_rate_id: vat19.id }],
        charges: [{ reason: 'Handling', amount: '2.5 %', tax_rate_id: vat7.id }],
      });
      // Base 19%: 99.99 + 0.15 = 100.14; 5% = 5.007 → 5.01. Base 7%: 200.00; 2.5% = 5.00.
      expect(draft.allowances[0]).toMatchObject({ percentage: '5', base_amount: '100.14', amount: '5.01', net_amount: '5.01' });
      expect(draft.charges[0]).toMatchObject({ percentage: '2.5', base_amount: '200.00', amount: '5.00', net_amount: '5.00' });
      expect(draft).toMatchObject({ subtotal: '300.14', allowance_total: '5.01', charge_total: '5.00' });
      const byRate = Object.fromEntries(draft.taxes.map((t: { tax_rate_id: string }) => [t.tax_rate_id, t]));
      expect(byRate[vat19.id]).toMatchObject({ taxable_amount: '95.13', tax_amount: '18.07' });
      expect(byRate[vat7.id]).toMatchObject({ taxable_amount: '205.00', tax_amount: '14.35' });
      expect(draft.total).toBe('332.55');

      // Changing the lines moves the base: the percentage stays a percentage.
      const patched = await owner.patch(`/api/v1/invoices/${draft.id}`, { lines: [{ description: 'A', quantity: '1', unit_price: '10.00', tax_rate_id: vat19.id }, { description: 'C', quantity: '1', unit_price: '1', tax_rate_id: vat7.id }] });
      expect(patched.status, patched.text).toBe(200);
      expect(patched.body.allowances[0]).toMatchObject({ percentage: '5', base_amount: '10.00', amount: '0.50' });
      expect(patched.body.charges[0]).toMatchObject({ percentage: '2.5', base_amount: '1.00', amount: '0.03' });
      const finalized = await finalizeInvoice(owner, draft.id);
      expect(finalized.allowances[0]).toMatchObject({ percentage: '5', base_amount: '10.00', amount: '0.50' });

      // An amount has no percentage or base.
      const plain = await draftInvoice(owner, { lines: [{ description: 'A', quantity: '1', unit_price: '10', tax_rate_id: vat19.id }], allowances: [{ reason: 'x', amount: '1.00', tax_rate_id: vat19.id }] });
      expect(plain.allowances[0]).toMatchObject({ percentage: null, base_amount: null, amount: '1.00' });
    });

    it('refuses a percentage over 100, of nothing, or with a rate no line has, naming allowances.N.amount', async () => {
      const vat19 = await createTaxRate(owner, { percentage: '19' });
      const vat7 = await createTaxRate(owner, { percentage: '7' });
      const customer = await createCustomer(owner);
      const body = (allowance: Record<string, unknown>) => ({
        customer_id: customer.id,
        lines: [{ description: 'A', quantity: '1', unit_price: '10', tax_rate_id: vat19.id }],
        allowances: [{ reason: 'ok', amount: '1.00', tax_rate_id: vat19.id }, { reason: 'x', ...allowance }],
      });
      for (const allowance of [
        { amount: '101%', tax_rate_id: vat19.id },
        { amount: '0%', tax_rate_id: vat19.id },
        { amount: 'abc%', tax_rate_id: vat19.id },
        { amount: '5%', tax_rate_id: vat7.id },
      ]) {
        const response = await owner.post('/api/v1/invoices', body(allowance));
        expect(response.status, response.text).toBe(422);
        expect(paths(response.body)).toEqual(['allowances.1.amount']);
      }
    });

    it('freezes the seller and customer e-invoice data at finalize', async () => {
      const org = await secondOrganization(owner, 'Frozen Seller');
      await org.patch('/api/v1/organization', {
        country: 'DE',
        electronic_address: { scheme: 'EM', value: 'billing@frozen.example' },
        legal_registration_id: 'HRB 1',
        tax_registration_id: '11/222/33333',
      });
      const customer = await createCustomer(org, { electronic_address: { scheme: '0088', value: '4000001000005' }, legal_registration_id: 'HRB 2' });
      const draft = await draftInvoice(org, { customerId: customer.id });
      expect(draft.customer).toMatchObject({ electronic_address: { scheme: '0088', value: '4000001000005' }, legal_registration_id: 'HRB 2' });
      const finalized = await finalizeInvoice(org, draft.id);

      await org.patch('/api/v1/organization', { electronic_address: { scheme: 'EM', value: 'new@frozen.example' }, legal_registration_id: 'HRB 9', tax_registration_id: null, country: 'AT' });
      await org.patch(`/api/v1/customers/${customer.id}`, { electronic_address: { scheme: 'EM', value: 'x@y.example' }, legal_registration_id: null });

      const read = await org.get(`/api/v1/invoices/${finalized.id}`);
      expect(read.body.customer).toMatchObject({ electronic_address: { scheme: '0088', value: '4000001000005' }, legal_registration_id: 'HRB 2' });
      const stored = await server.db.kysely.selectFrom('invoices').select('seller_snapshot').where('id', '=', finalized.id).executeTakeFirstOrThrow();
      expect(JSON.parse(stored.seller_snapshot ?? '{}')).toMatchObject({
        electronic_address: { scheme: 'EM', value: 'billing@frozen.example' },
        legal_registration_id: 'HRB 1',
        tax_registration_id: '11/222/33333',
        country: 'DE',
      });
      expect((await org.get('/api/v1/integrity')).body).toMatchObject({ verified: true });
    });

    it("refuses to finalize a line without a tax rate beside taxed lines (category O stands alone), listing lines.N.tax_rate_id", async () => {
      const vat = await createTaxRate(owner, { percentage: '19' });
      const mixed = await draftInvoice(owner, {
        lines: [
          { description: 'Taxed', quantity: '1', unit_price: '10', tax_rate_id: vat.id },
          { description: 'Forgot the rate', quantity: '1', unit_price: '5' },
          { description: 'Also', quantity: '1', unit_price: '5', tax_rate_id: null },
        ],
      });
      const refused = await owner.post(`/api/v1/invoices/${mixed.id}/finalize`);
      expect(refused.status, refused.text).toBe(422);
      expect(paths(refused.body)).toEqual(['lines.1.tax_rate_id', 'lines.2.tax_rate_id']);
      expect(refused.body.errors[0].message).toBe("choose a tax rate: a line without one is 'not subject to VAT' and cannot stand beside taxed lines");
      expect((await owner.get(`/api/v1/invoices/${mixed.id}`)).body.status).toBe('draft');
      // Created and finalized at once: nothing is created.
      const atOnce = await owner.post('/api/v1/invoices', { customer_id: mixed.customer_id, finalize: true, lines: [{ description: 'T', quantity: '1', unit_price: '1', tax_rate_id: vat.id }, { description: 'U', quantity: '1', unit_price: '1' }] });
      expect(atOnce.status).toBe(422);
      expect(paths(atOnce.body)).toEqual(['lines.1.tax_rate_id']);

      // An invoice entirely without tax rates is category O alone: fine.
      const untaxed = await draftInvoice(owner, { lines: [{ description: 'A', quantity: '1', unit_price: '1' }, { description: 'B', quantity: '1', unit_price: '2' }] });
      expect((await finalizeInvoice(owner, untaxed.id)).taxes).toMatchObject([{ category: 'O' }]);
    });
  });

  describe('credit notes and the chain', () => {
    it('credit note lines carry unit code and base quantity; taxes carry the VATEX code; the chain covers the new columns', async () => {
      const org = await secondOrganization(owner, 'Chain Ltd');
      const exempt = await createTaxRate(org, { percentage: '0', category: 'E', exemption_reason: 'Medical', exemption_reason_code: 'VATEX-EU-132-1B' } as never);
      const invoice = await finalizeInvoice(
        org,
        (
          await draftInvoice(org, {
            purchase_order_reference: 'PO-1',
            lines: [{ description: 'Bolts', quantity: '200', unit_price: '12.00', unit_code: 'H87', base_quantity: '100', tax_rate_id: exempt.id }],
            allowances: [{ reason: 'Bulk', amount: '10%', tax_rate_id: exempt.id }],
          } as never)
        ).id,
      );
      expect(invoice).toMatchObject({ subtotal: '24.00', allowance_total: '2.40', total: '21.60' });
      expect(invoice.taxes).toMatchObject([{ category: 'E', exemption_reason: 'Medical', exemption_reason_code: 'VATEX-EU-132-1B' }]);
      expect(invoice.lines[0].tax).toMatchObject({ exemption_reason_code: 'VATEX-EU-132-1B' });
      expect(invoice.allowances[0].tax).toMatchObject({ exemption_reason_code: 'VATEX-EU-132-1B' });

      const note = await org.post(`/api/v1/invoices/${invoice.id}/credit-notes`, {
        reason: 'Returned',
        lines: [{ invoice_line_id: invoice.lines[0].id, quantity: '100' }, { description: 'Goodwill', quantity: '2', unit_price: '1', unit_code: 'C62', base_quantity: '2' }],
      });
      expect(note.status, note.text).toBe(201);
      expect(note.body.lines[0]).toMatchObject({ unit_code: 'H87', base_quantity: '100', net_amount: '12.00' });
      expect(note.body.lines[0].tax).toMatchObject({ exemption_reason_code: 'VATEX-EU-132-1B' });
      expect(note.body.lines[1]).toMatchObject({ unit_code: 'C62', base_quantity: '2', net_amount: '1.00' });
      expect(note.body.taxes.find((t: { category: string }) => t.category === 'E')).toMatchObject({ exemption_reason_code: 'VATEX-EU-132-1B' });
      expect(note.body.customer).toHaveProperty('electronic_address');

      expect((await org.get('/api/v1/integrity')).body).toMatchObject({ verified: true, documents: 2 });
      const entry = await server.db.kysely.selectFrom('document_chain').select('format').where('document_id', '=', invoice.id).executeTakeFirstOrThrow();
      expect(entry.format).toBe(2);

      // The guard triggers refuse a change of the new columns on an issued invoice.
      await expect(sql`update invoices set purchase_order_reference = 'PO-2' where id = ${invoice.id}`.execute(server.db.kysely)).rejects.toThrow(/never change/);
      await expect(sql`update invoice_lines set base_quantity = '1' where invoice_id = ${invoice.id}`.execute(server.db.kysely)).rejects.toThrow(/never change/);
      await expect(sql`update invoice_adjustments set percentage = '20' where invoice_id = ${invoice.id}`.execute(server.db.kysely)).rejects.toThrow(/never change/);
    });
  });
});
