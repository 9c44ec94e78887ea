/**
 * Factur-X / ZUGFeRD: the same invoice PDF as pdf-document.ts draws, made a PDF/A-3b
 * (ISO 19005-3 level B) with the CII XML embedded as `factur-x.xml`. All of it is done by
 * pdfkit while the document is written, so there is no second pass over the bytes:
 * - `subset: 'PDF/A-3b'` adds the sRGB output intent and the pdfaid part/conformance XMP;
 *   PDF 1.7 because pdfkit writes no XMP at all for its default version 1.3;
 * - the fonts are DejaVu, embedded as subsets (pdf-assets.ts): no standard-14 font is used;
 * - `doc.file()` writes the embedded file stream (MIME type, size, checksum, dates), the file
 *   specification with /AFRelationship, the EmbeddedFiles name tree and the catalog's /AF;
 * - the rest of the XMP (below) replaces pdfkit's own, which neither escapes text nor writes
 *   xmp:ModifyDate, and adds the Factur-X extension schema and its fx: properties.
 * PDF/A wants the Info dictionary and the XMP to say the same thing: both are written from
 * the same values, cleaned once of what XML cannot carry.
 */
import { XMLParser } from 'fast-xml-parser';
import PDFDocument from 'pdfkit';
import { fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { AppError } from '../../shared/errors.ts';
import type { DocumentData } from './document-model.ts';
import { documentView, type DocumentView } from './document-view.ts';
import { renderDocumentPdf } from './pdf-document.ts';

/** The embedded file's name: Factur-X 1.0 and ZUGFeRD 2.x readers look for exactly this one. */
export const FACTURX_FILENAME = 'factur-x.xml';

const FX_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** Factur-X conformance levels (fx:ConformanceLevel) and how the XML relates to the PDF. */
export interface FacturXProfile {
  conformanceLevel: 'MINIMUM' | 'BASIC WL' | 'BASIC' | 'EN 16931' | 'EXTENDED' | 'XRECHNUNG';
  /**
   * /AFRelationship of the embedded XML. Factur-X 1.07: Alternative for the profiles that
   * are an invoice by themselves (BASIC and above), Data for MINIMUM and BASIC WL, which
   * are not.
   */
  relationship: 'Alternative' | 'Data';
}

/** The profile is named by the XML's specification identifier (BT-24), so the two always agree. */
const PROFILES: Record<string, FacturXProfile> = {
  'urn:factur-x.eu:1p0:minimum': { conformanceLevel: 'MINIMUM', relationship: 'Data' },
  'urn:factur-x.eu:1p0:basicwl': { conformanceLevel: 'BASIC WL', relationship: 'Data' },
  'urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic': { conformanceLevel: 'BASIC', relationship: 'Alternative' },
  'urn:cen.eu:en16931:2017': { conformanceLevel: 'EN 16931', relationship: 'Alternative' },
  'urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended': { conformanceLevel: 'EXTENDED', relationship: 'Alternative' },
  'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0': { conformanceLevel: 'XRECHNUNG', relationship: 'Alternative' },
};

/** The part of a parsed CII document that names its specification (text is kept as text). */
interface CiiContext {
  ExchangedDocumentContext?: { GuidelineSpecifiedDocumentContextParameter?: { ID?: unknown } };
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, processEntities: false });

/**
 * The Factur-X profile of a CII invoice, from its BT-24. Our own writer makes the XML, so
 * anything else (not CII, an unknown specification) is a bug upstream, not bad input.
 */
export function facturXProfile(xml: string): FacturXProfile {
  const root = (parser.parse(xml) as { CrossIndustryInvoice?: CiiContext }).CrossIndustryInvoice;
  if (root === undefined) throw new Error('Factur-X needs a CII CrossIndustryInvoice XML');
  const id = root.ExchangedDocumentContext?.GuidelineSpecifiedDocumentContextParameter?.ID;
  const profile = typeof id === 'string' ? PROFILES[id.trim()] : undefined;
  if (profile === undefined) throw new Error(`No Factur-X profile for the specification identifier ${String(id)}`);
  return profile;
}

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  dc: 'http://purl.org/dc/elements/1.1/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/',
  pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
  pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
  fx: FX_NAMESPACE,
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

type Prefix = keyof typeof NS;

/** One rdf:Description of the packet, declaring the prefixes it uses. */
function description(root: XMLBuilder, prefixes: Prefix[]): XMLBuilder {
  const node = root.ele(NS.rdf, 'rdf:Description').att(NS.rdf, 'rdf:about', '');
  for (const prefix of prefixes) node.att('http://www.w3.org/2000/xmlns/', `xmlns:${prefix}`, NS[prefix]);
  return node;
}

function element(parent: XMLBuilder, qualified: `${Prefix}:${string}`, text?: string): XMLBuilder {
  const node = parent.ele(NS[qualified.split(':')[0] as Prefix], qualified);
  return text === undefined ? node : node.txt(text);
}

/** A language alternative with only the default (dc:title, dc:description). */
function alt(parent: XMLBuilder, qualified: `${Prefix}:${string}`, text: string): void {
  element(element(element(parent, qualified), 'rdf:Alt'), 'rdf:li', text).att(NS.xml, 'xml:lang', 'x-default');
}

/** The fx: properties: PDF/A allows properties outside its predefined schemas only when described like this. */
const FX_PROPERTIES: [name: string, description: string][] = [
  ['DocumentFileName', 'The name of the embedded XML document'],
  ['DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'],
  ['Version', 'The actual version of the standard applying to the embedded XML document'],
  ['ConformanceLevel', 'The conformance level of the embedded XML document'],
];

