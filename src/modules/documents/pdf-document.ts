/**
 * The document as a PDF (A4), laid out with pdfkit from the same view as the HTML page and
 * in the same order: seller and title, customer and dates, lines, allowances and charges,
 * tax breakdown, totals, payment instructions, notes, terms; the footer and "Page n of m"
 * on every page, a DRAFT or VOID watermark where it applies. Fonts are embedded. The PDF's
 * dates come from the document, so the same document always renders to the same bytes.
 */
import PDFDocument from 'pdfkit';
import type { DocumentView, Labelled } from './document-view.ts';
import { FONT, FONT_BOLD, drawLogo, registerFonts } from './pdf-assets.ts';
import { drawTable, ensureSpace, type PageFlow, type TablePalette } from './pdf-table.ts';

const MARGIN_X = 50;
const MARGIN_TOP = 54;
/** Room under the flowing content for the footer band. */
const MARGIN_BOTTOM = 84;
const TEXT = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#dfe3e8';
const MARK = '#c81e1e';

function heading(flow: PageFlow, text: string, accent: string, keepWith = 40): void {
  const { doc } = flow;
  ensureSpace(flow, 26 + keepWith);
  flow.y += 16;
  doc.font(FONT_BOLD).fontSize(7.5).fillColor(accent).text(text.toUpperCase(), flow.left, flow.y, { characterSpacing: 0.6, lineBreak: false });
  flow.y += doc.currentLineHeight() + 5;
}

/** A block of free text (notes, terms); long text flows onto new pages. */
function paragraph(flow: PageFlow, text: string, size = 9, color = TEXT): void {
  const { doc } = flow;
  doc.font(FONT).fontSize(size).fillColor(color);
  ensureSpace(flow, doc.currentLineHeight() + 2);
  doc.text(text, flow.left, flow.y, { width: flow.width, lineGap: 1 });
  flow.y = doc.y;
}

function labelledRows(flow: PageFlow, rows: Labelled[], labelWidth: number): void {
  const { doc } = flow;
  for (const row of rows) {
    doc.font(FONT).fontSize(9);
    const height = doc.heightOfString(row.value, { width: flow.width - labelWidth }) + 2.5;
    ensureSpace(flow, height);
    doc.fillColor(MUTED).text(row.label, flow.left, flow.y, { width: labelWidth - 8, lineBreak: false, ellipsis: true });
    doc.fillColor(TEXT).text(row.value, flow.left + labelWidth, flow.y, { width: flow.width - labelWidth });
    flow.y += height;
  }
}

/** Seller (with logo) on the left, title and number on the right. */
function drawHeader(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const titleWidth = 220;
  const sellerWidth = flow.width - titleWidth - 20;
  let left = flow.y;
  const logoHeight = drawLogo(doc, view.logo, flow.left, left, 160, 56);
  if (logoHeight > 0) left += logoHeight + 10;
  doc.font(FONT_BOLD).fontSize(11).fillColor(TEXT).text(view.seller.name, flow.left, left, { width: sellerWidth });
  left = doc.y + 1;
  doc.font(FONT).fontSize(8.5).fillColor(MUTED);
  for (const line of view.seller.lines) {
    doc.text(line, flow.left, left, { width: sellerWidth });
    left = doc.y;
  }

  const x = flow.left + flow.width - titleWidth;
  let right = flow.y - 4;
  doc.font(FONT_BOLD).fontSize(24).fillColor(view.accent).text(view.heading, x, right, { width: titleWidth, align: 'right' });
  right = doc.y;
  if (view.number !== null) {
    doc.font(FONT_BOLD).fontSize(11).fillColor(TEXT).text(view.number, x, right, { width: titleWidth, align: 'right' });
    right = doc.y;
  }
  if (view.mark !== null) {
    doc.font(FONT_BOLD).fontSize(9).fillColor(MARK).text(`${view.mark.text} — ${view.mark.note}`, x, right + 4, { width: titleWidth, align: 'right' });
    right = doc.y;
  }
  flow.y = Math.max(left, right) + 26;
}

