/**
 * The unit tests' view of the einvoices validation module (src/modules/einvoices/validation):
 * the official EN 16931 rules (compiled once, cached, run in the rules worker) and the CII D16B
 * schema, as the API runs them. Only the shapes differ: fatal asserts and schema messages
 * apart, so a failing test names the rules.
 */
import { validateXML } from 'xmllint-wasm';
import { checkCiiSchema } from '../../../../src/modules/einvoices/validation/cii-schema.ts';
import { validateEInvoice } from '../../../../src/modules/einvoices/validation/validate.ts';

export interface FailedAssert {
  id: string;
  flag: string;
  location: string;
  text: string;
}

/** The failed asserts with flag="fatal" (the EN 16931 errors); warnings and schema errors are left out. */
export async function fatalAsserts(xml: string, _syntax: 'UBL' | 'CII'): Promise<FailedAssert[]> {
  const result = await validateEInvoice(xml);
  return result.errors.filter((e) => e.rule !== 'CII-XSD').map((e) => ({ id: e.rule, flag: e.flag, location: e.location, text: e.message }));
}

/** CII D16B schema errors (empty when the document is schema-valid). */
export async function ciiSchemaErrors(xml: string): Promise<string[]> {
  return (await checkCiiSchema(xml)).map((finding) => finding.message);
}

/** Well-formedness only (there is no UBL XSD in einvoice-rules). */
export async function wellFormedErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], normalization: 'format' });
  return result.errors.map((e) => e.rawMessage);
}