function extensionSchema(root: XMLBuilder): void {
  const bag = element(element(description(root, ['pdfaExtension', 'pdfaSchema', 'pdfaProperty']), 'pdfaExtension:schemas'), 'rdf:Bag');
  const schema = element(bag, 'rdf:li').att(NS.rdf, 'rdf:parseType', 'Resource');
  element(schema, 'pdfaSchema:schema', 'Factur-X PDFA Extension Schema');
  element(schema, 'pdfaSchema:namespaceURI', FX_NAMESPACE);
  element(schema, 'pdfaSchema:prefix', 'fx');
  const properties = element(element(schema, 'pdfaSchema:property'), 'rdf:Seq');
  for (const [name, text] of FX_PROPERTIES) {
    const property = element(properties, 'rdf:li').att(NS.rdf, 'rdf:parseType', 'Resource');
    element(property, 'pdfaProperty:name', name);
    element(property, 'pdfaProperty:valueType', 'Text');
    element(property, 'pdfaProperty:category', 'external');
    element(property, 'pdfaProperty:description', text);
  }
}

/** What the Info dictionary says, as the XMP must repeat it. */
interface ArchiveInfo {
  Title: string;
  Author: string;
  Subject: string;
  Creator: string;
  Producer: string;
  CreationDate: Date;
  ModDate: Date;
}

/** XMP dates as pdfkit writes the Info dates: UTC to the second. */
const xmpDate = (date: Date) => `${date.toISOString().split('.')[0]}Z`;

/** The rdf:Description elements of the packet (pdfkit adds the pdfaid one and the envelope). */
export function facturXXmp(info: ArchiveInfo, profile: FacturXProfile): string {
  const root = fragment();
  const xmp = description(root, ['xmp']);
  element(xmp, 'xmp:CreateDate', xmpDate(info.CreationDate));
  element(xmp, 'xmp:ModifyDate', xmpDate(info.ModDate));
  element(xmp, 'xmp:CreatorTool', info.Creator);
  const dc = description(root, ['dc']);
  element(dc, 'dc:format', 'application/pdf');
  alt(dc, 'dc:title', info.Title);
  element(element(element(dc, 'dc:creator'), 'rdf:Seq'), 'rdf:li', info.Author);
  alt(dc, 'dc:description', info.Subject);
  element(description(root, ['pdf']), 'pdf:Producer', info.Producer);
  extensionSchema(root);
  const fx = description(root, ['fx']);
  element(fx, 'fx:DocumentType', 'INVOICE');
  element(fx, 'fx:DocumentFileName', FACTURX_FILENAME);
  element(fx, 'fx:Version', '1.0');
  element(fx, 'fx:ConformanceLevel', profile.conformanceLevel);
  return root.end({ headless: true, prettyPrint: true });
}

/**
 * Text that XML 1.0 can carry (no lone surrogates, no U+FFFE/U+FFFF; control characters are
 * already gone, pdf-document.ts drops them): the Info dictionary gets the same text as the XMP.
 */
function xmlSafe(text: string): string {
  return [...text].filter((c) => {
    const cp = c.codePointAt(0)!;
    return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
  }).join('');
}

/** pdfkit's document with our XMP in place of its own (its `_addInfo`, called once by end()). */
class FacturXDocument extends PDFDocument {
  constructor(
    options: PDFKit.PDFDocumentOptions,
    private readonly xmp: string,
  ) {
    super(options);
  }

  _addInfo(): void {
    (this as unknown as { appendXML(xml: string): void }).appendXML(this.xmp);
  }
}

/**
 * The invoice or credit note as a Factur-X PDF: the document as the normal PDF shows it, a
 * PDF/A-3b, with `xml` (the CII of the same document, EN 16931 or another Factur-X profile,
 * named by its BT-24) embedded byte for byte as factur-x.xml. A draft has no e-invoice: 409.
 */
export async function renderFacturXPdf(data: DocumentData, xml: string): Promise<Buffer> {
  return renderFacturXView(documentView(data), xml);
}

/** renderFacturXPdf for a view already built (invoice-files.ts needs it for the file name too). */
export async function renderFacturXView(view: DocumentView, xml: string): Promise<Buffer> {
  if (view.number === null) throw AppError.conflict('A draft has no e-invoice: finalize it first');
  const profile = facturXProfile(xml);
  return renderDocumentPdf(view, (options) => {
    const given = options.info ?? {};
    const info: ArchiveInfo = {
      Title: xmlSafe(given.Title ?? ''),
      Author: xmlSafe(given.Author ?? ''),
      Subject: xmlSafe(given.Subject ?? ''),
      Creator: xmlSafe(given.Creator ?? 'Settle'),
      Producer: xmlSafe(given.Producer ?? 'Settle'),
      CreationDate: given.CreationDate ?? view.info.created,
      ModDate: given.ModDate ?? view.info.modified,
    };
    const doc = new FacturXDocument({ ...options, info, subset: 'PDF/A-3b', pdfVersion: '1.7' }, facturXXmp(info, profile));
    // `relationship` (pdfkit 0.20) is missing from @types/pdfkit.
    const attachment: PDFKit.Mixins.PDFAttachmentOptions & { relationship: FacturXProfile['relationship'] } = {
      name: FACTURX_FILENAME,
      type: 'text/xml',
      description: `Factur-X ${profile.conformanceLevel} invoice`,
      creationDate: info.CreationDate,
      modifiedDate: info.ModDate,
      relationship: profile.relationship,
    };
    doc.file(Buffer.from(xml, 'utf8'), attachment);
    return doc;
  });
}
