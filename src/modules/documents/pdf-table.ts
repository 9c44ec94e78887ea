/**
 * Tables on PDF pages: column widths measured from the content (numbers never wrap, the
 * text column takes the rest and wraps), rows that never split across pages, and the header
 * row repeated at the top of every page a table continues on.
 */
import { FONT, FONT_BOLD } from './pdf-assets.ts';
import type { ViewTable } from './document-view.ts';

export const TABLE_FONT_SIZE = 8.5;
const HEADER_FONT_SIZE = 7.5;
const PAD_X = 5;
const PAD_Y = 4.5;
const NOTE_FONT_SIZE = 7.5;
const NOTE_GAP = 1.5;

export interface TablePalette {
  accent: string;
  text: string;
  muted: string;
  rule: string;
}

export interface PageFlow {
  doc: PDFKit.PDFDocument;
  left: number;
  width: number;
  top: number;
  bottom: number;
  y: number;
}

/** A new page; the flow continues at its top. */
export function newPage(flow: PageFlow): void {
  flow.doc.addPage();
  flow.y = flow.top;
}

/** Moves to a new page unless `height` still fits on this one. */
export function ensureSpace(flow: PageFlow, height: number): void {
  if (flow.y + height > flow.bottom) newPage(flow);
}

/** Widths: every column but the text column as wide as its widest cell; the text column the rest. */
function columnWidths(doc: PDFKit.PDFDocument, table: ViewTable, width: number): number[] {
  const textColumn = Math.max(0, table.columns.findIndex((c) => c.key === 'description'));
  const widths = table.columns.map((column, i) => {
    if (i === textColumn) return 0;
    doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE);
    let widest = doc.widthOfString(column.label);
    doc.font(FONT).fontSize(TABLE_FONT_SIZE);
    for (const row of table.rows) widest = Math.max(widest, doc.widthOfString(row.cells[i] ?? ''));
    // A short text column (unit, kind) still gets room; none takes more than a third of the page.
    return Math.min(Math.ceil(widest) + 2 * PAD_X + 1, width / 3);
  });
  const used = widths.reduce((sum, w) => sum + w, 0);
  widths[textColumn] = Math.max(width - used, 90);
  // On a page too narrow for everything, the number columns give way before text collapses.
  const overflow = widths.reduce((sum, w) => sum + w, 0) - width;
  if (overflow > 0) {
    const others = widths.map((w, i) => (i === textColumn ? 0 : w));
    const total = others.reduce((sum, w) => sum + w, 0);
    return widths.map((w, i) => (i === textColumn ? w : w - (overflow * w) / total));
  }
  return widths;
}

function drawHeader(flow: PageFlow, table: ViewTable, widths: number[], palette: TablePalette): void {
  const { doc } = flow;
  doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE).fillColor(palette.muted);
  let x = flow.left;
  const height = doc.currentLineHeight() + 2 * PAD_Y;
  table.columns.forEach((column, i) => {
    const w = widths[i] ?? 0;
    doc.text(column.label, x + PAD_X, flow.y + PAD_Y, { width: w - 2 * PAD_X, align: column.align, lineBreak: false });
    x += w;
  });
  flow.y += height;
  doc.moveTo(flow.left, flow.y).lineTo(flow.left + flow.width, flow.y).lineWidth(1).strokeColor(palette.accent).stroke();
}

function rowHeight(doc: PDFKit.PDFDocument, table: ViewTable, widths: number[], row: ViewTable['rows'][number], textColumn: number): number {
  doc.font(FONT).fontSize(TABLE_FONT_SIZE);
  let height = doc.currentLineHeight();
  row.cells.forEach((cell, i) => {
    if (table.columns[i]?.align !== 'left') return;
    const width = (widths[i] ?? 0) - 2 * PAD_X;
    let cellHeight = doc.heightOfString(cell || ' ', { width });
    if (i === textColumn && row.note) {
      cellHeight += NOTE_GAP + doc.fontSize(NOTE_FONT_SIZE).heightOfString(row.note, { width });
      doc.fontSize(TABLE_FONT_SIZE);
    }
    height = Math.max(height, cellHeight);
  });
  return height + 2 * PAD_Y;
}

/** Draws the table from the flow's position; continues on new pages with the header repeated. */
export function drawTable(flow: PageFlow, table: ViewTable, palette: TablePalette): void {
  const { doc } = flow;
  const widths = columnWidths(doc, table, flow.width);
  const textColumn = Math.max(0, table.columns.findIndex((c) => c.key === 'description'));
  doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE);
  const headerHeight = doc.currentLineHeight() + 2 * PAD_Y;
  const first = table.rows[0];
  ensureSpace(flow, headerHeight + (first ? rowHeight(doc, table, widths, first, textColumn) : 0));
  drawHeader(flow, table, widths, palette);

  for (const row of table.rows) {
    const height = rowHeight(doc, table, widths, row, textColumn);
    if (flow.y + height > flow.bottom) {
      newPage(flow);
      drawHeader(flow, table, widths, palette);
    }
    let x = flow.left;
    doc.font(FONT).fontSize(TABLE_FONT_SIZE);
    row.cells.forEach((cell, i) => {
      const column = table.columns[i];
      const w = widths[i] ?? 0;
      const color = column?.key === 'position' ? palette.muted : palette.text;
      doc.font(FONT).fontSize(TABLE_FONT_SIZE).fillColor(color);
      if (column?.align === 'right') {
        doc.text(cell, x + PAD_X, flow.y + PAD_Y, { width: w - 2 * PAD_X, align: 'right', lineBreak: false });
      } else {
        doc.text(cell, x + PAD_X, flow.y + PAD_Y, { width: w - 2 * PAD_X });
        if (i === textColumn && row.note) {
          doc.fontSize(NOTE_FONT_SIZE).fillColor(palette.muted).text(row.note, x + PAD_X, doc.y + NOTE_GAP, { width: w - 2 * PAD_X });
        }
      }
      x += w;
    });
    flow.y += height;
    doc.moveTo(flow.left, flow.y).lineTo(flow.left + flow.width, flow.y).lineWidth(0.5).strokeColor(palette.rule).stroke();
  }
}
