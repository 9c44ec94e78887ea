/**
 * Test-only stand-in for the einvoices validation module (until it is on main): runs the
 * official EN 16931 validation XSLTs (einvoice-rules/, compiled once to SEF with xslt3-he and
 * cached under node_modules/.cache) in-process with saxonjs-he, and the CII D16B XSD with
 * xmllint-wasm. Returns the fatal asserts so a failing test names the rules.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

interface SaxonApi {
  transform(
    options: { stylesheetInternal: unknown; sourceText: string; destination: 'serialized' },
    mode: 'async',
  ): Promise<{ principalResult: string }>;
}

const require = createRequire(import.meta.url);
const saxon = require('saxonjs-he') as SaxonApi;
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const cacheDir = `${root}node_modules/.cache/einvoice-sef/`;
const rules = { UBL: 'EN16931-UBL-validation.xslt', CII: 'EN16931-CII-validation.xslt' } as const;
const stylesheets = new Map<string, unknown>();

function stylesheet(syntax: 'UBL' | 'CII'): unknown {
  let sef = stylesheets.get(syntax);
  if (sef !== undefined) return sef;
  const file = `${cacheDir}${syntax.toLowerCase()}.sef.json`;
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    // ≈20 s once per machine; the cache survives between runs.
    execFileSync(process.execPath, [
      `${root}node_modules/xslt3-he/xslt3.js`,
      `-xsl:${root}einvoice-rules/${rules[syntax]}`,
      `-export:${file}`,
      '-nogo',
      '-relocate:on',
    ]);
  }
  sef = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  stylesheets.set(syntax, sef);
  return sef;
}

export interface FailedAssert {
  id: string;
  flag: string;
  location: string;
  text: string;
}

/** The failed asserts with flag="fatal" (the EN 16931 errors); warnings are left out. */
export async function fatalAsserts(xml: string, syntax: 'UBL' | 'CII'): Promise<FailedAssert[]> {
  const result = await saxon.transform({ stylesheetInternal: stylesheet(syntax), sourceText: xml, destination: 'serialized' }, 'async');
  const asserts = [...result.principalResult.matchAll(/<svrl:failed-assert([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)];
  return asserts
    .map(([, attributes = '', body = '']) => {
      const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? '';
      const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(body)?.[1]?.trim() ?? '';
      return { id: attribute('id'), flag: attribute('flag'), location: attribute('location'), text };
    })
    .filter((a) => a.flag === 'fatal');
}

const schemaDir = `${root}einvoice-rules/cii-schema/D16B SCRDM (Subset)/uncoupled clm/CII/uncefact/data/standard/`;
let schemaFiles: { fileName: string; contents: string }[] | undefined;

/** CII D16B schema errors (empty when the document is schema-valid). */
export async function ciiSchemaErrors(xml: string): Promise<string[]> {
  schemaFiles ??= readdirSync(schemaDir)
    .filter((name) => name.endsWith('.xsd'))
    .map((name) => ({ fileName: name, contents: readFileSync(schemaDir + name, 'utf8') }));
  const main = schemaFiles.find((f) => f.fileName === 'CrossIndustryInvoice_100pD16B.xsd')!;
  const result = await validateXML({
    xml: [{ fileName: 'invoice.xml', contents: xml }],
    schema: [main],
    preload: schemaFiles.filter((f) => f !== main),
  });
  return result.errors.map((e) => e.rawMessage);
}

/** Well-formedness only (there is no UBL XSD in einvoice-rules). */
export async function wellFormedErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], normalization: 'format' });
  return result.errors.map((e) => e.rawMessage);
}
