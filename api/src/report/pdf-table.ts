/**
 * Draws a report table with pdfkit: header row on a grey band (repeated after a page break), numbers
 * right-aligned, long text wrapped, never one or two rows alone at a page's foot or top. Column widths follow
 * the content, text columns give way first.
 */
import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';
import { formatCell, type ReportTable } from '@churnlens/models/report/report-tables';
import { pdfText } from './pdf-text.ts';

const FONT_SIZE = 8.5;
const PADDING = 3;
const HEADER_FILL = '#e2e8f0';
const STRIPE_FILL = '#f8fafc';
const TEXT_COLOR = '#0f172a';

interface Layout {
  widths: number[];
  numeric: boolean[];
}

/** Text cells are formula-neutralized like in every other export; numbers are formatted. */
function cellTexts(table: ReportTable, currency: string): string[][] {
  return table.rows.map((row) =>
    row.map((cell) =>
      pdfText(typeof cell === 'string' ? neutralizeFormula(cell) : formatCell(cell, currency)),
    ),
  );
}

function layout(doc: PDFKit.PDFDocument, table: ReportTable, texts: string[][], available: number): Layout {
  const numeric = table.columns.map((column) => column.numeric);
  doc.fontSize(FONT_SIZE);
  const natural = table.columns.map(({ title }, column) => {
    doc.font('Helvetica-Bold');
    // Headers may wrap between words, so only their longest word sets a minimum.
    const header = Math.max(
      ...pdfText(title)
        .split(' ')
        .map((word) => doc.widthOfString(word)),
    );
    doc.font('Helvetica');
    const cells = texts.map((row) => doc.widthOfString(row[column] ?? ''));
    return Math.max(header, ...cells) + 2 * PADDING + 1;
  });
  const total = natural.reduce((sum, width) => sum + width, 0);
  if (total <= available) return { widths: natural.map((width) => (width / total) * available), numeric };
  // Numbers keep their width; text columns share what is left in proportion to their content.
  const numericWidth = natural.reduce((sum, width, column) => sum + (numeric[column] ? width : 0), 0);
  const textNatural = total - numericWidth;
  const textSpace = Math.max(available - numericWidth, available * 0.3);
  const widths = natural.map((width, column) =>
    numeric[column] ? width : (width / textNatural) * textSpace,
  );
  const scale = Math.min(1, available / widths.reduce((sum, width) => sum + width, 0));
  return { widths: widths.map((width) => width * scale), numeric };
}

function rowHeight(doc: PDFKit.PDFDocument, texts: readonly string[], widths: readonly number[]): number {
  const heights = texts.map((text, column) =>
    doc.heightOfString(text || ' ', { width: (widths[column] ?? 0) - 2 * PADDING }),
  );
  return Math.max(...heights) + 2 * PADDING;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  texts: readonly string[],
  { widths, numeric }: Layout,
  top: number,
  height: number,
  fill: string | null,
): void {
  const left = doc.page.margins.left;
  const width = widths.reduce((sum, columnWidth) => sum + columnWidth, 0);
  if (fill) doc.rect(left, top, width, height).fill(fill);
  doc.fillColor(TEXT_COLOR);
  let x = left;
  texts.forEach((text, column) => {
    const columnWidth = widths[column] ?? 0;
    doc.text(text, x + PADDING, top + PADDING, {
      width: columnWidth - 2 * PADDING,
      align: numeric[column] ? 'right' : 'left',
    });
    x += columnWidth;
  });
}

function pageBottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A table never leaves fewer rows than this at a page's foot, nor carries fewer onto the next page. */
export const MIN_ROWS_PER_PAGE = 3;

export interface TableSpace {
  header: number;
  /** Height left on the page the table would start on. */
  firstPage: number;
  /** Height of a whole page below its top margin, where a continuation starts. */
  page: number;
}