/** Customer on the left, number and dates on the right. */
function drawParties(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const metaWidth = 250;
  const customerWidth = flow.width - metaWidth - 20;
  const top = flow.y;
  doc.font(FONT_BOLD).fontSize(7.5).fillColor(view.accent).text(view.customer.heading.toUpperCase(), flow.left, top, { characterSpacing: 0.6, lineBreak: false });
  let left = top + doc.currentLineHeight() + 4;
  doc.font(FONT_BOLD).fontSize(10).fillColor(TEXT).text(view.customer.name, flow.left, left, { width: customerWidth });
  left = doc.y + 1;
  doc.font(FONT).fontSize(9).fillColor(MUTED);
  for (const line of view.customer.lines) {
    doc.text(line, flow.left, left, { width: customerWidth });
    left = doc.y;
  }

  const labelWidth = 110;
  const x = flow.left + flow.width - metaWidth;
  let right = top;
  for (const row of view.meta) {
    doc.font(FONT).fontSize(9).fillColor(MUTED).text(row.label, x, right, { width: labelWidth, lineBreak: false });
    doc.font(FONT).fontSize(9).fillColor(TEXT).text(row.value, x + labelWidth, right, { width: metaWidth - labelWidth, align: 'right' });
    right = Math.max(doc.y, right + doc.currentLineHeight()) + 2;
  }
  flow.y = Math.max(left, right) + 22;
}

function drawTotals(flow: PageFlow, view: DocumentView): void {
  const { doc } = flow;
  const width = 250;
  const x = flow.left + flow.width - width;
  doc.font(FONT).fontSize(9.5);
  const rowHeight = doc.currentLineHeight() + 6;
  ensureSpace(flow, 12 + view.totals.length * (rowHeight + 3));
  flow.y += 12;
  for (const row of view.totals) {
    if (row.strong) {
      doc.moveTo(x, flow.y).lineTo(x + width, flow.y).lineWidth(1).strokeColor(view.accent).stroke();
      flow.y += 3;
    }
    doc.font(row.strong ? FONT_BOLD : FONT).fontSize(row.strong ? 10.5 : 9.5).fillColor(row.strong ? TEXT : MUTED);
    doc.text(row.label, x + 5, flow.y + 3, { width: width / 2, lineBreak: false });
    doc.fillColor(TEXT).text(row.value, x + width / 2, flow.y + 3, { width: width / 2 - 5, align: 'right', lineBreak: false });
    flow.y += rowHeight;
  }
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
      doc.font(FONT).fontSize(7.5).fillColor(MUTED).text(`${view.title} · ${view.customer.name}`, MARGIN_X, 30, { width: contentWidth, lineBreak: false, ellipsis: true });
    }
    const band = pageHeight - MARGIN_BOTTOM + 22;
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

export function renderDocumentPdf(view: DocumentView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
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
  };
  const palette: TablePalette = { accent: view.accent, text: TEXT, muted: MUTED, rule: RULE };

  drawHeader(flow, view);
  drawParties(flow, view);
  drawTable(flow, view.lines, palette);
  if (view.linesNote !== null) {
    flow.y += 4;
    paragraph(flow, view.linesNote, 8, MUTED);
  }
  if (view.adjustments !== null) {
    heading(flow, view.adjustments.heading, view.accent);
    drawTable(flow, view.adjustments.table, palette);
  }
  if (view.taxes !== null) {
    heading(flow, view.taxes.heading, view.accent);
    drawTable(flow, view.taxes.table, palette);
  }
  drawTotals(flow, view);
  if (view.payment !== null) {
    heading(flow, view.payment.heading, view.accent, 14 * view.payment.rows.length);
    labelledRows(flow, view.payment.rows, 110);
    if (view.payment.instructions !== null) {
      flow.y += 3;
      paragraph(flow, view.payment.instructions);
    }
  }
  for (const section of [view.notes, view.terms]) {
    if (section === null) continue;
    heading(flow, section.heading, view.accent, 14);
    paragraph(flow, section.text);
  }

  decoratePages(doc, view);
  doc.end();
  return done;
}
