/**
 * Account documents as PDF (A4): a payment receipt and a customer statement. Simpler than
 * an invoice — seller and title, the two parties, a few labelled facts, tables, totals —
 * drawn with the invoice's fonts, table layout and colours so they read as one set.
 * Deterministic: the PDF's dates come from the document.
 */
import PDFDocument from 'pdfkit';
import type { DocumentLogo } from './document-model.ts';
import type { Labelled, ViewTable } from './document-view.ts';
import { FONT, FONT_BOLD, defaultFont, drawLogo, registerFonts } from './pdf-assets.ts';
import { drawTable, ensureSpace, type PageFlow, type TablePalette } from './pdf-table.ts';

const MARGIN_X = 50;
const MARGIN_TOP = 44;
const MARGIN_BOTTOM = 60;
const TEXT = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#dfe3e8';

export interface AccountDocument {
  title: string;
  heading: string;
  /** Under the heading: the receipt's payment reference, the statement's period. */
  subheading: string | null;
  locale: string;
  accent: string;
  logo: DocumentLogo | null;
  seller: { heading: string; name: string; lines: string[] };
  customer: { heading: string; name: string; lines: string[] };
  facts: Labelled[];
  sections: { heading: string; table: ViewTable }[];
  totals: (Labelled & { strong?: boolean })[];
  closing: string | null;
  footer: string | null;
  page: (page: number, pages: number) => string;
  info: { author: string; subject: string; created: Date };
}

function party(doc: PDFKit.PDFDocument, p: AccountDocument['seller'], x: number, y: number, width: number, accent: string): number {
  doc.font(FONT_BOLD).fontSize(7).fillColor(accent).text(p.heading.toUpperCase(), x, y, { characterSpacing: 0.6, lineBreak: false });
  y += doc.currentLineHeight() + 3;
  doc.font(FONT_BOLD).fontSize(10).fillColor(TEXT).text(p.name, x, y, { width });
  doc.font(FONT).fontSize(8.5).fillColor(MUTED);
  for (const line of p.lines) doc.text(line, x, doc.y, { width });
  return doc.y;
}

export function renderAccountPdf(view: AccountDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    font: defaultFont(),
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    bufferPages: true,
    lang: view.locale,
    displayTitle: true,
    info: { Title: view.title, Author: view.info.author, Subject: view.info.subject, Creator: 'Settle', Producer: 'Settle', CreationDate: view.info.created, ModDate: view.info.created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  const width = doc.page.width - 2 * MARGIN_X;
  const flow: PageFlow = { doc, left: MARGIN_X, width, top: MARGIN_TOP, bottom: doc.page.height - MARGIN_BOTTOM - 2, y: MARGIN_TOP, page: 1 };
  const palette: TablePalette = { accent: view.accent, text: TEXT, muted: MUTED, rule: RULE };

  // Header: logo or name on the left, heading on the right.
  const titleWidth = 260;
  let left = flow.y;
  const logoHeight = drawLogo(doc, view.logo, MARGIN_X, flow.y, 170, 54);
  if (logoHeight > 0) left += logoHeight;
  else {
    doc.font(FONT_BOLD).fontSize(15).fillColor(view.accent).text(view.seller.name, MARGIN_X, flow.y + 4, { width: width - titleWidth - 20 });
    left = doc.y;
  }
  const tx = MARGIN_X + width - titleWidth;
  doc.font(FONT_BOLD).fontSize(20).fillColor(view.accent).text(view.heading, tx, flow.y - 2, { width: titleWidth, align: 'right' });
  if (view.subheading !== null) doc.font(FONT_BOLD).fontSize(10).fillColor(TEXT).text(view.subheading, tx, doc.y, { width: titleWidth, align: 'right' });
  flow.y = Math.max(left, doc.y) + 18;

  const gap = 30;
  const column = (width - gap) / 2;
  flow.y = Math.max(party(doc, view.seller, MARGIN_X, flow.y, column, view.accent), party(doc, view.customer, MARGIN_X + column + gap, flow.y, column, view.accent)) + 14;

  // Facts: a band of label/value rows.
  for (const fact of view.facts) {
    doc.font(FONT).fontSize(9).fillColor(MUTED).text(fact.label, MARGIN_X, flow.y, { width: 140, lineBreak: false, ellipsis: true });
    doc.font(FONT_BOLD).fontSize(9).fillColor(TEXT).text(fact.value, MARGIN_X + 150, flow.y, { width: width - 150 });
    flow.y = doc.y + 3;
  }

  for (const section of view.sections) {
    ensureSpace(flow, 60);
    flow.y += 14;
    doc.font(FONT_BOLD).fontSize(7.5).fillColor(view.accent).text(section.heading.toUpperCase(), MARGIN_X, flow.y, { characterSpacing: 0.6, lineBreak: false });
    flow.y += doc.currentLineHeight() + 5;
    drawTable(flow, section.table, palette);
  }

  if (view.totals.length > 0) {
    const totalsWidth = 240;
    const x = MARGIN_X + width - totalsWidth;
    ensureSpace(flow, view.totals.length * 18 + 20);
    flow.y += 14;
    for (const row of view.totals) {
      if (row.strong) {
        doc.moveTo(x, flow.y).lineTo(x + totalsWidth, flow.y).lineWidth(1).strokeColor(view.accent).stroke();
        flow.y += 3;
      }
      doc.font(row.strong ? FONT_BOLD : FONT).fontSize(row.strong ? 10.5 : 9.5).fillColor(row.strong ? TEXT : MUTED);
      doc.text(row.label, x + 5, flow.y + 3, { width: totalsWidth * 0.58, lineBreak: false, ellipsis: true });
      doc.fillColor(TEXT).text(row.value, x + totalsWidth * 0.4, flow.y + 3, { width: totalsWidth * 0.6 - 5, align: 'right', lineBreak: false });
      flow.y += 18;
    }
  }
  if (view.closing !== null) {
    ensureSpace(flow, 30);
    flow.y += 16;
    doc.font(FONT).fontSize(9.5).fillColor(TEXT).text(view.closing, MARGIN_X, flow.y, { width });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    const { width: pageWidth, height: pageHeight } = doc.page;
    doc.rect(0, 0, pageWidth, 6).fill(view.accent);
    const band = pageHeight - MARGIN_BOTTOM + 14;
    doc.moveTo(MARGIN_X, band).lineTo(pageWidth - MARGIN_X, band).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(FONT).fontSize(7.5).fillColor(MUTED).text(view.page(i - range.start + 1, range.count), pageWidth - MARGIN_X - 100, band + 7, { width: 100, align: 'right', lineBreak: false });
    if (view.footer !== null) doc.text(view.footer, MARGIN_X, band + 7, { width: width - 115, height: 24, ellipsis: true });
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}
