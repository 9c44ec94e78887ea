/**
 * Credit notes (BT-3 381) built from a few of the examples, naming the invoice they correct
 * (BG-3): a UBL CreditNote / CII type 381 in every format, valid, with the totals as declared.
 */

import { describe, expect, it } from 'vitest';
import type { EInvoice, EInvoiceFormat } from '../../../../src/domain/einvoice/model.ts';
import { checkExport, normalisedTotals, readExampleFile } from './examples-roundtrip.ts';

/** A full credit of the invoice: same lines and totals, its own number, the invoice as BG-3. */
function creditNoteFor(invoice: EInvoice): EInvoice {
  return {
    ...invoice,
    typeCode: '381',
    number: `CN-${invoice.number}`,
    precedingInvoices: [{ number: invoice.number, issueDate: invoice.issueDate }],
  };
}

// Plain XRechnung, category O with exemption, seller with tax number, rounding amount (BT-114),
// document allowance + charge with price discounts.
const examples = ['01.01a', '01.04a', '01.14a', '01.17a', '01.21a'];
const formats: EInvoiceFormat[] = ['ubl', 'xrechnung-ubl', 'cii', 'xrechnung-cii'];
const cases = examples.flatMap((example) => formats.map((format) => [example, format] as const));

describe('credit notes', () => {
  it.each(cases)('%s as a credit note → %s', async (example, format) => {
    const { model } = readExampleFile(`${example}-INVOICE_ubl.xml`);
    const credit = creditNoteFor(model);
    // The expected totals come from the example invoice itself: a full credit repeats them.
    const { xml: original } = readExampleFile(`${example}-INVOICE_ubl.xml`);
    const out = await checkExport(credit, format, normalisedTotals(original));
    if (format.endsWith('ubl')) {
      expect(out).toMatch(/<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
      expect(out).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
      expect(out).toMatch(new RegExp(`<cac:BillingReference>\\s*<cac:InvoiceDocumentReference>\\s*<cbc:ID>${model.number.replace(/[[\]]/g, '\\$&')}</cbc:ID>`));
      expect(out).not.toContain('InvoiceLine');
      expect(out).not.toMatch(/<cbc:DueDate>/);
    } else {
      expect(out).toContain('<ram:TypeCode>381</ram:TypeCode>');
      expect(out).toMatch(/<ram:InvoiceReferencedDocument>\s*<ram:IssuerAssignedID>/);
    }
  });
});
