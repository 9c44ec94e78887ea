/**
 * The document as a PDF (A4), laid out with pdfkit from the same view as the HTML page and
 * in the same order: seller and title, customer and dates, lines, allowances and charges,
 * tax breakdown, totals, payment instructions, notes, terms; the footer and "Page n of m"
 * on every page, a DRAFT or VOID watermark where it applies. Fonts are embedded. The PDF's
 * dates come from the document, so the same document always renders to the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { DocumentView, Labelled } from './document-view.ts';
import { FONT, FONT_BOLD, defaultFont, drawLogo, registerFonts } from './pdf-assets.ts';
import { PDF_QR_SIZE, drawTransferQr } from './transfer-qr.ts';
import { drawTable, ensureSpace, tableHeight, type PageFlow, type TablePalette } from './pdf-table.ts';

const MARGIN_X = 50;
const MARGIN_TOP = 44;
/** Room under the flowing content for the footer band. */
const MARGIN_BOTTOM = 72;
const TEXT = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#dfe3e8';
const MARK = '#c81e1e';
const BAND = '#f3f5f8';

function heading(flow: PageFlow, text: string, accent: string, keepWith = 40): void {
  const { doc } = flow;
  ensureSpace(flow, 22 + keepWith);
  flow.y += 13;
  doc.font(FONT_BOLD).fontSize(7.5).fillColor(accent).text(text.toUpperCase(), flow.left, flow.y, { characterSpacing: 0.6, lineBreak: false });
  flow.y += doc.currentLineHeight() + 5;
}

/** A block of free text (notes, terms); long text flows onto new pages. */
function paragraph(flow: PageFlow, text: string, size = 8.5, color = TEXT): void {
  const { doc } = flow;
  doc.font(FONT).fontSize(size).fillColor(color);
  ensureSpace(flow, doc.currentLineHeight() + 2);
  doc.text(text, flow.left, flow.y, { width: flow.width, lineGap: 1 });
  flow.y = doc.y;
}

