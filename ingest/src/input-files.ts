/**
 * Turns what the user named (files, directories, glob patterns) into files the readers can read: ZIP
 * archives extracted, gzip-compressed files decompressed, a workbook's sheet and a file in another encoding
 * copied to UTF-8 CSV. Copies go to a temporary folder and keep the name the user knows the file by.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { RowFolder } from '@churnlens/models/database/row-files';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ExpansionLimit, IngestInput, IngestOptions, ProgressListener } from './ingest-report.ts';
import { sheetPlacement } from './mapping/choose-kind.ts';
import { detectFormat, isGzip, isWorkbook, isZipArchive } from './sources/detect-format.ts';
import { ExpansionLimitError, expansionCounter } from './sources/expansion-limit.ts';
import { detectEncoding, type EncodingChoice, writeUtf8Copy } from './sources/file-encoding.ts';
import { isValidUtf8File } from './sources/record-lines.ts';
import { MissingSheetError, type SheetCopy, writeSheetAsCsv } from './sources/workbook-sheet.ts';
import { extractArchive } from './sources/zip-archive.ts';

const FORMAT_EXTENSIONS = 'csv|tsv|ndjson|jsonl|json|parquet|pq|xlsx|xlsm';
/** Files ingest reads: these formats, each also gzip-compressed. */
const INGESTIBLE_EXTENSIONS = new RegExp(`\\.(${FORMAT_EXTENSIONS})(\\.gz)?$`, 'i');
/** Files a directory holds that are read: those above, and ZIP archives of them. */
const LISTED_EXTENSIONS = new RegExp(`\\.((${FORMAT_EXTENSIONS})(\\.gz)?|zip)$`, 'i');
const GLOB_CHARACTERS = /[*?[]/;

export interface ResolvedFile {
  path: string;
  name: string;
  /** Set when `path` is a UTF-8 copy of a file in this encoding. */
  encoding?: EncodingChoice;
  /** Whether the CSV at `path` is valid UTF-8, once checked (the check reads the whole file). */
  validUtf8?: boolean;
  /** Set when `path` is a CSV copy of one of a workbook's sheets. */
  sheet?: SheetCopy;
  /** Set when `path` is the decompressed copy of a gzip-compressed file. */
  gunzipped?: true;
}

/** A file or input that cannot be read at all, and why. */
interface Unreadable {
  name: string;
  error: string;
}

/** Said of files a directory or archive holds that are not read, with what to do instead. */
const NOT_READ =
  'not read (churnlens reads .csv, .tsv, .json, .ndjson, .parquet and .xlsx files, also gzip-compressed, and ZIP archives of them; name a file of another extension to have its format detected)';

type Resolution = { files: ResolvedFile[]; skipped?: string[] } | Unreadable;
/** A file the readers can read, or why it cannot be read at all. */
type Prepared = ResolvedFile | Unreadable;

/** The files of a directory that are read, and the others (hidden files left out), by path. */
async function listDirectory(directory: string): Promise<{ files: string[]; skipped: string[] }> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const paths = (read: boolean) =>
    entries
      .filter(
        (entry) =>
          entry.isFile() && !entry.name.startsWith('.') && LISTED_EXTENSIONS.test(entry.name) === read,
      )
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  return { files: paths(true), skipped: paths(false) };
}

async function resolveInput(connection: DuckDBConnection, input: IngestInput): Promise<Resolution> {
  if (typeof input !== 'string') return { files: [input] };
  const info = await stat(input).catch(() => undefined);
  if (info?.isFile()) return { files: [{ path: input, name: input }] };
  if (info?.isDirectory()) {
    const { files, skipped } = await listDirectory(input);
    if (files.length === 0)
      return { error: 'the directory holds no CSV, JSON, NDJSON, Parquet, Excel or ZIP file', name: input };
    return { files: files.map((path) => ({ path, name: path })), skipped };
  }
  if (!GLOB_CHARACTERS.test(input)) return { error: 'no such file or directory', name: input };
  const reader = await connection.runAndReadAll(`SELECT file FROM glob($pattern) ORDER BY file`, {
    pattern: input,
  });
  const files = reader.getRowObjectsJson().map((row) => String(row.file));
  if (files.length === 0) return { error: 'no file matches this pattern', name: input };
  return { files: files.map((path) => ({ path, name: path })) };
}

