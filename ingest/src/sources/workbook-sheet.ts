/**
 * Excel workbooks (.xlsx, .xlsm): one worksheet (the first, or the one the mapping's `sheet` names) is
 * written out as a UTF-8 CSV copy, which the CSV reader then reads like any export (title lines above the
 * header included). Cells keep their text; dates become ISO dates, numbers their plain digits and formulas
 * their last computed result, so validation sees what the spreadsheet shows. Every sheet row stays on its
 * own numbered line, so rejected rows name the row a person sees in Excel. Streamed with exceljs: a sheet
 * of a million rows is never held in memory.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { ExpansionLimit } from '../ingest-report.ts';
import { ExpansionLimitError } from './expansion-limit.ts';
import type { LineLocator } from './staged-source.ts';

/** What a CSV copy of a workbook holds. */
export interface SheetCopy {
  /** The sheet read. */
  sheet: string;
  /** The workbook's sheets, in order; only one is read. */
  sheets: string[];
  /** Whether the sheet was named (the mapping's `sheet`) rather than taken for being the first. */
  chosen: boolean;
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

/** Thrown when the sheet a mapping names is not in the workbook; the message lists the sheets it has. */
export class MissingSheetError extends Error {
  override name = 'MissingSheetError';
}

/**
 * Calls `onRow` for each row of one sheet of the workbook, in order: the one named `wanted` (any case), else
 * the first. Says what the sheet is called and what sheets the workbook has. The other sheets are read past,
 * not turned into rows: the stream reaches the end only through them.
 */
async function readSheet(
  path: string,
  wanted: string | undefined,
  values: boolean,
  onRow: (row: ExcelJS.Row) => Promise<void> | void,
): Promise<{ name?: string; names: string[] }> {
  const names: string[] = [];
  let chosen: string | undefined;
  for await (const worksheet of workbookReader(path, values)) {
    const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${names.length + 1}`;
    names.push(name);
    const read =
      chosen === undefined &&
      (wanted === undefined || name.toLocaleLowerCase() === wanted.toLocaleLowerCase());
    if (read) chosen = name;
    for await (const row of worksheet) if (read) await onRow(row as ExcelJS.Row);
  }
  if (chosen === undefined && wanted !== undefined) {
    throw new MissingSheetError(`the workbook has no sheet "${wanted}" (its sheets: ${names.join(', ')})`);
  }
  return { ...(chosen ? { name: chosen } : {}), names };
}

/**
 * Writes one sheet of the workbook (`sheet`, else the first) to `csvPath` as UTF-8 CSV, one record per sheet
 * row. It is read twice: first for its widest row, because rows leave out their empty trailing cells and
 * every record of the copy must have as many fields as the header.
 */
export async function writeSheetAsCsv(
  path: string,
  csvPath: string,
  sheet?: string,
  limit?: ExpansionLimit,
): Promise<SheetCopy> {
  let [width, rows] = [0, 0];
  await readSheet(path, sheet, false, (row) => {
    width = Math.max(width, row.cellCount);
    rows += 1;
    // Every row of the copy takes at least a byte per field: past the limit before a byte is written.
    if (limit && rows * width > limit.bytes) throw new ExpansionLimitError('its sheet expands', limit);
  });
  const output = createWriteStream(csvPath, { encoding: 'utf8' });
  // Written in chunks of about 1 MB: a write per row took a third of the conversion.
  let chunk = '';
  let written = 0;
  const flush = async () => {
    written += chunk.length;
    if (limit && written > limit.bytes) {
      output.destroy();
      throw new ExpansionLimitError('its sheet expands', limit);
    }
    if (!output.write(chunk)) await once(output, 'drain');
    chunk = '';
  };
  const rowOfLine: number[] = [];
  let lastRow = 0;
  const { name, names } = await readSheet(path, sheet, true, async (row) => {
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
  return { sheet: name ?? 'Sheet1', sheets: names, chosen: sheet !== undefined, rowOfLine };
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
  const others = copy.sheets.filter((sheet) => sheet !== copy.sheet);
  const which = copy.chosen ? 'as the mapping names it' : 'the first';
  const unread = others.length
    ? ` (${which}; not read: ${others.map((sheet) => `"${sheet}"`).join(', ')}${copy.chosen ? '' : ', name one with "sheet" in the mapping file'})`
    : '';
  return `read sheet "${copy.sheet}" of the workbook${unread}; lines are its row numbers`;
}