function labelledRows(flow: PageFlow, rows: Labelled[], labelWidth: number): void {
  const { doc } = flow;
  for (const row of rows) {
    doc.font(FONT).fontSize(8.5);
    const height = doc.heightOfString(row.value, { width: flow.width - labelWidth }) + 2;
    ensureSpace(flow, height);
    doc.fillColor(MUTED).text(row.label, flow.left, flow.y, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
    doc.fillColor(TEXT).text(row.value, flow.left + labelWidth, flow.y, { width: flow.width - labelWidth });
    flow.y += height;
  }
}

/** Logo (or the seller's name) on the left, title and number on the right. */
function drawHeader(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const titleWidth = 240;
  let left = flow.y;
  const logoHeight = drawLogo(doc, view.logo, flow.left, flow.y, 170, 54);
  if (logoHeight > 0) {
    left += logoHeight;
  } else {
    doc.font(FONT_BOLD).fontSize(15).fillColor(view.accent).text(view.seller.name, flow.left, flow.y + 4, { width: flow.width - titleWidth - 20 });
    left = doc.y;
  }
  const x = flow.left + flow.width - titleWidth;
  doc.font(FONT_BOLD).fontSize(24).fillColor(view.accent).text(view.heading, x, flow.y - 4, { width: titleWidth, align: 'right' });
  let right = doc.y;
  if (view.number !== null) {
    doc.font(FONT_BOLD).fontSize(11).fillColor(TEXT).text(view.number, x, right, { width: titleWidth, align: 'right' });
    right = doc.y;
  }
  if (view.mark !== null) {
    doc.font(FONT_BOLD).fontSize(9).fillColor(MARK).text(view.mark.note, x, right + 3, { width: titleWidth, align: 'right' });
    right = doc.y;
  }
  flow.y = Math.max(left, right) + 18;
}

function smallHeading(doc: PDFKit.PDFDocument, text: string, x: number, y: number, color: string): number {
  doc.font(FONT_BOLD).fontSize(7).fillColor(color).text(text.toUpperCase(), x, y, { characterSpacing: 0.6, lineBreak: false });
  return y + doc.currentLineHeight() + 3;
}

/** Seller and customer side by side. */
function drawParties(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const gap = 30;
  const columnWidth = (flow.width - gap) / 2;
  let bottom = flow.y;
  [view.seller, view.customer].forEach((party, i) => {
    const x = flow.left + i * (columnWidth + gap);
    let y = smallHeading(doc, party.heading, x, flow.y, view.accent);
    doc.font(FONT_BOLD).fontSize(10).fillColor(TEXT).text(party.name, x, y, { width: columnWidth });
    y = doc.y + 1;
    doc.font(FONT).fontSize(8.5).fillColor(MUTED);
    for (const line of party.lines) {
      doc.text(line, x, y, { width: columnWidth });
      y = doc.y;
    }
    bottom = Math.max(bottom, y);
  });
  flow.y = bottom + 14;
}

/** Number, dates and terms as a band of label/value cells across the page. */
function drawMeta(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const padding = 8;
  const cellWidth = flow.width / Math.max(1, view.meta.length);
  doc.font(FONT_BOLD).fontSize(9);
  const valueHeight = Math.max(...view.meta.map((m) => doc.heightOfString(m.value, { width: cellWidth - 2 * padding })), doc.currentLineHeight());
  const height = 2 * padding + 12 + valueHeight;
  doc.roundedRect(flow.left, flow.y, flow.width, height, 4).fill(BAND);
  view.meta.forEach((m, i) => {
    const x = flow.left + i * cellWidth + padding;
    doc.font(FONT).fontSize(7.5).fillColor(MUTED).text(m.label, x, flow.y + padding, { width: cellWidth - 2 * padding, lineBreak: false, ellipsis: true });
    doc.font(FONT_BOLD).fontSize(9).fillColor(TEXT).text(m.value, x, flow.y + padding + 12, { width: cellWidth - 2 * padding });
  });
  flow.y += height + 14;
}

/** Custom fields printed on the document: one "Label: value" line each, under the meta band. */
function drawFields(flow: PageFlow, view: DocumentView): void {
  if (view.fields.length === 0) return;
  const { doc } = flow;
  for (const field of view.fields) {
    doc.fontSize(8.5);
    ensureSpace(flow, doc.currentLineHeight() + 2);
    doc.font(FONT_BOLD).fillColor(MUTED).text(`${field.label}: `, flow.left, flow.y, { continued: true, width: flow.width });
    doc.font(FONT).fillColor(TEXT).text(field.value, { width: flow.width });
    flow.y = doc.y + 1;
  }
  flow.y += 10;
}

function totalsHeight(doc: PDFKit.PDFDocument, view: DocumentView): number {
  doc.font(FONT).fontSize(9.5);
  return view.totals.length * (doc.currentLineHeight() + 6) + view.totals.filter((t) => t.strong).length * 3;
}

/** Totals, right-aligned in a column `width` wide ending at the right margin, from `y`; returns the bottom. */
function drawTotals(flow: PageFlow, view: DocumentView, y: number, width: number): number {
  const { doc } = flow;
  const x = flow.left + flow.width - width;
  doc.font(FONT).fontSize(9.5);
  const rowHeight = doc.currentLineHeight() + 6;
  for (const row of view.totals) {
    if (row.strong) {
      doc.moveTo(x, y).lineTo(x + width, y).lineWidth(1).strokeColor(view.accent).stroke();
      y += 3;
    }
    doc.font(row.strong ? FONT_BOLD : FONT).fontSize(row.strong ? 10.5 : 9.5).fillColor(row.strong ? TEXT : MUTED);
    doc.text(row.label, x + 5, y + 3, { width: width * 0.55, lineBreak: false, ellipsis: true });
    doc.fillColor(TEXT).text(row.value, x + width * 0.4, y + 3, { width: width * 0.6 - 5, align: 'right', lineBreak: false });
    y += rowHeight;
  }
  return y;
}

/** The tax breakdown (left) beside the totals (right), kept together on one page. */
function drawSummary(flow: PageFlow, view: DocumentView, palette: TablePalette): void {
  const { doc } = flow;
  const gap = 20;
  const totalsWidth = 210;
  const taxesWidth = flow.width - totalsWidth - gap;
  const headingHeight = 27;
  const taxes = view.taxes;
  const taxesHeight = taxes === null ? 0 : headingHeight + tableHeight(doc, taxes.table, taxesWidth);
  const needed = Math.max(taxesHeight, headingHeight + totalsHeight(doc, view));
  if (needed < flow.bottom - flow.top) ensureSpace(flow, needed + 6);
  if (taxes === null) {
    flow.y = drawTotals(flow, view, flow.y + headingHeight, totalsWidth);
    return;
  }
  const column: PageFlow = { ...flow, width: taxesWidth };
  heading(column, taxes.heading, view.accent, 0);
  const tableTop = column.y;
  const tablePage = column.page;
  drawTable(column, taxes.table, palette);
  Object.assign(flow, { y: column.y, page: column.page });
  if (column.page === tablePage) {
    flow.y = Math.max(column.y, drawTotals(flow, view, tableTop, totalsWidth));
  } else {
    // The breakdown ran over a page (dozens of rates): the totals follow below it.
    ensureSpace(flow, totalsHeight(doc, view) + 10);
    flow.y = drawTotals(flow, view, flow.y + 10, totalsWidth);
  }
}

/** A block of the closing part (payment instructions, notes, terms): measured, then drawn. */
interface Block {
  height(doc: PDFKit.PDFDocument, width: number): number;
  draw(flow: PageFlow): void;
}

const HEADING_HEIGHT = 13 + 9 + 5;

function paymentBlock(view: DocumentView): Block | null {
  const payment = view.payment;
  if (payment === null) return null;
  const labelWidth = 95;
  return {
    height: (doc, width) => {
      doc.font(FONT).fontSize(8.5);
      const rows = payment.rows.reduce((sum, row) => sum + doc.heightOfString(row.value, { width: width - labelWidth }) + 2, 0);
      const qr = view.transferQr === null ? 0 : PDF_QR_SIZE + 8;
      return HEADING_HEIGHT + rows + qr + (payment.instructions === null ? 0 : 3 + doc.heightOfString(payment.instructions, { width, lineGap: 1 }));
    },
    draw: (flow) => {
      heading(flow, payment.heading, view.accent, 14 * payment.rows.length);
      labelledRows(flow, payment.rows, labelWidth);
      if (payment.instructions !== null) {
        flow.y += 3;
        paragraph(flow, payment.instructions);
      }
      if (view.transferQr !== null) {
        ensureSpace(flow, PDF_QR_SIZE + 8);
        flow.y += 8 + drawTransferQr(flow.doc, view.transferQr, flow.left, flow.y + 8, flow.width, FONT, MUTED);
      }
    },
  };
}

function sectionBlock(section: { heading: string; text: string } | null, accent: string): Block | null {
  if (section === null) return null;
  return {
    height: (doc, width) => HEADING_HEIGHT + doc.font(FONT).fontSize(8.5).heightOfString(section.text, { width, lineGap: 1 }),
    draw: (flow) => {
      heading(flow, section.heading, accent, 14);
      paragraph(flow, section.text);
    },
  };
}

/**
 * Payment instructions, notes and terms: in two columns when they fit on a page that way
 * (payment instructions, or the notes, on the left), else one after the other, flowing
 * over pages as long text must.
 */
function drawClosing(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const blocks = [paymentBlock(view), sectionBlock(view.notes, view.accent), sectionBlock(view.terms, view.accent)].filter((b): b is Block => b !== null);
  if (blocks.length === 0) return;
  const gap = 30;
  const columnWidth = (flow.width - gap) / 2;
  const [first, ...rest] = blocks as [Block, ...Block[]];
  const columns = blocks.length === 1 ? null : [[first], rest];
  if (columns !== null) {
    const height = Math.max(...columns.map((column) => column.reduce((sum, b) => sum + b.height(doc, columnWidth), 0)));
    if (height < flow.bottom - flow.top) {
      ensureSpace(flow, height + 4);
      const top = flow.y;
      let bottom = top;
      columns.forEach((column, i) => {
        // Measured to fit: no block may start a page of its own inside a column.
        const sub: PageFlow = { ...flow, left: flow.left + i * (columnWidth + gap), width: columnWidth, y: top, bottom: Number.POSITIVE_INFINITY };
        for (const block of column) block.draw(sub);
        bottom = Math.max(bottom, sub.y);
      });
      flow.y = bottom;
      return;
    }
  }
  for (const block of blocks) block.draw(flow);
}

/** Footer, running title, page numbers and watermark, drawn on every page once all pages exist. */
function decoratePages(doc: PDFKit.PDFDocument, view: DocumentView): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width: pageWidth, height: pageHeight } = doc.page;
    const contentWidth = pageWidth - 2 * MARGIN_X;
    // Drawing inside the bottom margin: without this pdfkit would start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };

    doc.rect(0, 0, pageWidth, 6).fill(view.accent);
    const pageNumber = i - range.start + 1;
    if (pageNumber > 1) {
      const running = `${view.title} · ${view.customer.name}`;
      doc.font(FONT).fontSize(7.5).fillColor(MUTED);
      doc.text(running.length > 110 ? `${running.slice(0, 110)}…` : running, MARGIN_X, 24, { width: contentWidth, height: 10, ellipsis: true });
    }
    const band = pageHeight - MARGIN_BOTTOM + 20;
    doc.moveTo(MARGIN_X, band).lineTo(pageWidth - MARGIN_X, band).lineWidth(0.5).strokeColor(RULE).stroke();
    const pageLabel = view.labels.page(pageNumber, range.count);
    doc.font(FONT).fontSize(7.5).fillColor(MUTED).text(pageLabel, pageWidth - MARGIN_X - 100, band + 7, { width: 100, align: 'right', lineBreak: false });
    if (view.footer !== null) {
      doc.text(view.footer, MARGIN_X, band + 7, { width: contentWidth - 115, height: 34, ellipsis: true });
    }

    if (view.mark !== null) {
      doc.save();
      doc.rotate(-32, { origin: [pageWidth / 2, pageHeight / 2] });
      doc.font(FONT_BOLD).fontSize(96).fillColor(MARK).fillOpacity(0.1);
      doc.text(view.mark.text, 0, pageHeight / 2 - 60, { width: pageWidth, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.page.margins = margins;
  }
}

/**
 * Text as pdfkit can set it: tabs as spaces (DejaVu has no tab glyph), Windows line ends as
 * line ends, other control characters dropped. Applied to every string of the view.
 */
function printable<T>(value: T): T {
  if (typeof value === 'string') {
    const text = value.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
    const keep = (c: string) => c === '\n' || (c >= ' ' && c !== '\u007f');
    return (/[^\n\u0020-\u007e\u00a0-\uffff]/.test(text) ? [...text].filter(keep).join('') : text) as T;
  }
  if (Array.isArray(value)) return value.map(printable) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, key === 'logo' ? v : printable(v)])) as T;
  }
  return value;
}

