/**
 * The CII writer (EN 16931 CII D16B, XRechnung CII, Factur-X EN 16931 XML) on the 20 EN 16931
 * business cases, read from both syntaxes: CII XSD valid, 0 fatal asserts, totals as declared.
 */

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EN16931, XRECHNUNG_3 } from '../../../../src/modules/einvoices/xml/index.ts';
import { checkExport, exampleDir, normalisedTotals, readExampleFile } from './examples-roundtrip.ts';

const files = readdirSync(exampleDir)
  .filter((name) => name.endsWith('.xml'))
  .sort();
/** BT-24 as written. */
const guidelineOf = (xml: string) => /<ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID>([^<]*)<\/ram:ID>/.exec(xml)?.[1];

describe('CII writer on the EN 16931 examples', () => {
  it('sees all 40 example files', () => {
    expect(files).toHaveLength(40);
  });

  it.each(files)('%s → cii', async (file) => {
    const { xml, model } = readExampleFile(file);
    const out = await checkExport(model, 'cii', normalisedTotals(xml));
    expect(guidelineOf(out)).toBe(EN16931);
  });

  it.each(files.filter((f) => f.endsWith('_uncefact.xml')))('%s → xrechnung-cii', async (file) => {
    const { xml, model } = readExampleFile(file);
    const out = await checkExport(model, 'xrechnung-cii', normalisedTotals(xml));
    expect(guidelineOf(out)).toBe(XRECHNUNG_3);
  });

  it.each(files.filter((f) => f.endsWith('_ubl.xml')))('%s → facturx', async (file) => {
    const { xml, model } = readExampleFile(file);
    const out = await checkExport(model, 'facturx', normalisedTotals(xml));
    expect(guidelineOf(out)).toBe(EN16931);
    expect(out).not.toContain('BusinessProcessSpecifiedDocumentContextParameter');
  });
});
