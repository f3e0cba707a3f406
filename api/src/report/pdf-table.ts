/**
 * Draws a report table with pdfkit: header row on a grey band (repeated after a page break), numbers
 * right-aligned, long text wrapped. Column widths follow the content, text columns give way first.
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
  doc.font('Helvetica');
  const firstRowHeight = texts[0] ? rowHeight(doc, texts[0], tableLayout.widths) : 0;
  if (doc.y + headerHeight + firstRowHeight > pageBottom(doc)) doc.addPage();
  drawHeader();
  texts.forEach((row, index) => {
    doc.font('Helvetica').fontSize(FONT_SIZE);
    const height = rowHeight(doc, row, tableLayout.widths);
    if (doc.y + height > pageBottom(doc)) {
      doc.addPage();
      drawHeader();
      doc.font('Helvetica').fontSize(FONT_SIZE);
    }
    const top = doc.y;
    drawRow(doc, row, tableLayout, top, height, index % 2 === 1 ? STRIPE_FILL : null);
    doc.y = top + height;
  });
  doc.x = doc.page.margins.left;
}
