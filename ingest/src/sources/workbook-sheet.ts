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
import { rename } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
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
  /** The sheets before the one read, none of which could be placed as a kind; empty when the first is read. */
  passedOver: string[];
  /** False when no sheet could be placed as a kind: the first is read then, and refused for its columns. */
  placed: boolean;
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
async function workbookReader(path: string, values: boolean) {
  // Loaded on first use: importing exceljs takes about 0.5 s, which every ingest and server start paid,
  // spreadsheet or not.
  const { default: excel } = await import('exceljs');
  return new excel.stream.xlsx.WorkbookReader(path, {
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

/** What is done with the rows of one sheet as the stream passes it; a sheet without one is read past. */
interface SheetVisit {
  row: (row: ExcelJS.Row) => Promise<void> | void;
  end?: () => Promise<void> | void;
}

/**
 * Visits the workbook's sheets in order, each as `visit` says, and returns their names. Every sheet's rows
 * are parsed whether or not they are used: the stream reaches the end only through them.
 */
async function visitSheets(
  path: string,
  values: boolean,
  visit: (name: string, index: number) => SheetVisit | undefined,
): Promise<string[]> {
  const names: string[] = [];
  for await (const worksheet of await workbookReader(path, values)) {
    const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${names.length + 1}`;
    const visitor = visit(name, names.length);
    names.push(name);
    for await (const row of worksheet) if (visitor) await visitor.row(row as ExcelJS.Row);
    await visitor?.end?.();
  }
  return names;
}

/** Whether a sheet is the one named `wanted` (any case). */
const isNamed = (name: string, wanted: string) => name.toLocaleLowerCase() === wanted.toLocaleLowerCase();

/** A sheet's widest row, in cells, and its number of rows. */
interface SheetSize {
  width: number;
  rows: number;
}

/**
 * Every sheet's size, by position, read without the cells' strings and styles. The sheet read first (the one
 * named `wanted`, else the first) is held to the limit as it is counted: every row of the copy takes at least
 * a byte per field, so it is past the limit before a byte is written.
 */
async function sheetSizes(
  path: string,
  wanted: string | undefined,
  limit: ExpansionLimit | undefined,
): Promise<{ names: string[]; sizes: SheetSize[] }> {
  const sizes: SheetSize[] = [];
  const names = await visitSheets(path, false, (name, index) => {
    const size = { width: 0, rows: 0 };
    sizes.push(size);
    const held = wanted === undefined ? index === 0 : isNamed(name, wanted);
    return {
      row: (row) => {
        size.width = Math.max(size.width, row.cellCount);
        size.rows += 1;
        if (held) assertWithinLimit(size, limit);
      },
    };
  });
  if (wanted !== undefined && !names.some((name) => isNamed(name, wanted))) {
    throw new MissingSheetError(`the workbook has no sheet "${wanted}" (its sheets: ${names.join(', ')})`);
  }
  return { names, sizes };
}

function assertWithinLimit(size: SheetSize, limit: ExpansionLimit | undefined): void {
  if (limit && size.rows * size.width > limit.bytes)
    throw new ExpansionLimitError('its sheet expands', limit);
}

/**
 * A CSV copy of one sheet being written, one record per sheet row, in chunks of about 1 MB (a write per row
 * took a third of the conversion), stopped past the limit.
 */
function sheetCopyWriter(csvPath: string, width: number, limit: ExpansionLimit | undefined) {
  const output = createWriteStream(csvPath, { encoding: 'utf8' });
  const rowOfLine: number[] = [];
  let chunk = '';
  let written = 0;
  let lastRow = 0;
  const flush = async () => {
    written += chunk.length;
    if (limit && written > limit.bytes) throw new ExpansionLimitError('its sheet expands', limit);
    if (!output.write(chunk)) await once(output, 'drain');
    chunk = '';
  };
  return {
    rowOfLine,
    add: async (row: ExcelJS.Row) => {
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
    },
    end: async () => {
      await flush();
      output.end();
      await once(output, 'finish');
    },
    destroy: () => output.destroy(),
  };
}

type SheetCopyWriter = ReturnType<typeof sheetCopyWriter>;

/**
 * The rows at the top of a sheet that the header is looked for in: the first and the 20 below it, as for a
 * CSV's title lines (csv-source.ts).
 */
const HEAD_ROWS = 21;

/**
 * Whether the top rows of a sheet (HEAD_ROWS at most, empty rows left out, each as its cells' texts) hold a
 * header the run can place as a kind: the caller's kind detection.
 */
export type SheetPlacement = (headRows: readonly string[][]) => boolean;

/** A sheet after the first that is copied, as it places. */
interface SheetPick {
  index: number;
  writer: SheetCopyWriter;
}

/**
 * Writes the first sheet that can be placed (`placeable`), else the first. The first sheet is copied as the
 * stream passes it, whatever it holds, so that a workbook whose first sheet is read is read no more often
 * than before. Once it is known not to place, each later sheet's top rows are held until they say whether
 * that sheet places; the first that does is copied too, and its copy takes the first's place. Of the other
 * sheets only those top rows are turned into text.
 */
async function writeFirstPlaceableSheet(
  path: string,
  csvPath: string,
  sizes: SheetSize[],
  placeable: SheetPlacement,
  limit: ExpansionLimit | undefined,
): Promise<{ read: number; placed: boolean; rowOfLine: number[] }> {
  const width = (index: number) => sizes[index]?.width ?? 0;
  const headTexts = (rows: ExcelJS.Row[], index: number) =>
    rows.map((row) => rowFields(row.values, width(index)));
  const first = sheetCopyWriter(csvPath, width(0), limit);
  let firstPlaced = true;
  let later: SheetPick | undefined;
  /** The first sheet: copied, its top rows kept to tell at its end whether it places. */
  const visitFirst = (): SheetVisit => {
    const head: ExcelJS.Row[] = [];
    return {
      row: async (row) => {
        if (row.number <= HEAD_ROWS) head.push(row);
        await first.add(row);
      },
      end: () => {
        firstPlaced = placeable(headTexts(head, 0));
      },
    };
  };
  /** A later sheet: its top rows held until they tell whether it places, then copied if it does. */
  const visitLater = (index: number): SheetVisit => {
    const head: ExcelJS.Row[] = [];
    let decided = false;
    const decide = async () => {
      decided = true;
      if (!placeable(headTexts(head, index))) return;
      assertWithinLimit(sizes[index] ?? { width: 0, rows: 0 }, limit);
      later = { index, writer: sheetCopyWriter(`${csvPath}.placed`, width(index), limit) };
      for (const row of head) await later.writer.add(row);
    };
    return {
      row: async (row) => {
        if (decided) return void (await later?.writer.add(row));
        if (row.number <= HEAD_ROWS) return void head.push(row);
        await decide();
        await later?.writer.add(row);
      },
      end: async () => {
        if (!decided) await decide();
      },
    };
  };
  try {
    await visitSheets(path, true, (_name, index) => {
      if (index === 0) return visitFirst();
      return firstPlaced || later ? undefined : visitLater(index);
    });
    await first.end();
    if (!later) return { read: 0, placed: firstPlaced, rowOfLine: first.rowOfLine };
    await later.writer.end();
    await rename(`${csvPath}.placed`, csvPath);
    return { read: later.index, placed: true, rowOfLine: later.writer.rowOfLine };
  } catch (error) {
    first.destroy();
    later?.writer.destroy();
    throw error;
  }
}

/** Writes the sheet at `index` to `csvPath`; the others are read past. */
async function writeSheet(
  path: string,
  csvPath: string,
  index: number,
  width: number,
  limit: ExpansionLimit | undefined,
): Promise<number[]> {
  const writer = sheetCopyWriter(csvPath, width, limit);
  try {
    await visitSheets(path, true, (_name, at) => (at === index ? { row: writer.add } : undefined));
    await writer.end();
    return writer.rowOfLine;
  } catch (error) {
    writer.destroy();
    throw error;
  }
}

/**
 * Writes one sheet of the workbook to `csvPath` as UTF-8 CSV, one record per sheet row: the one named
 * `sheet`, else the first, or with `placeable` the first that can be placed (the first when none can). The
 * workbook is read twice: first for each sheet's widest row, because rows leave out their empty trailing
 * cells and every record of the copy must have as many fields as the header.
 */
export async function writeSheetAsCsv(
  path: string,
  csvPath: string,
  sheet?: string,
  limit?: ExpansionLimit,
  placeable?: SheetPlacement,
): Promise<SheetCopy> {
  const layout = await sheetSizes(path, sheet, limit);
  const sheets = layout.names;
  const copy = { sheets, chosen: sheet !== undefined, passedOver: [], placed: true };
  if (sheet !== undefined || placeable === undefined) {
    const index = sheet === undefined ? 0 : sheets.findIndex((name) => isNamed(name, sheet));
    const rowOfLine = await writeSheet(path, csvPath, index, layout.sizes[index]?.width ?? 0, limit);
    return { ...copy, sheet: sheets[index] ?? 'Sheet1', rowOfLine };
  }
  const { read, placed, rowOfLine } = await writeFirstPlaceableSheet(
    path,
    csvPath,
    layout.sizes,
    placeable,
    limit,
  );
  return { ...copy, sheet: sheets[read] ?? 'Sheet1', passedOver: sheets.slice(0, read), placed, rowOfLine };
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

const quoted = (sheets: readonly string[]) => sheets.map((sheet) => `"${sheet}"`).join(', ');

/** Why the sheets before the one read were passed over, naming them. */
function passedOverText([first, ...others]: readonly string[]): string {
  if (others.length === 0) return `sheet "${first}", the first, has no columns churnlens can place`;
  return `sheets "${first}", the first, and ${quoted(others)} have no columns churnlens can place`;
}

/** What the run says of the sheet it read. */
export function sheetNote(copy: SheetCopy): string {
  const others = copy.sheets.filter((sheet) => sheet !== copy.sheet);
  const lines = '; lines are its row numbers';
  if (copy.passedOver.length > 0) {
    const after = others.filter((sheet) => !copy.passedOver.includes(sheet));
    const unread = after.length ? ` (not read: ${quoted(after)})` : '';
    return `read sheet "${copy.sheet}" of the workbook: ${passedOverText(copy.passedOver)}${unread}${lines}`;
  }
  const which = copy.chosen ? 'as the mapping names it' : 'the first';
  const unread = others.length
    ? ` (${which}; not read: ${quoted(others)}${copy.chosen ? '' : ', name one with "sheet" in the mapping file'})`
    : '';
  return `read sheet "${copy.sheet}" of the workbook${unread}${lines}`;
}

/**
 * Said after the refusal of a workbook none of whose sheets could be placed (its first sheet's columns): the
 * sheets looked at, so that the user can name the one to read.
 */
export function unplacedSheetsText(copy: SheetCopy): string {
  if (copy.placed || copy.sheets.length < 2) return '';
  return `. No sheet of the workbook has columns churnlens can place (sheets looked at: ${quoted(copy.sheets)}; the first was read): name the one to read with "sheet" in the mapping file`;
}
