/**
 * Excel workbooks (.xlsx, .xlsm): the first worksheet is written out as a UTF-8 CSV copy, which the CSV
 * reader then reads like any export (title lines above the header included). Cells keep their text; dates
 * become ISO dates, numbers their plain digits and formulas their last computed result, so validation sees
 * what the spreadsheet shows. Every sheet row stays on its own numbered line, so rejected rows name the row
 * a person sees in Excel. Streamed with exceljs: a sheet of a million rows is never held in memory.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { LineLocator } from './staged-source.ts';

const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm'];

/** Whether the file is an Excel workbook this module reads: a ZIP archive named .xlsx or .xlsm. */
export async function isWorkbook(path: string): Promise<boolean> {
  if (!WORKBOOK_EXTENSIONS.includes(extname(path).toLowerCase())) return false;
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    await file.read(head, 0, 4, 0);
    return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  } finally {
    await file.close();
  }
}

/** What a CSV copy of a workbook holds. */
export interface SheetCopy {
  sheet: string;
  /** Worksheets in the workbook; only the first is read. */
  sheets: number;
  /** The sheet row of each line of the copy (index 0 is line 1): a cell with line breaks spans lines. */
  rowOfLine: number[];
}

type Cell = ExcelJS.CellValue;

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A date cell as ISO text. Excel stores the clock time it shows, without a time zone, and exceljs gives it
 * as that time in UTC; a cell at midnight is a date.
 */
function dateText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  if (seconds === 0 && date.getUTCMilliseconds() === 0) return day;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** A cell's value as the text a CSV export of the sheet would hold; empty for an empty cell. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: Cell }).result);
  if ('error' in value) return value.error;
  if ('text' in value) return cellText(value.text as Cell);
  return '';
}

/** One CSV record: fields quoted when they hold a delimiter, a quote or a line break. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',');
}

/** The cells of a row as exceljs gives them (1-based, sparse), as `width` texts. */
function rowFields(values: Cell[] | Record<string, Cell>, width: number): string[] {
  const cells = Array.isArray(values) ? values : [];
  return Array.from({ length: width }, (_, index) => cellText(cells[index + 1]));
}

/** With `values` false the cells' strings and styles are not read: enough to count cells. */
function workbookReader(path: string, values: boolean) {
  return new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: values ? 'cache' : 'ignore',
    styles: values ? 'cache' : 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
}

/**
 * Calls `onRow` for each row of the workbook's first sheet, in order, and says how many sheets it has and
 * what the first is called. The other sheets are read past, not parsed into rows: the stream reaches the
 * end only through them.
 */
async function readFirstSheet(
  path: string,
  values: boolean,
  onRow: (row: ExcelJS.Row) => Promise<void> | void,
): Promise<{ sheets: number; name?: string }> {
  let sheets = 0;
  let name: string | undefined;
  for await (const worksheet of workbookReader(path, values)) {
    sheets += 1;
    if (sheets === 1) name = (worksheet as unknown as { name?: string }).name;
    for await (const row of worksheet) if (sheets === 1) await onRow(row as ExcelJS.Row);
  }
  return { sheets, ...(name ? { name } : {}) };
}

/**
 * Writes the workbook's first sheet to `csvPath` as UTF-8 CSV, one record per sheet row. It is read twice:
 * first for its widest row, because rows leave out their empty trailing cells and every record of the copy
 * must have as many fields as the header.
 */
export async function writeFirstSheetAsCsv(path: string, csvPath: string): Promise<SheetCopy> {
  let width = 0;
  await readFirstSheet(path, false, (row) => {
    width = Math.max(width, row.cellCount);
  });
  const output = createWriteStream(csvPath, { encoding: 'utf8' });
  // Written in chunks of about 1 MB: a write per row took a third of the conversion.
  let chunk = '';
  const flush = async () => {
    if (!output.write(chunk)) await once(output, 'drain');
    chunk = '';
  };
  const rowOfLine: number[] = [];
  let lastRow = 0;
  const { sheets, name } = await readFirstSheet(path, true, async (row) => {
    // A blank line for each empty row keeps the copy's lines on the sheet's row numbers.
    for (let empty = lastRow + 1; empty < row.number; empty += 1) {
      rowOfLine.push(empty);
      chunk += '\n';
    }
    const record = csvRecord(rowFields(row.values, width));
    for (const _line of record.split('\n')) rowOfLine.push(row.number);
    chunk += `${record}\n`;
    lastRow = row.number;
    if (chunk.length > 1_000_000) await flush();
  });
  await flush();
  output.end();
  await once(output, 'finish');
  return { sheet: name ?? 'Sheet1', sheets, rowOfLine };
}

/** The staged CSV copy's line numbers turned into the sheet's row numbers. */
export function sheetRowLocator(locator: LineLocator, copy: SheetCopy): LineLocator {
  const row = (line: number) => copy.rowOfLine[line - 1] ?? line;
  return {
    prepare: (rejected) => locator.prepare(rejected),
    lineOfRow: (rowid) => row(locator.lineOfRow(rowid)),
    lineOfRecord: (record) => row(locator.lineOfRecord(record)),
  };
}

/** What the run says of the sheet it read. */
export function sheetNote(copy: SheetCopy): string {
  const others = copy.sheets > 1 ? ` (the first of ${copy.sheets} sheets; the others are not read)` : '';
  return `read sheet "${copy.sheet}" of the workbook${others}; lines are its row numbers`;
}
