/**
 * Writes one sheet of rows to an XLSX file as they arrive, holding one chunk of rows at a time. exceljs
 * writes the workbook around the rows (styles, theme, column widths, the frozen header); the data rows,
 * nearly all of the file, are written as text by xlsx-rows.ts and zipped by archiver, the zip writer
 * exceljs' streaming writer uses, with the same settings.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import archiver from 'archiver';
import { strFromU8, unzipSync } from 'fflate';
import { type XlsxColumn, xlsxRowsXml } from './xlsx-rows.ts';

const SHEET_PATH = 'xl/worksheets/sheet1.xml';
const SHEET_DATA_END = '</sheetData>';

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
}

/**
 * exceljs' streaming writer with `sheet` set up as the export's: header row, widths, the date format (the
 * style xlsx-rows.ts gives date cells) and the frozen header. `entries` commits it and gives the zip entries
 * exceljs wrote, in their order.
 */
export async function exceljsWorkbook(sheet: XlsxSheet) {
  // Loaded on first use: importing exceljs takes about 0.5 s, which every ingest and server start paid,
  // spreadsheet or not.
  const { default: excel } = await import('exceljs');
  const stream = new PassThrough();
  const bytes = buffer(stream);
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((column) => ({
    header: column.name,
    key: column.name,
    width: column.date ? 20 : Math.max(12, column.name.length + 2),
    style: column.date ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  const entries = async (): Promise<Record<string, Uint8Array>> => {
    worksheet.commit();
    await workbook.commit();
    return unzipSync(await bytes);
  };
  return { worksheet, entries };
}

/** The skeleton's worksheet, split where the data rows go. */
function splitAtRows(sheetXml: string): { head: string; tail: string } {
  const at = sheetXml.indexOf(SHEET_DATA_END);
  if (at < 0) throw new Error(`exceljs wrote a worksheet without ${SHEET_DATA_END}`);
  return { head: sheetXml.slice(0, at), tail: sheetXml.slice(at) };
}

async function writeSheetXml(
  target: PassThrough,
  sheetXml: string,
  columns: readonly XlsxColumn[],
  chunks: AsyncIterable<readonly (readonly unknown[])[]>,
): Promise<void> {
  const { head, tail } = splitAtRows(sheetXml);
  target.write(head);
  // Row 1 is the header exceljs wrote.
  let nextRow = 2;
  for await (const values of chunks) {
    const written = target.write(xlsxRowsXml(columns, values, nextRow));
    nextRow += values[0]?.length ?? 0;
    if (!written) await once(target, 'drain');
  }
  target.end(tail);
}

/**
 * Writes `chunks` of rows below a header row to a new XLSX file at `path`; each chunk holds its values column
 * by column, in `sheet.columns` order.
 */
export async function writeXlsxFile(
  path: string,
  sheet: XlsxSheet,
  chunks: AsyncIterable<readonly (readonly unknown[])[]>,
): Promise<void> {
  // The workbook with the header row only; the data rows are written into its worksheet below.
  const skeleton = await (await exceljsWorkbook(sheet)).entries();
  const sheetXml = skeleton[SHEET_PATH];
  if (!sheetXml) throw new Error(`exceljs wrote a workbook without ${SHEET_PATH}`);
  const archive = archiver('zip');
  const rowsXml = new PassThrough();
  for (const [name, bytes] of Object.entries(skeleton)) {
    archive.append(name === SHEET_PATH ? rowsXml : Buffer.from(bytes), { name });
  }
  const zipped = pipeline(archive, createWriteStream(path));
  // A failed zip or file stops the rows too, rather than leaving them waiting for a drain that never comes.
  zipped.catch((error: Error) => rowsXml.destroy(error));
  try {
    await Promise.all([
      zipped,
      archive.finalize(),
      writeSheetXml(rowsXml, strFromU8(sheetXml), sheet.columns, chunks),
    ]);
  } catch (error) {
    archive.abort();
    rowsXml.destroy();
    throw error;
  }
}
