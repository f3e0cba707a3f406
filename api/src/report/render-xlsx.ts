/**
 * The insight report as an Excel workbook: a cover sheet (title, period, filters, summary) and one sheet per
 * section table. Numbers are numeric cells with a number format (rates as 0.0%), so the recipient can sort
 * and compute; text cells are formula-neutralized because verbatims are written by customers.
 */
import { neutralizeFormula } from '@churnlens/models/export/neutralize-formula';
import { changeRoundsToZero } from '@churnlens/models/report/figure-format';
import type { InsightReport } from '@churnlens/models/report/insight-report';
import {
  type NumberCell,
  type ReportCell,
  type ReportTable,
  rawColumnTitle,
  reportHeadingLines,
  reportTables,
} from '@churnlens/models/report/report-tables';
import ExcelJS from 'exceljs';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };
const MAX_COLUMN_WIDTH = 80;

/** The currency symbol as en-US writes it ("$", "€", "CA$"). */
function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}

function numberFormat(cell: NumberCell, currency: string): string {
  switch (cell.unit) {
    case 'count':
      return '#,##0';
    case 'ratio':
      return '0.0%';
    case 'money':
      return `"${currencySymbol(currency)}"#,##0`;
    case 'minutes':
      return '0.0';
    case 'relative_change':
      // A change that rounds to zero keeps its number, but no section may sign it: "-0%" reads as a fall.
      return changeRoundsToZero(cell.value, 'count') ? '0%;0%;0%' : '+0%;-0%;0%';
    case 'rate_change':
      // Stored in points (see excelValue) so the cell reads "+4.5 pts", not a misleading "+4.5%".
      return changeRoundsToZero(cell.value, 'ratio')
        ? '0.0" pts";0.0" pts";0.0" pts"'
        : '+0.0" pts";-0.0" pts";0.0" pts"';
  }
}

/**
 * A word in place of a number ("new") is left out, so the column holds only numbers; an empty text (no note)
 * is an empty cell, which Excel's "blanks" filter finds, not a text of no characters.
 */
function excelValue(cell: ReportCell): string | number | boolean | null {
  if (cell === null || typeof cell === 'boolean') return cell;
  if (typeof cell === 'string') return cell === '' ? null : neutralizeFormula(cell);
  if ('word' in cell) return null;
  return cell.unit === 'rate_change' ? cell.value * 100 : cell.value;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(table: ReportTable): string {
  return table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
}

function addTableSheet(workbook: ExcelJS.Workbook, table: ReportTable, currency: string): void {
  const sheet = workbook.addWorksheet(sheetName(table), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(table.columns.map(rawColumnTitle));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const row of table.rows) {
    const added = sheet.addRow(row.map(excelValue));
    row.forEach((cell, index) => {
      if (cell !== null && typeof cell === 'object' && 'unit' in cell)
        added.getCell(index + 1).numFmt = numberFormat(cell, currency);
    });
  }
  if (table.rows.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1 + table.rows.length, column: table.columns.length },
    };
  }
  if (table.notes.length > 0) sheet.addRow([]);
  for (const note of table.notes)
    sheet.addRow([neutralizeFormula(note)]).font = { italic: true, color: { argb: 'FF475569' } };
  table.columns.forEach((column, index) => {
    const longest = Math.max(
      rawColumnTitle(column).length,
      ...table.rows.map((row) => {
        const cell = row[index];
        return typeof cell === 'string' ? cell.length : 12;
      }),
    );
    sheet.getColumn(index + 1).width = Math.min(MAX_COLUMN_WIDTH, longest + 2);
  });
}

/** Title block, then the summary findings with the section each one cites. */
function addCoverSheet(workbook: ExcelJS.Workbook, report: InsightReport, summary: ReportTable): void {
  const sheet = workbook.addWorksheet('Report');
  sheet.getColumn(1).width = 100;
  sheet.getColumn(2).width = 30;
  sheet.addRow([neutralizeFormula(report.title)]).font = { bold: true, size: 16 };
  for (const line of reportHeadingLines(report)) sheet.addRow([neutralizeFormula(line)]);
  sheet.addRow([]);
  const header = sheet.addRow(summary.columns.map((column) => column.title));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const row of summary.rows) {
    const added = sheet.addRow(row.map(excelValue));
    added.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  for (const note of summary.notes) sheet.addRow([neutralizeFormula(note)]).font = { italic: true };
}

export async function renderXlsx(report: InsightReport): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'churnlens';
  workbook.created = new Date(report.generatedAt);
  const [summary, ...sections] = reportTables(report);
  if (summary) addCoverSheet(workbook, report, summary);
  for (const table of sections) addTableSheet(workbook, table, report.currency);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
