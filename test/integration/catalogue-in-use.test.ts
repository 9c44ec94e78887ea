/**
 * Catalogue entries that issued documents refer to cannot disappear: deleting them answers
 * 409 with "archive instead"; entries only drafts use can still be deleted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, startTestServer, type TestServer } from '../support/server.ts';
import { setupOwner } from '../support/factories.ts';
import { createTaxRate, draftInvoice, finalizedInvoice } from '../support/billing-factories.ts';
import type { Client } from '../support/http.ts';

describeEachDb('catalogue entries in use', (kind) => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer(kind);
    owner = await setupOwner(server.url);
  });
  afterAll(() => server.close());

  it('keeps products that appear on finalized invoices, and lets drafts lose the link', async () => {
    const product = (await owner.post('/api/v1/products', { name: 'Widget', unit_price: '9.99' })).body;
    await finalizedInvoice(owner, { lines: [{ product_id: product.id, quantity: '1' }] });
    const refused = await owner.delete(`/api/v1/products/${product.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/archive it instead/);

    const draftOnly = (await owner.post('/api/v1/products', { name: 'Gadget', unit_price: '1.00' })).body;
    const draft = await draftInvoice(owner, { lines: [{ product_id: draftOnly.id, quantity: '2' }] });
    expect((await owner.delete(`/api/v1/products/${draftOnly.id}`)).status).toBe(204);
    const after = (await owner.get(`/api/v1/invoices/${draft.id}`)).body;
    expect(after.lines[0]).toMatchObject({ product_id: null, description: 'Gadget', net_amount: '2.00' });
  });

  it('keeps tax rates that invoice lines use', async () => {
    const rate = await createTaxRate(owner, { percentage: '10' });
    await draftInvoice(owner, { lines: [{ description: 'Taxed', quantity: '1', unit_price: '10', tax_rate_id: rate.id }] });
    const refused = await owner.delete(`/api/v1/tax-rates/${rate.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('used by products or invoices');
  });
});
