/**
 * The insight report as CSV: one file per section table, zipped. Numbers are written raw (rates as
 * fractions, money in the report currency) so spreadsheets and scripts can compute with them; text goes
 * through the shared CSV formatter, which neutralizes formula injection.
 */
import { type CsvValue, formatCsvRow } from '@churnlens/models/export/csv-row';
import type { InsightReport } from '@churnlens/models/report/insight-report';
import {
  type ReportCell,
  type ReportTable,
  rawColumnTitle,
  reportHeadingLines,
  reportTables,
} from '@churnlens/models/report/report-tables';
import { strToU8, zipSync } from 'fflate';

/** Excel only reads a CSV as UTF-8 when it starts with a byte-order mark. */
const UTF8_BOM = '\uFEFF';

/** A word in place of a number ("new") is left out, so the column holds only numbers. */
function csvValue(cell: ReportCell): CsvValue {
  if (cell === null || typeof cell !== 'object') return cell;
  return 'word' in cell ? null : cell.value;
}

export function renderTableCsv(table: ReportTable): string {
  const rows = [table.columns.map(rawColumnTitle), ...table.rows.map((row) => row.map(csvValue))];
  return UTF8_BOM + rows.map(formatCsvRow).join('');
}

/**
 * The title block as Field,Value rows: once unzipped, the tables no longer sit under the zip's name, and
 * a KPI table without its period, comparison and filters cannot be read right.
 */
export function renderTitleCsv(report: InsightReport): string {
  const fields = reportHeadingLines(report).map((line) => {
    const colon = line.indexOf(': ');
    return [line.slice(0, colon), line.slice(colon + 2)];
  });
  const rows = [['Field', 'Value'], ['Title', report.title], ...fields, ['Currency', report.currency]];
  return UTF8_BOM + rows.map(formatCsvRow).join('');
}

/** A zip holding `00-report.csv` (the title block), `01-summary.csv`, `02-kpis.csv`, … in reading order. */
export function renderCsvZip(report: InsightReport): Uint8Array<ArrayBuffer> {
  const files: Record<string, Uint8Array> = { '00-report.csv': strToU8(renderTitleCsv(report)) };
  reportTables(report).forEach((table, index) => {
    files[`${String(index + 1).padStart(2, '0')}-${table.id}.csv`] = strToU8(renderTableCsv(table));
  });
  return new Uint8Array(zipSync(files, { level: 6 }));
}
