import { beforeAll, describe, expect, it } from 'vitest';
import { useEnglishInterface } from './web-i18n-english.ts';
import { fieldOfRule } from '../../src/domain/einvoice/profile-checks.ts';
import { EINVOICE_FORMATS as FORMATS } from '../../src/domain/einvoice/formats.ts';
import { EINVOICE_FORMATS, einvoiceHref, ruleMessage } from '../../web/src/pages/invoices/einvoiceFormats.ts';
import { describeField, withFormatNames } from '../../web/src/pages/invoices/refusalFields.ts';

beforeAll(useEnglishInterface);

// The rules the server maps to a field (src/domain/einvoice/profile-checks.ts FIELD_OF_RULE).
const RULES = [
  'BR-DE-1', 'BR-DE-3', 'BR-DE-4', 'BR-DE-6', 'BR-DE-7', 'BR-DE-8', 'BR-DE-9', 'BR-DE-15', 'PEPPOL-EN16931-R010', 'PEPPOL-EN16931-R020',
  'BR-06', 'BR-07', 'BR-08', 'BR-09', 'BR-10', 'BR-11', 'BR-CO-09', 'BR-CO-26', 'BR-S-02', 'BR-AE-02', 'BR-AE-10', 'BR-IC-11',
  'BR-O-11', 'BR-CO-25', 'BR-61',
];
const invoice = { id: 'inv_1', customer_id: 'cus_1' };

describe('e-invoice labels in the web app', () => {
  it('says in words whose field each rule is about, and links to where it is fixed', () => {
    for (const rule of RULES) {
      const path = fieldOfRule(rule);
      const { field, place } = describeField(path, invoice);
      expect(place, `${rule} → ${path}`).not.toBeNull();
      expect(field, `${rule} → ${path}`).not.toMatch(/[._]/);
    }
    expect(describeField('buyer_reference', invoice)).toEqual({
      field: 'buyer reference (Leitweg-ID)',
      place: { owner: 'Invoice', to: '/invoices/inv_1/edit', action: 'Edit the invoice' },
    });
    expect(describeField('customer.address.city', invoice)).toEqual({
      field: 'city',
      place: { owner: 'Customer', to: '/customers/cus_1', action: 'Open the customer' },
    });
    expect(describeField('organization.electronic_address', invoice).place?.to).toBe('/settings/organization');
    // Bank details are edited with the branding (they are printed on the document).
    expect(describeField('organization.bank_details.iban', invoice)).toMatchObject({ field: 'bank account (IBAN)', place: { to: '/settings/branding' } });
    expect(describeField('tax_rates.exemption_reason', invoice).place?.to).toBe('/tax-rates');
    expect(describeField('einvoice', invoice)).toEqual({ field: 'the document as a whole', place: null });
  });

  it('names formats as people know them, and drops the rule id a message repeats', () => {
    expect(withFormatNames('The customer receives e-invoices (xrechnung-cii), and this invoice (draft) breaks')).toBe(
      'The customer receives e-invoices in XRechnung (CII), and this invoice (draft) breaks',
    );
    expect(ruleMessage({ rule: 'BR-DE-15', message: '[BR-DE-15]-The element "Buyer reference" (BT-10) must be transmitted' })).toBe(
      'The element "Buyer reference" (BT-10) must be transmitted',
    );
    expect(ruleMessage({ rule: 'CII-XSD', message: 'Element x: not expected' })).toBe('Element x: not expected');
  });

  it('links every format of the API contract, as a download', () => {
    expect(EINVOICE_FORMATS.map((f) => f.value).sort()).toEqual([...FORMATS].sort());
    expect(einvoiceHref('credit-notes', 'cn_1', 'ubl')).toBe('/api/v1/credit-notes/cn_1/einvoice?format=ubl&download=1');
  });
});
