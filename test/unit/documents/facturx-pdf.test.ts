/**
 * Factur-X PDFs read back by other programs than the one that wrote them: poppler's pdfdetach
 * gives the embedded factur-x.xml back byte for byte, pdffonts finds every font embedded,
 * pdfinfo reads the Info dictionary and the XMP; pdf-lib reads the catalog (/AF, /OutputIntents)
 * and the file specification. The XMP says what the Info dictionary says (PDF/A needs both to
 * agree), also for hostile text, and the page shows the same as the normal PDF. Where Apache
 * PDFBox's preflight is installed (Debian: libpdfbox2-java with libactivation-java and
 * libjaxb-api-java, and a Java runtime), it checks fonts, XMP, Info and structure too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFStream, PDFString, decodePDFRawStream, type PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sampleInvoice } from '../../../bench/sample-invoice.ts';
import { logoOf, type CreditNoteDocumentData, type InvoiceDocumentData } from '../../../src/modules/documents/document-model.ts';
import { FACTURX_FILENAME, facturXProfile, renderFacturXPdf } from '../../../src/modules/documents/facturx-pdf.ts';
import { documentPdf } from '../../../src/modules/documents/invoice-files.ts';
import { AppError } from '../../../src/shared/errors.ts';
import { pngImage } from '../../support/images.ts';

const popplerInstalled = ['pdfdetach', 'pdffonts', 'pdfinfo', 'pdftotext'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
/** Under CI=true the tools must be there: a run that skipped every check would prove nothing. */
const popplerRequired = process.env.CI === 'true';
const POPPLER = 'pdfdetach, pdffonts, pdfinfo and pdftotext (Debian package poppler-utils)';

it.skipIf(!popplerInstalled && !popplerRequired)(`has ${POPPLER} to read Factur-X PDFs back`, () => {
  expect(popplerInstalled, `${POPPLER} are required under CI=true`).toBe(true);
});

const EXAMPLE = fs.readFileSync(path.join(import.meta.dirname, '../domain/einvoice/examples/01.01a-INVOICE_uncefact.xml'));
const XRECHNUNG_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** The same invoice declared as plain EN 16931 (BT-24), the Factur-X profile Settle exports. */
const EN16931_XML = EXAMPLE.toString('utf8').replace(XRECHNUNG_ID, 'urn:cen.eu:en16931:2017');

/** An SVG logo that is also a link: svg-to-pdfkit would make it a link annotation. */
const LINKED_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40"><a xlink:href="https://elsewhere.example/"><rect width="100" height="40" fill="#2f4b7c"/></a></svg>';

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settle-facturx-'));
let fileCounter = 0;
function pdfFile(bytes: Buffer): string {
  const file = path.join(workDir, `doc-${++fileCounter}.pdf`);
  fs.writeFileSync(file, bytes);
  return file;
}

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/** The XMP packet as pdfinfo finds it, parsed with the namespace prefixes kept. */
function xmpOf(file: string): { raw: string; rdf: Record<string, any>[] } {
  const raw = run('pdfinfo', ['-meta', file]);
  expect(XMLValidator.validate(raw.replace(/<\?xpacket[^>]*\?>/g, '')), 'XMP is well-formed XML').toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'rdf:Description' }).parse(raw);
  return { raw, rdf: parsed['x:xmpmeta']['rdf:RDF']['rdf:Description'] };
}

/** One property of the XMP, wherever its rdf:Description is; language alternatives and sequences read as their one item. */
function xmpValue(rdf: Record<string, any>[], name: string): string | undefined {
  const node = rdf.find((d) => d[name] !== undefined)?.[name];
  const item = node?.['rdf:Alt']?.['rdf:li'] ?? node?.['rdf:Seq']?.['rdf:li'] ?? node;
  return typeof item === 'object' ? item['#text'] : item;
}

const infoText = (value: unknown) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

async function render(data: InvoiceDocumentData | CreditNoteDocumentData, xml: string | Buffer = EXAMPLE) {
  const bytes = await renderFacturXPdf(data, xml.toString());
  return { bytes, file: pdfFile(bytes), pdf: await PDFDocument.load(bytes, { updateMetadata: false }) };
}