/**
 * The files of a ZIP archive that churnlens reads, as their copies extracted with names starting `prefix`
 * and named `<archive>/<entry>`; any other file as it is.
 */
async function archiveContents(
  file: ResolvedFile,
  prefix: string,
  options: IngestOptions,
  onProgress: ProgressListener,
): Promise<Resolution> {
  if (!(await isZipArchive(file.path).catch(() => false))) return { files: [file] };
  try {
    const { extracted, others } = await extractArchive(
      file.path,
      (name) => INGESTIBLE_EXTENSIONS.test(name),
      (name, index) => `${prefix}${index}-${basename(name)}`,
      options.expansionLimit,
    );
    if (extracted.length > 0) {
      if (others.length > 0) {
        const note = `${others.join(', ')}: ${NOT_READ}`;
        onProgress({ type: 'note', file: file.name, note });
      }
      return { files: extracted.map((entry) => ({ path: entry.path, name: `${file.name}/${entry.name}` })) };
    }
    const held = others.length
      ? `; it holds ${others.slice(0, 5).join(', ')}${others.length > 5 ? ' …' : ''}`
      : '';
    return {
      error: `the ZIP archive holds no CSV, JSON, NDJSON, Parquet or Excel file${held}`,
      name: file.name,
    };
  } catch (error) {
    return { error: `cannot read the ZIP archive: ${(error as Error).message}`, name: file.name };
  }
}

/**
 * A gzip-compressed file as its decompressed copy at `copy`, any other file as it is. Decompressed whole
 * before anything else looks at it, since the UTF-8 check and the line numbers read the file's bytes.
 */
async function decompressed(
  file: ResolvedFile,
  copy: string,
  limit: ExpansionLimit | undefined,
  onProgress: ProgressListener,
): Promise<Prepared> {
  if (!(await isGzip(file.path).catch(() => false))) return file;
  onProgress({ type: 'note', file: file.name, note: 'decompressing (gzip)' });
  try {
    await pipeline(
      createReadStream(file.path),
      createGunzip(),
      expansionCounter(limit, 'it expands'),
      createWriteStream(copy),
    );
    return { ...file, path: copy, gunzipped: true };
  } catch (error) {
    return { error: `cannot decompress it (gzip): ${(error as Error).message}`, name: file.name };
  }
}

/**
 * A workbook as a CSV copy of one sheet (the mapping's `sheet`, else the first whose header the run can
 * place as a kind, else the first) at `copy` (workbook-sheet.ts), under its own name; any other file as it is.
 */
async function sheetAsCsv(
  file: ResolvedFile,
  copy: string,
  options: IngestOptions,
  onProgress: ProgressListener,
): Promise<Prepared> {
  const sheetName = options.mapping?.sheet;
  if (!(await isWorkbook(file.path).catch(() => false))) return file;
  // The copy is made before the file's own progress starts, and takes seconds per 100,000 rows.
  const which = sheetName === undefined ? "the workbook's first sheet" : `sheet "${sheetName}"`;
  onProgress({ type: 'note', file: file.name, note: `copying ${which} to CSV` });
  try {
    const limit = options.expansionLimit;
    const sheet = await writeSheetAsCsv(file.path, copy, sheetName, limit, sheetPlacement(options));
    return { ...file, path: copy, validUtf8: true, sheet };
  } catch (error) {
    if (error instanceof MissingSheetError) return { error: error.message, name: file.name };
    return { error: `cannot read the workbook: ${(error as Error).message}`, name: file.name };
  }
}

/**
 * The file itself, or its UTF-8 copy at `copy` when it is in another encoding (file-encoding.ts), under its
 * own name. A file that cannot be read is left as it is, to fail when it is read.
 */
async function readableAsUtf8(file: ResolvedFile, copy: string): Promise<Prepared> {
  // Kept for the reader, which needs the same whole-file check when it is made (a CSV without a byte-order mark).
  let validUtf8: boolean | undefined;
  const checkUtf8 = async () => {
    validUtf8 = await isValidUtf8File(file.path);
    return validUtf8;
  };
  const choice = await detectFormat(file.path)
    .then((format) => detectEncoding(file.path, format, checkUtf8))
    .catch(() => undefined);
  if (choice === undefined) return { ...file, validUtf8 };
  try {
    await writeUtf8Copy(file.path, copy, choice.encoding);
    // The copy is UTF-8 by construction.
    return { ...file, path: copy, encoding: choice, validUtf8: true };
  } catch (error) {
    return { error: `cannot convert it from ${choice.encoding} to UTF-8: ${String(error)}`, name: file.name };
  }
}