/** Makes the pdfkit document from the options: a plain PDF, or the PDF/A-3 of facturx-pdf.ts. */
export type PdfMaker = (options: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;

const plainPdf: PdfMaker = (options) => new PDFDocument(options);

export function renderDocumentPdf(original: DocumentView, make: PdfMaker = plainPdf): Promise<Buffer> {
  const view = printable(original);
  const doc = make({
    size: 'A4',
    font: defaultFont(),
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    bufferPages: true,
    lang: view.locale,
    displayTitle: true,
    info: {
      Title: view.title,
      Author: view.info.author,
      Subject: view.info.subject,
      Creator: 'Settle',
      Producer: 'Settle',
      CreationDate: view.info.created,
      ModDate: view.info.modified,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);

  const flow: PageFlow = {
    doc,
    left: MARGIN_X,
    width: doc.page.width - 2 * MARGIN_X,
    top: MARGIN_TOP,
    // pdfkit breaks pages itself at the margin; our rows stop a little above it.
    bottom: doc.page.height - MARGIN_BOTTOM - 2,
    y: MARGIN_TOP,
    page: 1,
  };
  const palette: TablePalette = { accent: view.accent, text: TEXT, muted: MUTED, rule: RULE };

  drawHeader(flow, view);
  drawParties(flow, view);
  drawMeta(flow, view);
  drawFields(flow, view);
  drawTable(flow, view.lines, palette);
  if (view.linesNote !== null) {
    flow.y += 4;
    paragraph(flow, view.linesNote, 8, MUTED);
  }
  if (view.adjustments !== null) {
    heading(flow, view.adjustments.heading, view.accent);
    drawTable(flow, view.adjustments.table, palette);
  }
  drawSummary(flow, view, palette);
  drawClosing(flow, view);

  decoratePages(doc, view);
  doc.end();
  return done;
}
