/**
 * The profile checks beyond EN 16931 (domain/einvoice/profile-checks.ts, Peppol BIS 3 and
 * XRechnung 3.0): the 20 XRechnung test-suite examples, read into the model from both syntaxes,
 * meet them in every format, so a refusal is never a false alarm on a compliant document.
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EINVOICE_FORMATS } from '../../../../src/domain/einvoice/model.ts';
import { profileChecks } from '../../../../src/domain/einvoice/profile-checks.ts';
import { exampleDir, readExampleFile } from './examples-roundtrip.ts';

const files = readdirSync(exampleDir).filter((name) => name.endsWith('.xml'));

describe('profile checks on the examples', () => {
  it.each(files)('%s meets Peppol BIS 3 and XRechnung 3.0', (file) => {
    const { model } = readExampleFile(file);
    for (const format of EINVOICE_FORMATS) expect(profileChecks(model, format)).toEqual([]);
  });

  it('a document without buyer reference and addresses is refused for XRechnung, naming the rules', () => {
    const { model } = readExampleFile('01.01a-INVOICE_ubl.xml');
    const { electronicAddress: _b, ...buyer } = model.buyer;
    const bare = { ...model, buyerReference: undefined, buyer: { ...buyer, address: { country: 'DE' } } };
    expect(profileChecks(bare, 'xrechnung-cii').map((f) => f.rule)).toEqual(['PEPPOL-EN16931-R010', 'BR-DE-15', 'BR-DE-8', 'BR-DE-9']);
    expect(profileChecks(bare, 'cii')).toEqual([]);
  });

  it('Peppol needs a buyer or order reference; XRechnung a seller contact and, when VAT is charged, a VAT id or tax number', () => {
    const { model } = readExampleFile('01.01a-INVOICE_ubl.xml');
    const { contact: _c, vatId: _v, taxRegistrationId: _t, ...seller } = model.seller;
    const bare = { ...model, buyerReference: undefined, purchaseOrderReference: undefined, seller };
    expect(profileChecks(bare, 'ubl').map((f) => f.rule)).toEqual(['PEPPOL-EN16931-R003']);
    expect(profileChecks({ ...bare, purchaseOrderReference: 'PO-1' }, 'ubl')).toEqual([]);
    expect(profileChecks({ ...bare, buyerReference: 'L-1' }, 'xrechnung-ubl').map((f) => f.rule)).toEqual(['BR-DE-5', 'BR-DE-6', 'BR-DE-7', 'BR-DE-16']);
  });
});