function sampleCreditNote(): CreditNoteDocumentData {
  const source = sampleInvoice(3);
  const line = source.invoice.lines[0]!;
  return {
    kind: 'credit_note',
    seller: source.seller,
    branding: source.branding,
    locale: 'en',
    language: 'en',
    creditNote: {
      id: 'crn_sample',
      number: 'CN-2026-00007',
      invoice_id: source.invoice.id,
      invoice_number: source.invoice.number,
      customer_id: source.invoice.customer_id,
      customer: source.invoice.customer,
      currency: 'EUR',
      reason: 'Workshop shortened to one day',
      issue_date: '2026-11-30',
      lines: [{ invoice_line_id: line.id, description: line.description, quantity: '1', unit_price: line.unit_price, unit_code: null, base_quantity: '1', discount: null, tax_rate_id: line.tax_rate_id, tax: line.tax, net_amount: line.unit_price }],
      subtotal: '1450.00',
      tax_total: '290.00',
      taxes: [{ tax_rate_id: line.tax_rate_id, category: 'S', percentage: '20', exemption_reason: null, exemption_reason_code: null, taxable_amount: '1450.00', tax_amount: '290.00' }],
      total: '1740.00',
      applied_amount: '1740.00',
      credit_amount: '0.00',
      created_at: '2026-11-30T10:00:00.000Z',
    },
  };
}

describe('the Factur-X profile comes from the XML’s specification identifier (BT-24)', () => {
  it('knows EN 16931 and XRechnung, Alternative for both', () => {
    expect(facturXProfile(EN16931_XML)).toEqual({ conformanceLevel: 'EN 16931', relationship: 'Alternative' });
    expect(facturXProfile(EXAMPLE.toString())).toEqual({ conformanceLevel: 'XRECHNUNG', relationship: 'Alternative' });
    expect(facturXProfile(EN16931_XML.replace('urn:cen.eu:en16931:2017', 'urn:factur-x.eu:1p0:minimum')).relationship).toBe('Data');
  });

  it('refuses what is not a CII invoice of a known profile', () => {
    const ubl = fs.readFileSync(path.join(import.meta.dirname, '../domain/einvoice/examples/01.01a-INVOICE_ubl.xml'), 'utf8');
    expect(() => facturXProfile(ubl)).toThrow(/CII/);
    expect(() => facturXProfile(EN16931_XML.replace('urn:cen.eu:en16931:2017', 'urn:example:unknown'))).toThrow(/urn:example:unknown/);
  });

  it('answers 409 for a draft: it has no number and no e-invoice', async () => {
    const error = await renderFacturXPdf(sampleInvoice(3, { status: 'draft' }), EN16931_XML).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
  });
});

