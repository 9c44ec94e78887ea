/**
 * The code lists Settle validates against (EAS, Rec 20/21 units, VATEX) are the ones the
 * official EN 16931 rules accept: read back from the shipped validation XSLT and compared.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EAS_CODES, electronicAddressProblem, isEasCode } from '../../../../src/domain/einvoice/eas-codes.ts';
import { EINVOICE_FORMATS, isEinvoiceFormat } from '../../../../src/domain/einvoice/formats.ts';
import { COMMON_UNIT_CODES, isUnitCode, UNIT_CODES, unitCodeProblem } from '../../../../src/domain/einvoice/unit-codes.ts';
import { VATEX_CODES, vatexProblem } from '../../../../src/domain/einvoice/vatex-codes.ts';
import { COMMON_EAS_SCHEMES } from '../../../../src/domain/einvoice/eas-codes.ts';

const xslt = fs.readFileSync(new URL('../../../../einvoice-rules/EN16931-UBL-validation.xslt', import.meta.url), 'utf8');

/** The space-separated list in the first contains(' … ', …) test after `context`. */
function listAfter(context: string): Set<string> {
  const at = xslt.indexOf(context);
  expect(at).toBeGreaterThan(-1);
  const match = /contains\('( [^']*)'/.exec(xslt.slice(at, at + 40000));
  return new Set((match?.[1] ?? '').trim().split(/\s+/));
}

describe('code lists', () => {
  it('equal the lists of the official rules (BR-CL-23 units, BR-CL-25 EAS, BR-CL-22 VATEX)', () => {
    expect([...UNIT_CODES].sort()).toEqual([...listAfter('match="cbc:InvoicedQuantity[@unitCode]')].sort());
    expect([...EAS_CODES].sort()).toEqual([...listAfter('match="cbc:EndpointID[@schemeID]"')].sort());
    expect([...VATEX_CODES].sort()).toEqual([...listAfter('match="cbc:TaxExemptionReasonCode"')].sort());
  });

  it('offer only valid codes in the forms', () => {
    for (const { code } of COMMON_UNIT_CODES) expect(isUnitCode(code), code).toBe(true);
    for (const { code } of COMMON_EAS_SCHEMES) expect(isEasCode(code), code).toBe(true);
  });

  it('explain what is wrong with a unit code', () => {
    expect(unitCodeProblem('C62')).toBeNull();
    expect(unitCodeProblem('XPP')).toBeNull();
    expect(unitCodeProblem('c62')).toMatch(/upper-case/);
    expect(unitCodeProblem('HOUR')).toMatch(/1 to 3/);
    expect(unitCodeProblem('ZZZ')).toMatch(/not a UN\/ECE/);
  });

  it('check electronic addresses by scheme', () => {
    expect(electronicAddressProblem('0088', '4012345000009')).toBeNull();
    expect(electronicAddressProblem('EM', 'a@b.example')).toBeNull();
    expect(electronicAddressProblem('EM', 'nope')).toMatchObject({ field: 'value' });
    expect(electronicAddressProblem('XX', 'a')).toMatchObject({ field: 'scheme' });
    expect(electronicAddressProblem('0088', ' ')).toMatchObject({ field: 'value', message: 'is required' });
    expect(electronicAddressProblem('0088', 'x'.repeat(201))).toMatchObject({ field: 'value' });
  });

  it('check VATEX codes by pattern and list', () => {
    expect(vatexProblem('VATEX-EU-AE')).toBeNull();
    expect(vatexProblem('vatex-eu-ic')).toBeNull();
    expect(vatexProblem('EU-AE')).toMatch(/VATEX code/);
    expect(vatexProblem('VATEX-EU-NOPE')).toMatch(/not on the CEF VATEX/);
  });

  it('name the e-invoice formats of the contract', () => {
    expect(EINVOICE_FORMATS).toEqual(['ubl', 'cii', 'xrechnung-ubl', 'xrechnung-cii', 'facturx']);
    expect(isEinvoiceFormat('facturx')).toBe(true);
    expect(isEinvoiceFormat('pdf')).toBe(false);
  });
});
