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
  /** Pages this flow has added (to notice a table that ran over a page). */
  page: number;
}

/** A new page; the flow continues at its top. */
export function newPage(flow: PageFlow): void {
  flow.doc.addPage();
  flow.y = flow.top;
  flow.page += 1;
}

/** Moves to a new page unless `height` still fits on this one. */
export function ensureSpace(flow: PageFlow, height: number): void {
  if (flow.y + height > flow.bottom) newPage(flow);
}

/**
 * Widths: every column but the text column as wide as its widest cell or its header's
 * longest word (headers may wrap); the text column takes the rest. Numbers fit on one line
 * in any real document; absurd ones (a 20-digit amount) are capped and wrap rather than
 * squeeze the description to nothing.
 */
function columnWidths(doc: PDFKit.PDFDocument, table: ViewTable, width: number): number[] {
  const textColumn = Math.max(0, table.columns.findIndex((c) => c.key === 'description'));
  const maxColumn = width * 0.22;
  const widths = table.columns.map((column, i) => {
    if (i === textColumn) return { cell: 0, header: 0 };
    doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE);
    // A header may wrap between words, never inside one ("Steuerbetrag" in a narrow table).
    const word = Math.ceil(Math.max(0, ...column.label.split(/\s+/).map((w) => doc.widthOfString(w)))) + 2 * PAD_X + 1;
    doc.font(FONT).fontSize(TABLE_FONT_SIZE);
    let widest = 0;
    for (const row of table.rows) widest = Math.max(widest, doc.widthOfString(row.cells[i] ?? ''));
    // Where there is room, the header stays on one line.
    doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE);
    const header = doc.widthOfString(column.label);
    const cell = Math.max(word, Math.min(Math.ceil(widest) + 2 * PAD_X + 1, maxColumn));
    return { cell, header: Math.max(cell, Math.min(Math.ceil(header) + 2 * PAD_X + 1, maxColumn)) };
  });
  // The text column keeps room for a readable description before headers get spare width.
  // (In a half-width table, such as the tax breakdown, a smaller share, so headers keep whole words.)
  const minText = Math.min(width * 0.3, 140);
  const cells = widths.map((w) => w.cell);
  const spare = width - minText - cells.reduce((sum, w) => sum + w, 0);
  const extras = widths.map((w) => Math.max(0, w.header - w.cell));
  // All headers on one line, or all allowed to wrap: a table with some of each looks accidental.
  const oneLine = extras.reduce((sum, x) => sum + x, 0) <= spare;
  const result = cells.map((w, i) => w + (oneLine ? (extras[i] ?? 0) : 0));
  const room = width - minText;
  if (result.reduce((sum, w) => sum + w, 0) > room) {
    // Too wide: cap the widest columns at one common width, leaving narrow ones (unit, tax) as they are.
    let low = 0;
    let high = Math.max(...result);
    for (let i = 0; i < 30; i++) {
      const cap = (low + high) / 2;
      if (result.reduce((sum, w, j) => sum + (j === textColumn ? 0 : Math.min(w, cap)), 0) > room) high = cap;
      else low = cap;
    }
    const capped = result.map((w) => Math.min(w, low));
    capped[textColumn] = minText;
    return capped;
  }
  result[textColumn] = width - result.reduce((sum, w) => sum + w, 0);
  return result;
}

function headerHeight(doc: PDFKit.PDFDocument, table: ViewTable, widths: number[]): number {
  doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE);
  const lines = Math.max(...table.columns.map((c, i) => doc.heightOfString(c.label || ' ', { width: (widths[i] ?? 0) - 2 * PAD_X })));
  return lines + 2 * PAD_Y;
}

function drawHeader(flow: PageFlow, table: ViewTable, widths: number[], palette: TablePalette): void {
  const { doc } = flow;
  const height = headerHeight(doc, table, widths);
  doc.font(FONT_BOLD).fontSize(HEADER_FONT_SIZE).fillColor(palette.muted);
  let x = flow.left;
  table.columns.forEach((column, i) => {
    const w = widths[i] ?? 0;
    // Bottom-aligned, like the values under them.
    const labelHeight = doc.heightOfString(column.label || ' ', { width: w - 2 * PAD_X });
    doc.text(column.label, x + PAD_X, flow.y + height - PAD_Y - labelHeight, { width: w - 2 * PAD_X, align: column.align });
    x += w;
  });
  flow.y += height;
  doc.moveTo(flow.left, flow.y).lineTo(flow.left + flow.width, flow.y).lineWidth(1).strokeColor(palette.accent).stroke();
}

function rowHeight(doc: PDFKit.PDFDocument, widths: number[], row: ViewTable['rows'][number], textColumn: number): number {
  doc.font(FONT).fontSize(TABLE_FONT_SIZE);
  let height = doc.currentLineHeight();
  row.cells.forEach((cell, i) => {
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

/** The height the whole table takes when it fits on one page. */
export function tableHeight(doc: PDFKit.PDFDocument, table: ViewTable, width: number): number {
  const widths = columnWidths(doc, table, width);
  const textColumn = Math.max(0, table.columns.findIndex((c) => c.key === 'description'));
  const header = headerHeight(doc, table, widths);
  return table.rows.reduce((sum, row) => sum + rowHeight(doc, widths, row, textColumn), header);
}

/** Draws the table from the flow's position; continues on new pages with the header repeated. */
export function drawTable(flow: PageFlow, table: ViewTable, palette: TablePalette): void {
  const { doc } = flow;
  const widths = columnWidths(doc, table, flow.width);
  const textColumn = Math.max(0, table.columns.findIndex((c) => c.key === 'description'));
  const first = table.rows[0];
  ensureSpace(flow, headerHeight(doc, table, widths) + (first ? rowHeight(doc, widths, first, textColumn) : 0));
  drawHeader(flow, table, widths, palette);

  // A row never splits; one taller than a whole page (thousands of line breaks) is cut off with "…".
  const tallest = flow.bottom - flow.top - headerHeight(doc, table, widths);
  for (const row of table.rows) {
    const height = Math.min(rowHeight(doc, widths, row, textColumn), tallest);
    if (flow.y + height > flow.bottom) {
      newPage(flow);
      drawHeader(flow, table, widths, palette);
    }
    let x = flow.left;
    row.cells.forEach((cell, i) => {
      const column = table.columns[i];
      const w = widths[i] ?? 0;
      const box = { width: w - 2 * PAD_X, height: height - 2 * PAD_Y, ellipsis: true, align: column?.align ?? 'left' };
      doc.font(FONT).fontSize(TABLE_FONT_SIZE).fillColor(column?.key === 'position' ? palette.muted : palette.text);
      doc.text(cell, x + PAD_X, flow.y + PAD_Y, box);
      if (i === textColumn && row.note) {
        const room = flow.y + height - PAD_Y - (doc.y + NOTE_GAP);
        if (room > 0) doc.fontSize(NOTE_FONT_SIZE).fillColor(palette.muted).text(row.note, x + PAD_X, doc.y + NOTE_GAP, { ...box, height: room });
      }
      x += w;
    });
    flow.y += height;
    doc.moveTo(flow.left, flow.y).lineTo(flow.left + flow.width, flow.y).lineWidth(0.5).strokeColor(palette.rule).stroke();
  }
}
