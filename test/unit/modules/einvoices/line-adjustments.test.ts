/**
 * Line allowances and charges (BG-27/BG-28) with percentage and base (BT-138/143, BT-137/142),
 * and a document charge given as a percentage (BT-101) of a base (BT-100),
 * which none of the 20 examples carries but Settle's line discounts need: written in the schema
 * order of both syntaxes, valid, and read back unchanged. The allowance and charge cancel out,
 * so the example's declared totals still hold.
 */

import { describe, it } from 'vitest';
import type { EInvoiceFormat } from '../../../../src/domain/einvoice/model.ts';
import { EINVOICE_FORMATS } from '../../../../src/domain/einvoice/model.ts';
import { checkExport, normalisedTotals, readExampleFile } from './examples-roundtrip.ts';

const { xml, model } = readExampleFile('01.01a-INVOICE_ubl.xml');
const [first, ...rest] = model.lines;
const adjusted = {
  ...model,
  lines: [
    {
      ...first!,
      allowances: [{ amount: '10.00', baseAmount: '100.00', percentage: '10', reason: 'Treuerabatt', reasonCode: '95' }],
      charges: [{ amount: '10.00', reason: 'Verpackung', reasonCode: 'ABL' }],
    },
    ...rest,
  ],
};

// 01.21a's document charge (25.00) stated as 10 % of a 250.00 base (BT-101, BT-100).
const { xml: xml21, model: model21 } = readExampleFile('01.21a-INVOICE_ubl.xml');
const percentCharge = { ...model21, charges: model21.charges!.map((c) => ({ ...c, baseAmount: '250.00', percentage: '10' })) };

describe('line allowances and charges', () => {
  it.each(EINVOICE_FORMATS as readonly EInvoiceFormat[])('→ %s', async (format) => {
    await checkExport(adjusted, format, normalisedTotals(xml));
  });

  it.each(EINVOICE_FORMATS as readonly EInvoiceFormat[])('document charge as a percentage of a base → %s', async (format) => {
    await checkExport(percentCharge, format, normalisedTotals(xml21));
  });
});
