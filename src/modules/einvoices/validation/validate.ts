/**
 * Validates an e-invoice with the official EN 16931 rules: the syntax is read from the root
 * element (UBL Invoice/CreditNote or CII CrossIndustryInvoice), CII is checked against its
 * schema, then the rule set of the syntax runs (in the rules worker). Fatal findings make it
 * invalid; warnings are reported beside.
 *
 * Documents are screened before any parser sees them: a DOCTYPE is refused (no entity
 * expansion, no external entities), and so is anything that is not one of the two roots.
 */
import { compiledRules } from './sef-cache.ts';
import { checkCiiSchema } from './cii-schema.ts';
import { runRules, UnreadableXmlError } from './rules-worker.ts';
import { readSvrl, type RuleFinding } from './svrl.ts';
import type { EInvoiceSyntax } from './rule-files.ts';

export type { RuleFinding } from './svrl.ts';
export type { EInvoiceSyntax } from './rule-files.ts';

export interface EInvoiceValidation {
  valid: boolean;
  syntax: EInvoiceSyntax;
  errors: RuleFinding[];
  warnings: RuleFinding[];
}

/** The document cannot be validated at all (not XML, not an e-invoice): the caller answers 422. */
export class NotAnEInvoiceError extends Error {}

const UBL_NAMESPACES = ['urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2'];
const CII_NAMESPACE = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';

/** The syntax from the root element's namespace, read from the text before the first element closes. */
export function detectSyntax(xml: string): EInvoiceSyntax {
  const head = xml.slice(0, 4096);
  if (/<!DOCTYPE/i.test(xml.slice(0, 65536)) || /<!ENTITY/i.test(xml)) {
    throw new NotAnEInvoiceError('A document type declaration (DOCTYPE/ENTITY) is not allowed in an e-invoice');
  }
  const root = /<(?:[A-Za-z_][\w.-]*:)?(Invoice|CreditNote|CrossIndustryInvoice)\b([^>]*)>/.exec(head);
  if (root === null) throw new NotAnEInvoiceError('The document is not an e-invoice: its root must be a UBL Invoice or CreditNote or a CII CrossIndustryInvoice');
  const declared = [...root[2]!.matchAll(/xmlns(?::[\w.-]+)?\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
  if (root[1] === 'CrossIndustryInvoice') {
    if (declared.includes(CII_NAMESPACE)) return 'CII';
  } else if (declared.some((ns) => ns !== undefined && UBL_NAMESPACES.includes(ns))) {
    return 'UBL';
  }
  throw new NotAnEInvoiceError(`The root element ${root[1]} is not in the UBL 2.1 or CII D16B namespace`);
}

export interface ValidationOptions {
  /**
   * Check a CII document against the D16B schema too (default). Settle's own exports skip it:
   * the schema check costs more than the rules (xmllint-wasm compiles the schema on every call,
   * about half a second), and the CII writer's output is schema-checked by the tests for every
   * example, format and hostile text. Uploads are always checked.
   */
  schema?: boolean;
}

export async function validateEInvoice(xml: string, options: ValidationOptions = {}): Promise<EInvoiceValidation> {
  const syntax = detectSyntax(xml);
  const sef = await compiledRules(syntax);
  const schemaFindings = syntax === 'CII' && options.schema !== false ? await checkCiiSchema(xml) : [];
  let findings: RuleFinding[];
  try {
    findings = readSvrl(await runRules(sef, xml));
  } catch (error) {
    if (error instanceof UnreadableXmlError) throw new NotAnEInvoiceError(`The document is not well-formed XML: ${error.message}`);
    throw error;
  }
  const all = [...schemaFindings, ...findings];
  const errors = all.filter((finding) => finding.flag === 'fatal' || finding.flag === 'error');
  const warnings = all.filter((finding) => !errors.includes(finding));
  return { valid: errors.length === 0, syntax, errors, warnings };
}

/** Starts compiling both rule sets in the background (server start), so the first validation does not wait. */
export function warmUpRules(): void {
  for (const syntax of ['UBL', 'CII'] as const) compiledRules(syntax).catch(() => undefined);
}
