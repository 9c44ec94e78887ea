/**
 * Peppol BIS 3 / XRechnung 3.0 requirements beyond EN 16931 (profileGaps): the 20 XRechnung
 * test-suite examples meet them; a document stripped of the fields names each missing rule.
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileGaps } from '../../../../src/domain/einvoice/profile-rules.ts';
import { exampleDir, readExampleFile } from './examples-roundtrip.ts';

const files = readdirSync(exampleDir).filter((name) => name.endsWith('.xml'));

describe('profile rules', () => {
  it.each(files)('%s meets Peppol BIS 3 and XRechnung 3.0', (file) => {
    const { model } = readExampleFile(file);
    expect(profileGaps(model, 'ubl')).toEqual([]);
    expect(profileGaps(model, 'xrechnung-ubl')).toEqual([]);
    expect(profileGaps(model, 'xrechnung-cii')).toEqual([]);
  });

  it('names every rule a bare document breaks', () => {
    const { model } = readExampleFile('01.01a-INVOICE_ubl.xml');
    const { electronicAddress: _s, contact: _c, ...seller } = model.seller;
    const { electronicAddress: _b, ...buyer } = model.buyer;
    const bare = {
      ...model,
      buyerReference: undefined,
      purchaseOrderReference: undefined,
      paymentInstructions: { meansCode: '58' },
      seller: { ...seller, vatId: undefined, taxRegistrationId: undefined, address: { country: 'DE' } },
      buyer: { ...buyer, address: { country: 'DE' } },
    };
    expect(profileGaps(bare, 'ubl').map((g) => g.rule)).toEqual(['PEPPOL-EN16931-R003', 'PEPPOL-EN16931-R020', 'PEPPOL-EN16931-R010']);
    expect(profileGaps(bare, 'xrechnung-cii').map((g) => `${g.rule} ${g.term}`)).toEqual([
      'BR-DE-2 BG-6',
      'BR-DE-3 BT-37',
      'BR-DE-4 BT-38',
      'BR-DE-5 BT-41',
      'BR-DE-6 BT-42',
      'BR-DE-7 BT-43',
      'BR-DE-8 BT-52',
      'BR-DE-9 BT-53',
      'BR-DE-15 BT-10',
      'BR-DE-16 BT-31',
      'BR-DE-23-a BT-84',
      'XRechnung-3.0 BT-34 BT-34',
      'XRechnung-3.0 BT-49 BT-49',
    ]);
    expect(profileGaps(bare, 'cii')).toEqual([]);
    expect(profileGaps(bare, 'facturx')).toEqual([]);
  });
});
