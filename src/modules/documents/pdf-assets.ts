/**
 * Fonts and the logo for PDF documents. DejaVu Sans covers Latin with accents, Greek and
 * Cyrillic; it is read once per process (resolved through the package, so any working
 * directory works) and embedded (subset) into every PDF, so any reader shows the text as
 * written. A logo that cannot be drawn is left off: it never breaks the document.
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { DocumentLogo } from './document-model.ts';

export const FONT = 'DejaVuSans';
export const FONT_BOLD = 'DejaVuSans-Bold';

/** A font parsed by fontkit (pdfkit takes it in place of font bytes). */
type ParsedFont = object;

let parsedFonts: { regular: ParsedFont; bold: ParsedFont } | undefined;

/**
 * The fonts, read and parsed once per process: parsing 1.4 MB of TrueType for every PDF
 * would be most of the work. pdfkit subsets them per document. fontkit is resolved from
 * pdfkit's own dependencies, the parser pdfkit itself would use.
 */
function fonts(): { regular: ParsedFont; bold: ParsedFont } {
  if (parsedFonts === undefined) {
    const require = createRequire(import.meta.url);
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): FontkitFont };
    const load = (file: string) => {
      const bytes = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
      return warmed(fontkit.create(bytes), fontkit.create(bytes));
    };
    parsedFonts = { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  }
  return parsedFonts;
}

interface FontkitFont {
  characterSet: number[];
  glyphForCodePoint(codePoint: number): { id: number };
  getGlyph(id: number, codePoints: number[]): unknown;
}

/** Presentation forms (ligatures ﬁ ﬂ, Arabic positional forms): as text they are what they stand for. */
const PRESENTATION_FORMS = { from: 0xfb00, to: 0xfeff };

/**
 * fontkit keeps one glyph object per glyph id, remembering the characters it was first
 * met for; pdfkit writes those into the PDF's text mapping (what copy, search and pdftotext
 * read). A glyph first met as a part of another one (Ʒ inside Ǯ) would be remembered with
 * no character, and as the font is shared, every later document would lose that letter as
 * text. So every glyph is looked up once, up front: presentation forms with the characters
 * they stand for (the fi ligature reads "fi"), every other glyph with its own character.
 * The text mapping is then right, and the same whatever was rendered before.
 * (`probe`, a second parse, finds glyph ids without fixing their characters.)
 */
function warmed(font: FontkitFont, probe: FontkitFont): ParsedFont {
  const codePoints = [...font.characterSet].sort((a, b) => a - b);
  const isPresentation = (cp: number) => cp >= PRESENTATION_FORMS.from && cp <= PRESENTATION_FORMS.to;
  for (const cp of codePoints.filter(isPresentation)) {
    const meaning = [...String.fromCodePoint(cp).normalize('NFKC')].map((c) => c.codePointAt(0) ?? cp);
    font.getGlyph(probe.glyphForCodePoint(cp).id, meaning);
  }
  for (const cp of codePoints) if (!isPresentation(cp)) font.glyphForCodePoint(cp);
  return font;
}

export function defaultFont(): string {
  return fonts().regular as unknown as string;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const { regular, bold } = fonts();
  // @types/pdfkit knows only paths and bytes; pdfkit also accepts a parsed font (anything with layout()).
  doc.registerFont(FONT, regular as Buffer);
  doc.registerFont(FONT_BOLD, bold as Buffer);
  doc.font(FONT);
}

/**
 * SVG drawing options that keep a logo inside itself: images only from data: URIs (never a
 * path on the server's disk), only our own fonts (a font name is otherwise a file path to
 * pdfkit), no external documents, and warnings kept out of the server log.
 */
function svgOptions(width: number, height: number) {
  return {
    width,
    height,
    preserveAspectRatio: 'xMinYMin meet',
    warningCallback: () => undefined,
    fontCallback: (_family: string, bold: boolean) => (bold ? FONT_BOLD : FONT),
    imageCallback: (link: string) => (/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$/.test(link) ? link.replace(/\s+/g, '') : Buffer.alloc(0)),
  };
}

/** Whether an SVG draws without throwing, tried once per distinct logo on a scratch document. */
const svgVerdicts = new Map<string, boolean>();

function svgDraws(svg: string): boolean {
  const key = crypto.createHash('sha256').update(svg).digest('base64');
  const known = svgVerdicts.get(key);
  if (known !== undefined) return known;
  let ok = true;
  try {
    const scratch = new PDFDocument({ autoFirstPage: true });
    registerFonts(scratch);
    SVGtoPDF(scratch, svg, 0, 0, svgOptions(100, 100));
    scratch.end();
  } catch {
    ok = false;
  }
  if (svgVerdicts.size > 200) svgVerdicts.clear();
  svgVerdicts.set(key, ok);
  return ok;
}

interface PdfImage {
  width: number;
  height: number;
}

/** Draws the logo fitted into the box; returns the height used (0 when there is nothing to draw). */
export function drawLogo(doc: PDFKit.PDFDocument, logo: DocumentLogo | null, x: number, y: number, maxWidth: number, maxHeight: number): number {
  if (logo === null) return 0;
  if (logo.contentType === 'image/svg+xml') {
    const svg = logo.data.toString('utf8');
    if (!svgDraws(svg)) return 0;
    doc.save();
    // A logo is drawn, never a link: svg-to-pdfkit turns an <a href> into a link annotation on
    // the page (a click-through to anywhere on every invoice, and unflagged for printing,
    // which PDF/A forbids); dropped here. The annotation object stays, unreferenced.
    const annotations = (doc.page.annotations as unknown[]).length;
    SVGtoPDF(doc, svg, x, y, svgOptions(maxWidth, maxHeight));
    (doc.page.annotations as unknown[]).length = annotations;
    doc.restore();
    return maxHeight;
  }
  // pdfkit parses the image on openImage (missing from @types/pdfkit) and throws on bad data, before drawing anything.
  let image: PdfImage;
  try {
    image = (doc as unknown as { openImage(src: Buffer): PdfImage }).openImage(logo.data);
  } catch {
    return 0; // not a PNG or JPEG pdfkit can read
  }
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height, 1);
  doc.image(image as unknown as Buffer, x, y, { width: image.width * scale, height: image.height * scale });
  return image.height * scale;
}
