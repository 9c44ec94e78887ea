/**
 * The UBL writer (Peppol BIS 3 and XRechnung UBL) on the 20 EN 16931 business cases, read from
 * both of their syntaxes: 0 fatal asserts of the official rules, every total as declared.
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PEPPOL_BIS3, XRECHNUNG_3 } from '../../../../src/modules/einvoices/xml/index.ts';
import { checkExport, exampleDir, normalisedTotals, readExampleFile } from './examples-roundtrip.ts';

const files = readdirSync(exampleDir)
  .filter((name) => name.endsWith('.xml'))
  .sort();

describe('UBL writer on the EN 16931 examples', () => {
  it('sees all 40 example files', () => {
    expect(files).toHaveLength(40);
  });

  it.each(files)('%s → ubl', async (file) => {
    const { xml, model } = readExampleFile(file);
    const out = await checkExport(model, 'ubl', normalisedTotals(xml));
    expect(out).toContain(`<cbc:CustomizationID>${PEPPOL_BIS3}</cbc:CustomizationID>`);
  });

  it.each(files.filter((f) => f.endsWith('_ubl.xml')))('%s → xrechnung-ubl', async (file) => {
    const { xml, model } = readExampleFile(file);
    const out = await checkExport(model, 'xrechnung-ubl', normalisedTotals(xml));
    expect(out).toContain(`<cbc:CustomizationID>${XRECHNUNG_3}</cbc:CustomizationID>`);
    expect(out).toContain('<cbc:BuyerReference>');
  });
});