describe.skipIf(!popplerInstalled)('a Factur-X PDF read back', () => {
  it('carries factur-x.xml byte for byte, as the associated file of the document', async () => {
    const { file, pdf } = await render(sampleInvoice(6));
    expect(run('pdfdetach', ['-list', file])).toMatch(/^1 embedded files\n1: factur-x\.xml\n$/);
    const out = path.join(workDir, 'out.xml');
    run('pdfdetach', ['-save', '1', '-o', out, file]);
    expect(fs.readFileSync(out).equals(EXAMPLE)).toBe(true);

    const af = pdf.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);
    expect(spec.get(PDFName.of('Type'))).toBe(PDFName.of('Filespec'));
    expect(spec.get(PDFName.of('AFRelationship'))).toBe(PDFName.of('Alternative'));
    expect(infoText(spec.get(PDFName.of('F')))).toBe(FACTURX_FILENAME);
    expect(infoText(spec.get(PDFName.of('UF')))).toBe(FACTURX_FILENAME);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'), PDFStream) as PDFRawStream;
    expect(stream.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/text#2Fxml'); // text/xml
    expect(Buffer.from(decodePDFRawStream(stream).decode()).equals(EXAMPLE)).toBe(true);
    const params = stream.dict.lookup(PDFName.of('Params'), PDFDict);
    expect(infoText(params.get(PDFName.of('ModDate')))).toBe('D:20261123093000Z');
    expect(params.get(PDFName.of('Size'))?.toString()).toBe(String(EXAMPLE.length));
  });

  it('is a PDF/A-3b: PDF 1.7, sRGB output intent, every font embedded, pdfaid part 3 conformance B', async () => {
    const { bytes, file, pdf } = await render(sampleInvoice(40));
    expect(bytes.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/^Pages:\s+[2-9]$/m);
    expect(info).toMatch(/^Encrypted:\s+no$/m);

    const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const font of fonts) expect(font).toMatch(/^\S+\+DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);

    const [intent] = pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).asArray().map((ref) => pdf.context.lookup(ref, PDFDict));
    expect(intent!.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(infoText(intent!.get(PDFName.of('OutputConditionIdentifier')))).toBe('sRGB IEC61966-2.1');
    const profile = intent!.lookup(PDFName.of('DestOutputProfile'), PDFStream) as PDFRawStream;
    expect(Buffer.from(decodePDFRawStream(profile).decode()).subarray(36, 40).toString('latin1')).toBe('acsp'); // an ICC profile

    const { rdf } = xmpOf(file);
    expect(xmpValue(rdf, 'pdfaid:part')).toBe('3');
    expect(xmpValue(rdf, 'pdfaid:conformance')).toBe('B');
    // A trailer ID: PDF/A requires one.
    expect(bytes.subarray(-200).toString('latin1')).toMatch(/\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
  });

  it('describes itself in XMP as Factur-X, with the fx: extension schema PDF/A needs for it', async () => {
    const { file } = await render(sampleInvoice(6), EN16931_XML);
    const { rdf } = xmpOf(file);
    expect(xmpValue(rdf, 'fx:DocumentType')).toBe('INVOICE');
    expect(xmpValue(rdf, 'fx:DocumentFileName')).toBe('factur-x.xml');
    expect(xmpValue(rdf, 'fx:Version')).toBe('1.0');
    expect(xmpValue(rdf, 'fx:ConformanceLevel')).toBe('EN 16931');
    const schema = rdf.find((d) => d['pdfaExtension:schemas'])!['pdfaExtension:schemas']['rdf:Bag']['rdf:li'];
    expect(schema['pdfaSchema:namespaceURI']).toBe('urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#');
    expect(schema['pdfaSchema:prefix']).toBe('fx');
    const properties = schema['pdfaSchema:property']['rdf:Seq']['rdf:li'] as Record<string, string>[];
    expect(properties.map((p) => p['pdfaProperty:name']).sort()).toEqual(['ConformanceLevel', 'DocumentFileName', 'DocumentType', 'Version']);
    for (const p of properties) expect([p['pdfaProperty:valueType'], p['pdfaProperty:category']]).toEqual(['Text', 'external']);
  });

  it('says in XMP what the Info dictionary says, hostile text included', async () => {
    const data = sampleInvoice(3);
    const hostile = 'Ünïcode & <Co> "quoted" \'s ]]> שלום 🧾 \ud800 end';
    data.seller = { ...data.seller, name: hostile };
    data.invoice = { ...data.invoice, customer: { ...data.invoice.customer, name: 'O\'Brien & Söhne <GmbH>' } };
    const { file, pdf } = await render(data, EN16931_XML);
    const { rdf } = xmpOf(file);
    const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
    const text = (key: string) => infoText(info.lookup(PDFName.of(key))); // pdfkit writes each Info value as an object of its own
    expect(text('Author')).toBe('Ünïcode & <Co> "quoted" \'s ]]> שלום 🧾  end'); // the lone surrogate cannot be XML, so it is in neither
    expect(xmpValue(rdf, 'dc:creator')).toBe(text('Author'));
    expect(xmpValue(rdf, 'dc:title')).toBe(text('Title'));
    expect(xmpValue(rdf, 'dc:description')).toBe(text('Subject'));
    expect(text('Subject')).toContain('O\'Brien & Söhne <GmbH>');
    expect(xmpValue(rdf, 'xmp:CreatorTool')).toBe(text('Creator'));
    expect(xmpValue(rdf, 'pdf:Producer')).toBe(text('Producer'));
    const xmpDate = (value: string | undefined) => `D:${value!.replace(/[-:T]/g, '')}`;
    expect(xmpDate(xmpValue(rdf, 'xmp:CreateDate'))).toBe(text('CreationDate'));
    expect(xmpDate(xmpValue(rdf, 'xmp:ModifyDate'))).toBe(text('ModDate'));
  });

  it('looks like the normal PDF and renders the same bytes every time', async () => {
    const data = sampleInvoice(12);
    const plain = (await documentPdf(data)).content;
    const { bytes, file } = await render(data, EN16931_XML);
    const text = (f: string) => run('pdftotext', ['-layout', '-enc', 'UTF-8', f, '-']);
    expect(text(file)).toBe(text(pdfFile(plain)));
    expect(text(file)).toContain('INV-2026-00042');
    expect((await render(data, EN16931_XML)).bytes.equals(bytes)).toBe(true);
  });

  it('draws a logo’s <a href> as a logo, without a link annotation (PDF/A wants none unflagged)', async () => {
    const data = sampleInvoice(3);
    data.branding = { ...data.branding, logo: logoOf({ content_type: 'image/svg+xml', data: Buffer.from(LINKED_LOGO).toString('base64') }) };
    const { pdf } = await render(data, EN16931_XML);
    for (const page of pdf.getPages()) expect(page.node.Annots()?.size() ?? 0).toBe(0);
  });

  it('makes credit notes too', async () => {
    const { file } = await render(sampleCreditNote(), EN16931_XML.replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:TypeCode>381</ram:TypeCode>'));
    expect(run('pdftotext', [file, '-'])).toContain('CN-2026-00007');
    expect(run('pdfdetach', ['-list', file])).toContain('1: factur-x.xml');
    expect(xmpValue(xmpOf(file).rdf, 'fx:DocumentType')).toBe('INVOICE'); // Factur-X names credit notes INVOICE too (type 381 in the XML)
  });
});

/**
 * No open-source PDF/A-3 validator is packaged for Debian or npm (veraPDF is not); PDFBox's
 * preflight (Debian) checks PDF/A-1b. What PDF/A-1b forbids but PDF/A-3 allows is expected and
 * ignored: embedded files, transparency (a VOID mark), no CIDSet for subset fonts, pdfaid:part 3.
 * Everything else it checks (font programs and widths, XMP syntax, XMP against Info, output
 * intent, file structure) must pass.
 */
const PREFLIGHT_JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((jar) => `/usr/share/java/${jar}.jar`);
const preflightInstalled = PREFLIGHT_JARS.every((jar) => fs.existsSync(jar)) && spawnSync('java', ['-version']).error === undefined;
const PDFA3_ALLOWS = [
  /^1\.2\.9 : Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary$/,
  /^1\.4\.7 : Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary$/,
  /^3\.1\.11 : Invalid Font definition, \S+: The CIDSet entry is missing for the Composite Subset$/,
  /^4\.1\.2 : Transparency error, ca entry in a ExtGState is invalid on page \d+$/,
  /^7\.11\.2 : Error on MetaData, part must be 1$/,
];

describe.skipIf(!preflightInstalled)('PDFBox preflight, less what PDF/A-3 allows beyond PDF/A-1b', () => {
  it('finds nothing else, for hostile text, a PNG logo, an SVG logo with a link and a void invoice', async () => {
    const hostile = sampleInvoice(30, { locale: 'de' });
    hostile.seller = { ...hostile.seller, name: 'Ünïcode & <Co> ]]> שלום 🧾 Ωμέγα Жук' };
    hostile.invoice = { ...hostile.invoice, notes: 'مرحبا بالعالم — 🧾🎉 — <script>&amp;</script>\u0007' };
    const logo = sampleInvoice(4);
    logo.branding = { ...logo.branding, logo: logoOf({ content_type: 'image/png', data: pngImage(120, 40).toString('base64') }) };
    const linked = sampleInvoice(2);
    linked.branding = { ...linked.branding, logo: logoOf({ content_type: 'image/svg+xml', data: Buffer.from(LINKED_LOGO).toString('base64') }) };
    for (const data of [hostile, logo, linked, sampleInvoice(4, { status: 'void' })]) {
      const { file } = await render(data, EN16931_XML);
      const result = spawnSync('java', ['-cp', PREFLIGHT_JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', file], { encoding: 'utf8', timeout: 60_000 });
      const errors = result.stdout.split('\n').filter((line) => /^\d+(\.\d+)* : /.test(line));
      expect(result.stdout).toContain('is not a valid PDF/A-1b file'); // it is a PDF/A-3b: the embedded file alone rules out A-1
      expect(errors.filter((line) => !PDFA3_ALLOWS.some((allowed) => allowed.test(line)))).toEqual([]);
    }
  }, 120_000);
});
