/**
 * Test-only: the check every example goes through. Reads the example into the model, writes it
 * in one format, and asserts (a) 0 fatal EN 16931 asserts (plus the CII XSD / well-formedness),
 * (b) every BT total of the output equals the example's declared total, and (c) reading the
 * output back gives the same model (nothing the model carries was lost or reordered).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EInvoice, EInvoiceFormat } from '../../../../src/domain/einvoice/model.ts';
import { writeEInvoice } from '../../../../src/modules/einvoices/xml/index.ts';
import { parseEInvoice, type DeclaredTotals } from '../../domain/einvoice/parse-einvoice.ts';
import { readExample } from './example-model.ts';
import { amountOf } from './example-values.ts';
import { ciiSchemaErrors, fatalAsserts, wellFormedErrors } from './official-rules.ts';

export const exampleDir = fileURLToPath(new URL('../../domain/einvoice/examples/', import.meta.url));

export function readExampleFile(file: string): { xml: string; model: EInvoice } {
  const xml = readFileSync(exampleDir + file, 'utf8');
  return { xml, model: readExample(xml) };
}

/** Declared figures with amounts normalised to the currency's digits, in a stable order. */
export function normalisedTotals(xml: string): DeclaredTotals {
  const { declared, input } = parseEInvoice(xml);
  const money = (v: string | undefined) => amountOf(input.currency)(v);
  return {
    lineNets: declared.lineNets.map((v) => money(v)!),
    lineTotal: money(declared.lineTotal)!,
    allowanceTotal: money(declared.allowanceTotal),
    chargeTotal: money(declared.chargeTotal),
    taxExclusive: money(declared.taxExclusive)!,
    taxTotal: money(declared.taxTotal)!,
    taxInclusive: money(declared.taxInclusive)!,
    prepaid: money(declared.prepaid),
    rounding: money(declared.rounding),
    payable: money(declared.payable)!,
    breakdown: declared.breakdown.map((b) => ({ ...b, percentage: String(Number(b.percentage)), taxable: money(b.taxable)!, tax: money(b.tax)! })),
  };
}

/** Writes `model` in `format` and checks it; returns the XML for further assertions. */
export async function checkExport(model: EInvoice, format: EInvoiceFormat, expectedTotals: DeclaredTotals): Promise<string> {
  const { xml, syntax } = writeEInvoice(model, format);
  const fatal = await fatalAsserts(xml, syntax);
  expect(fatal.map((f) => `${f.id} ${f.location}: ${f.text}`)).toEqual([]);
  if (syntax === 'CII') expect(await ciiSchemaErrors(xml)).toEqual([]);
  else expect(await wellFormedErrors(xml)).toEqual([]);
  expect(normalisedTotals(xml)).toEqual(expectedTotals);
  expect(readExample(xml)).toEqual(model);
  return xml;
}
