/**
 * CII documents are checked against the UN/CEFACT D16B XML Schema as well: the EN 16931
 * rules assume a schema-valid document and say nothing about misspelt or misplaced elements.
 * xmllint (libxml2 compiled to WebAssembly, run in its own worker by xmllint-wasm) does it;
 * the schema files are read once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { CII_ROOT_SCHEMA, ciiSchemaDirectory } from './rule-files.ts';
import type { RuleFinding } from './svrl.ts';

interface SchemaFile {
  fileName: string;
  contents: string;
}

let schemaFiles: SchemaFile[] | undefined;

function loadSchema(): SchemaFile[] {
  const dir = ciiSchemaDirectory();
  schemaFiles ??= readdirSync(dir)
    .filter((name) => name.endsWith('.xsd'))
    .map((name) => ({ fileName: name, contents: readFileSync(path.join(dir, name), 'utf8') }));
  return schemaFiles;
}

/** Schema errors as findings with rule "CII-XSD" (fatal): an empty list when the document is schema-valid. */
export async function checkCiiSchema(xml: string): Promise<RuleFinding[]> {
  const files = loadSchema();
  const root = files.find((file) => file.fileName === CII_ROOT_SCHEMA);
  if (root === undefined) throw new Error(`${CII_ROOT_SCHEMA} is missing from the CII schema folder`);
  const result = await validateXML({
    xml: [{ fileName: 'invoice.xml', contents: xml }],
    schema: root,
    preload: files.filter((file) => file !== root),
    maxMemoryPages: 4096,
  });
  return result.errors.map((error) => ({
    rule: 'CII-XSD',
    flag: 'fatal',
    location: Number.isFinite(error.loc?.lineNumber) ? `line ${error.loc?.lineNumber}` : '',
    message: error.message.trim(),
  }));
}
