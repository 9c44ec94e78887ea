/**
 * Where the official EN 16931 rules live (einvoice-rules/ at the repository root, copied from
 * the CEN/TC 434 release, EUPL 1.2) and which rule set applies to which XML syntax. Found by
 * walking up from this file, so it works from src/ (tsx) and from dist/ (compiled) alike.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type EInvoiceSyntax = 'UBL' | 'CII';

function findRulesRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'einvoice-rules');
    if (existsSync(path.join(candidate, 'EN16931-UBL-validation.xslt'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('einvoice-rules/ (the EN 16931 validation rules) is missing from the installation');
    dir = parent;
  }
}

let rulesRoot: string | undefined;

/** The folder holding the rule files (einvoice-rules/). */
export function rulesDirectory(): string {
  rulesRoot ??= findRulesRoot();
  return rulesRoot;
}

/** The official Schematron-compiled XSLT for a syntax. */
export function ruleStylesheet(syntax: EInvoiceSyntax): string {
  return path.join(rulesDirectory(), syntax === 'UBL' ? 'EN16931-UBL-validation.xslt' : 'EN16931-CII-validation.xslt');
}

/** The CII D16B schema files (uncoupled code lists: the code lists are the rules' business). */
export function ciiSchemaDirectory(): string {
  return path.join(rulesDirectory(), 'cii-schema', 'D16B SCRDM (Subset)', 'uncoupled clm', 'CII', 'uncefact', 'data', 'standard');
}

export const CII_ROOT_SCHEMA = 'CrossIndustryInvoice_100pD16B.xsd';
