/** Snapshots frozen before the e-invoice fields (migration 0023) read with those fields as null. */
import { describe, expect, it } from 'vitest';
import { readCustomerSnapshot, readSellerSnapshot } from '../../../src/modules/invoices/invoice-view.ts';

describe('stored snapshots', () => {
  it('old customer snapshots gain electronic_address and legal_registration_id as null', () => {
    const old = JSON.stringify({ id: 'cus_1', name: 'Ada', email: null, address: null, tax_id: 'DE1' });
    expect(readCustomerSnapshot(old)).toEqual({ id: 'cus_1', name: 'Ada', email: null, address: null, tax_id: 'DE1', electronic_address: null, legal_registration_id: null });
    const fresh = JSON.stringify({ ...JSON.parse(old), electronic_address: { scheme: 'EM', value: 'a@b.example' }, legal_registration_id: 'HRB 1' });
    expect(readCustomerSnapshot(fresh)).toMatchObject({ electronic_address: { scheme: 'EM', value: 'a@b.example' }, legal_registration_id: 'HRB 1' });
  });

  it('old seller snapshots gain the e-invoice fields as null', () => {
    expect(readSellerSnapshot(JSON.stringify({ name: 'Settle GmbH', tax_id: 'DE1' }))).toEqual({
      name: 'Settle GmbH',
      address: null,
      tax_id: 'DE1',
      email: null,
      phone: null,
      electronic_address: null,
      legal_registration_id: null,
      tax_registration_id: null,
      country: null,
    });
  });
});