/**
 * A Parquet file as it is, or why it may not be read: its columns would expand past the limit, by the
 * uncompressed sizes its metadata declares (DuckDB holds what it reads in memory and spill files).
 */
async function parquetWithinLimit(
  connection: DuckDBConnection,
  file: ResolvedFile,
  limit: ExpansionLimit | undefined,
): Promise<Prepared> {
  if (!limit || (await detectFormat(file.path).catch(() => undefined)) !== 'parquet') return file;
  const reader = await connection
    .runAndReadAll(
      `SELECT coalesce(sum(total_uncompressed_size), 0)::BIGINT AS bytes FROM parquet_metadata($path)`,
      { path: file.path },
    )
    // Metadata that cannot be read fails the file when it is read, with the reader's message.
    .catch(() => undefined);
  const bytes = Number(reader?.getRowObjectsJson()[0]?.bytes ?? 0);
  if (bytes <= limit.bytes) return file;
  const problem = new ExpansionLimitError('its columns expand', limit).message;
  return { error: `cannot read it as Parquet: ${problem}`, name: file.name };
}

/** One named file, decompressed, and copied as its sheet or as UTF-8 when it needs to be. */
async function readableCopy(
  given: ResolvedFile,
  copy: string,
  options: IngestOptions,
  onProgress: ProgressListener,
): Promise<Prepared> {
  // Named as the file without .gz, so that its extension still says its format.
  const file = await decompressed(
    given,
    `${copy}-gunzipped-${basename(given.path).replace(/\.gz$/i, '')}`,
    options.expansionLimit,
    onProgress,
  );
  if ('error' in file) return file;
  const sheet = await sheetAsCsv(file, `${copy}.csv`, options, onProgress);
  return 'error' in sheet || sheet.sheet ? sheet : readableAsUtf8(file, `${copy}-${basename(file.path)}`);
}

/** The files the inputs name (a directory: its files of LISTED_EXTENSIONS; a glob: its matches), by name. */
export async function resolveInputs(
  connection: DuckDBConnection,
  inputs: readonly IngestInput[],
): Promise<{ files: ResolvedFile[]; failures: Unreadable[]; notes: { file: string; note: string }[] }> {
  const files: ResolvedFile[] = [];
  const failures: Unreadable[] = [];
  const notes: { file: string; note: string }[] = [];
  for (const input of inputs) {
    const resolution = await resolveInput(connection, input);
    if ('error' in resolution) failures.push(resolution);
    else files.push(...resolution.files);
    if ('skipped' in resolution && resolution.skipped?.length)
      notes.push({ file: String(input), note: `${resolution.skipped.join(', ')}: ${NOT_READ}` });
  }
  return { files, failures, notes };
}

/**
 * Every file the inputs name, ready to read, and the inputs and files that cannot be read at all. One file
 * at a time: each is read whole, and a directory of many would open them all at once.
 */
export async function readableFiles(
  connection: DuckDBConnection,
  inputs: readonly IngestInput[],
  copies: RowFolder,
  options: IngestOptions,
  onProgress: ProgressListener,
): Promise<{ files: ResolvedFile[]; failures: Unreadable[] }> {
  const { files: named, failures, notes } = await resolveInputs(connection, inputs);
  for (const { file, note } of notes) onProgress({ type: 'note', file, note });
  const files: ResolvedFile[] = [];
  let copyNumber = 0;
  for (const file of named) {
    const archive = await archiveContents(file, copies.path(`zip-${copyNumber++}-`), options, onProgress);
    if ('error' in archive) {
      failures.push(archive);
      continue;
    }
    for (const given of archive.files) {
      const copy = await readableCopy(given, copies.path(`${copyNumber++}`), options, onProgress);
      const readable =
        'error' in copy ? copy : await parquetWithinLimit(connection, copy, options.expansionLimit);
      if ('error' in readable) failures.push(readable);
      else files.push(readable);
    }
  }
  return { files, failures };
}
