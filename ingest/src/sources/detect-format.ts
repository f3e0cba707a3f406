/**
 * Decides how to read a file: by its extension when it has a known one, otherwise by its first bytes
 * (Parquet's magic number, a JSON bracket, else CSV). A spreadsheet workbook or another document that holds
 * no readable table is refused by name, rather than read as a CSV the sniffer cannot make sense of.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { FileProblem } from '../file-problem.ts';
import type { SourceFormat } from './staged-source.ts';

const BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.json': 'json',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** Excel workbooks (.xlsx, .xlsm) are read before this (workbook-sheet.ts); other spreadsheets are not. */
const SAVE_AS = 'save the sheet as .xlsx or CSV UTF-8 and ingest that';

/** The first bytes of a ZIP archive, which .xlsx, .xlsm and .ods files are. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Excel workbooks workbook-sheet.ts reads, as a CSV copy of one sheet. */
const WORKBOOK_EXTENSIONS = ['.xlsx', '.xlsm'];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((byte, index) => head[index] === byte);
}

/** What a file is when its first bytes show a document churnlens does not read, with what to do. */
export function unreadableDocument(head: Uint8Array, extension: string): string | undefined {
  const starts = (...bytes: number[]) => startsWith(head, bytes);
  if (starts(...ZIP_MAGIC)) {
    return extension === '.ods'
      ? `it is an OpenDocument spreadsheet, which churnlens does not read: ${SAVE_AS}`
      : 'it is a ZIP archive: extract the CSV, JSON or Parquet files from it and ingest those';
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return `it is an Excel 97-2003 workbook (.xls): ${SAVE_AS}`;
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'it is a PDF document, not CSV, JSON or Parquet data';
  return undefined;
}

/** The first character of a text file's content, past a byte-order mark and whitespace. */
function firstCharacter(text: string): string | undefined {
  return text.replace(/^\uFEFF/, '').trimStart()[0];
}

/** Whether a JSON file's first bytes open an array: its records are the array's elements. */
export function isJsonArray(head: Uint8Array): boolean {
  return firstCharacter(new TextDecoder().decode(head)) === '[';
}

/** Format from the first bytes of a file whose extension says nothing. */
export function formatFromContent(head: Uint8Array): SourceFormat {
  const text = new TextDecoder().decode(head);
  if (text.startsWith('PAR1')) return 'parquet';
  const first = firstCharacter(text);
  if (first === '[') return 'json';
  if (first === '{') return /^\s*\{.*\}\s*\r?\n\s*\{/.test(text) ? 'ndjson' : 'json';
  return 'csv';
}

/** gzip's first bytes: a `.csv.gz` export, read through its decompressed copy (ingest-files.ts). */
const GZIP_MAGIC = [0x1f, 0x8b];

export async function isGzip(path: string): Promise<boolean> {
  return startsWith(await readHead(path), GZIP_MAGIC);
}

/** The file's first `size` bytes (fewer for a shorter file). */
export async function readHead(path: string, size = 4096): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(size);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The file's last `size` bytes (all of a shorter file). */
export async function readTail(path: string, size: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size: fileBytes } = await file.stat();
    const tail = new Uint8Array(Math.min(size, fileBytes));
    const { bytesRead } = await file.read(tail, 0, tail.length, fileBytes - tail.length);
    return tail.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Whether the file is an Excel workbook churnlens reads: a ZIP archive named .xlsx or .xlsm. */
export async function isWorkbook(path: string): Promise<boolean> {
  if (!WORKBOOK_EXTENSIONS.includes(extname(path).toLowerCase())) return false;
  return startsWith(await readHead(path), ZIP_MAGIC);
}

/**
 * Whether the file is a ZIP archive of exports (zip-archive.ts): a ZIP that is not a workbook churnlens reads
 * or an OpenDocument spreadsheet, which are refused by name when read.
 */
export async function isZipArchive(path: string): Promise<boolean> {
  const extension = extname(path).toLowerCase();
  if (WORKBOOK_EXTENSIONS.includes(extension) || extension === '.ods') return false;
  return startsWith(await readHead(path), ZIP_MAGIC);
}

/** A `.json` file holding one object per line is NDJSON, so its rejected rows get line numbers. */
export async function detectFormat(path: string): Promise<SourceFormat> {
  const extension = extname(path).toLowerCase();
  const known = BY_EXTENSION[extension];
  if (known && known !== 'json' && known !== 'csv') return known;
  const head = await readHead(path);
  const unreadable = unreadableDocument(head, extension);
  if (unreadable) throw new FileProblem(unreadable);
  if (known === 'csv') return known;
  const fromContent = formatFromContent(head);
  if (known === 'json') return fromContent === 'ndjson' ? 'ndjson' : 'json';
  return fromContent;
}