/** Where the rows of each page start: greedily, as many rows as fit under the header. */
function fillPages(rowHeights: readonly number[], space: TableSpace, firstPage: number): number[] {
  const starts = [0];
  let used = space.header;
  let available = firstPage;
  rowHeights.forEach((height, row) => {
    if (row > 0 && used + height > available) {
      starts.push(row);
      used = space.header;
      available = space.page;
    }
    used += height;
  });
  return starts;
}

/**
 * How a table is split over pages: whether it starts on a new page, and the rows each continuation (under a
 * repeated header) starts with. One or two rows at a page's foot read as a table that ends there, and one or
 * two alone on the next page as a stray remainder: every page gets at least MIN_ROWS_PER_PAGE rows (a shorter
 * table all of them), moving rows onto the last page or the whole table onto a new one. Pure, so the layout
 * can be reasoned about apart from drawing; heights in points.
 */
export function splitTable(
  rowHeights: readonly number[],
  space: TableSpace,
): { newPage: boolean; continuations: number[] } {
  const least = Math.min(MIN_ROWS_PER_PAGE, rowHeights.length);
  const opening = rowHeights.slice(0, least).reduce((sum, height) => sum + height, space.header);
  const onNewPage = (): { newPage: boolean; continuations: number[] } => ({
    newPage: true,
    continuations: withoutWidows(fillPages(rowHeights, space, space.page), rowHeights.length).slice(1),
  });
  if (opening > space.firstPage) return onNewPage();
  const starts = withoutWidows(fillPages(rowHeights, space, space.firstPage), rowHeights.length);
  // Too few rows on the first page for the last page to take its share: start on a new page.
  if (starts.length > 1 && (starts[1] ?? 0) < MIN_ROWS_PER_PAGE) return onNewPage();
  return { newPage: false, continuations: starts.slice(1) };
}

/**
 * Moves the last page's start back until it holds MIN_ROWS_PER_PAGE rows; the page before keeps what rows it
 * has left, which the caller checks for the first page. The last page has room: it took rows from a full one.
 */
function withoutWidows(starts: number[], rows: number): number[] {
  const last = starts.at(-1) ?? 0;
  if (starts.length < 2 || rows - last >= MIN_ROWS_PER_PAGE) return starts;
  // Rows so tall that a page holds only a few may leave the page before short; it still keeps one.
  const previous = starts.at(-2) ?? 0;
  return [...starts.slice(0, -1), Math.max(previous + 1, rows - MIN_ROWS_PER_PAGE)];
}

export function drawTable(doc: PDFKit.PDFDocument, table: ReportTable, currency: string): void {
  const available = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const texts = cellTexts(table, currency);
  const tableLayout = layout(doc, table, texts, available);
  const header = table.columns.map((column) => pdfText(column.title));
  const drawHeader = () => {
    doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
    const height = rowHeight(doc, header, tableLayout.widths);
    const top = doc.y;
    drawRow(doc, header, tableLayout, top, height, HEADER_FILL);
    doc.y = top + height;
  };
  doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
  const headerHeight = rowHeight(doc, header, tableLayout.widths);
  doc.font('Helvetica').fontSize(FONT_SIZE);
  const heights = texts.map((row) => rowHeight(doc, row, tableLayout.widths));
  const split = splitTable(heights, {
    header: headerHeight,
    firstPage: pageBottom(doc) - doc.y,
    page: pageBottom(doc) - doc.page.margins.top,
  });
  if (split.newPage) doc.addPage();
  drawHeader();
  texts.forEach((row, index) => {
    if (split.continuations.includes(index)) {
      doc.addPage();
      drawHeader();
    }
    doc.font('Helvetica').fontSize(FONT_SIZE);
    const height = heights[index] ?? 0;
    const top = doc.y;
    drawRow(doc, row, tableLayout, top, height, index % 2 === 1 ? STRIPE_FILL : null);
    doc.y = top + height;
  });
  doc.x = doc.page.margins.left;
}
