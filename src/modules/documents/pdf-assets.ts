/**
 * Fonts and the logo for PDF documents. DejaVu Sans covers Latin with accents, Greek and
 * Cyrillic; its bytes are read once per process (resolved through the package, so any
 * working directory works) and embedded (subset) into every PDF, so any reader shows the
 * text as written. A logo that cannot be drawn is left off: it never breaks the document.
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { DocumentLogo } from './document-model.ts';

export const FONT = 'DejaVuSans';
export const FONT_BOLD = 'DejaVuSans-Bold';

let fontBytes: { regular: Buffer; bold: Buffer } | undefined;

function fonts(): { regular: Buffer; bold: Buffer } {
  if (fontBytes === undefined) {
    const require = createRequire(import.meta.url);
    fontBytes = {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return fontBytes;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const { regular, bold } = fonts();
  doc.registerFont(FONT, regular);
  doc.registerFont(FONT_BOLD, bold);
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
    SVGtoPDF(doc, svg, x, y, svgOptions(maxWidth, maxHeight));
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
