/**
 * The ingest entry point the CLI and the API share: expands files, directories and globs, orders files so
 * that referenced records load first (customers, cancellations and Stripe, then offers and surveys), and
 * ingests each file in its own transaction on a dedicated connection. Calls on one database run one at a
 * time, so an API upload and a CLI-triggered run in the same process never interleave their transactions.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type ChurnlensDatabase, limitMemory } from '@churnlens/models';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import { rowFolder } from '@churnlens/models/database/row-files';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { VerbatimClassifier } from './classification/classify-verbatims.ts';
import { ingestFile } from './ingest-file.ts';
import {
  type FileReport,
  failedFileReport,
  type IngestInput,
  type IngestOptions,
  type IngestReport,
  type ProgressListener,
  totalsOf,
} from './ingest-report.ts';
import { headerRecognition, requestedKind } from './mapping/choose-kind.ts';
import { EMPTY_MAPPING, type IngestKind } from './mapping/mapping-file.ts';
import { detectKind } from './mapping/match-columns.ts';
import { fileMemoryBudgetMib } from './memory-budget.ts';
import { type CsvDialect, sniffDialect } from './sources/csv-source.ts';
import { detectFormat, isGzip, isWorkbook } from './sources/detect-format.ts';
import { detectEncoding, type EncodingChoice, writeUtf8Copy } from './sources/file-encoding.ts';
import { isValidUtf8File } from './sources/record-lines.ts';
import { isStripeDashboardExport } from './sources/stripe-dashboard-export.ts';
import { MissingSheetError, type SheetCopy, writeSheetAsCsv } from './sources/workbook-sheet.ts';

const INGESTIBLE_EXTENSIONS = /\.(csv|tsv|ndjson|jsonl|json|parquet|pq|xlsx|xlsm)(\.gz)?$/i;
const GLOB_CHARACTERS = /[*?[]/;

/** Files before the files that reference them. */
const KIND_ORDER: Record<IngestKind, number> = {
  customers: 0,
  cancellations: 1,
  stripe: 1,
  offers: 2,
  surveys: 2,
};

interface ResolvedFile {
  path: string;
  name: string;
  /** Set when `path` is a UTF-8 copy of a file in this encoding. */
  encoding?: EncodingChoice;
  /** Whether the CSV at `path` is valid UTF-8, once checked (the check reads the whole file). */
  validUtf8?: boolean;
  /** Set when `path` is a CSV copy of a workbook's first sheet. */
  sheet?: SheetCopy;
  /** Set when `path` is the decompressed copy of a gzip-compressed file. */
  gunzipped?: true;
}

type Resolution = { files: ResolvedFile[] } | { error: string; name: string };

async function listDirectory(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && INGESTIBLE_EXTENSIONS.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function resolveInput(connection: DuckDBConnection, input: IngestInput): Promise<Resolution> {
  if (typeof input !== 'string') return { files: [input] };
  const info = await stat(input).catch(() => undefined);
  if (info?.isFile()) return { files: [{ path: input, name: input }] };
  if (info?.isDirectory()) {
    const files = await listDirectory(input);
    if (files.length === 0)
      return { error: 'the directory holds no CSV, JSON, NDJSON or Parquet file', name: input };
    return { files: files.map((path) => ({ path, name: path })) };
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
 * Each CSV file's dialect, sniffed outside the file's transaction (see sniffDialect) and reused when the file
 * is ordered and read: sniffing is not free. A file that cannot be sniffed fails when it is read, with the
 * reader's message.
 */
async function sniffCsvDialects(
  connection: DuckDBConnection,
  files: readonly ResolvedFile[],
  options: IngestOptions,
): Promise<Map<string, CsvDialect>> {
  const dialects = new Map<string, CsvDialect>();
  const recognised = headerRecognition(options);
  for (const { path } of files) {
    if ((await detectFormat(path).catch(() => undefined)) !== 'csv') continue;
    const dialect = await sniffDialect(connection, path, recognised).catch(() => undefined);
    if (dialect) dialects.set(path, dialect);
  }
  return dialects;
}

/** A cheap look at a file's columns (header or first records) to order it; errors surface when it is read. */
async function peekKind(
  connection: DuckDBConnection,
  path: string,
  options: IngestOptions,
  dialects: ReadonlyMap<string, CsvDialect>,
): Promise<IngestKind> {
  const requested = requestedKind(options);
  if (requested) return requested;
  const mapping = options.mapping ?? EMPTY_MAPPING;
  const format = await detectFormat(path);
  if (format === 'csv') {
    const dialect = dialects.get(path);
    if (!dialect) throw new Error(`${path} has no CSV dialect`);
    if (isStripeDashboardExport(dialect.headers)) return 'stripe';
    return detectKind(dialect.headers, mapping).plan.kind;
  }
  if (format === 'parquet') {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($path)`, { path });
    return detectKind(
      reader.getRowObjectsJson().map((row) => String(row.column_name)),
      mapping,
    ).plan.kind;
  }
  const reader = await connection.runAndReadAll(
    `SELECT bool_or((json ->> 'object') IN ('list', 'subscription', 'event')) AS stripe,
       list_distinct(flatten(list(json_keys(json)))) AS keys
     FROM (SELECT json FROM read_json_objects($path, format = 'auto', ignore_errors = true)
           WHERE json_type(json) = 'OBJECT' LIMIT 100)`,
    { path },
  );
  const row = reader.getRowObjectsJS()[0] as { stripe: boolean | null; keys: string[] | null };
  return row.stripe ? 'stripe' : detectKind(row.keys ?? [], mapping).plan.kind;
}

/**
 * A gzip-compressed file as its decompressed copy at `copy`, any other file as it is. Decompressed whole
 * before anything else looks at it, since the UTF-8 check and the line numbers read the file's bytes.
 */
async function decompressed(
  file: ResolvedFile,
  copy: string,
  onProgress: ProgressListener,
): Promise<ResolvedFile | { error: string; name: string }> {
  if (!(await isGzip(file.path).catch(() => false))) return file;
  onProgress({ type: 'note', file: file.name, note: 'decompressing (gzip)' });
  try {
    await pipeline(createReadStream(file.path), createGunzip(), createWriteStream(copy));
    return { ...file, path: copy, gunzipped: true };
  } catch (error) {
    return { error: `cannot decompress it (gzip): ${(error as Error).message}`, name: file.name };
  }
}

/**
 * A workbook as a CSV copy of one sheet (`sheetName`, else the first) at `copy` (workbook-sheet.ts), under
 * its own name; any other file as it is.
 */
async function sheetAsCsv(
  file: ResolvedFile,
  copy: string,
  sheetName: string | undefined,
  onProgress: ProgressListener,
): Promise<ResolvedFile | { error: string; name: string }> {
  if (!(await isWorkbook(file.path).catch(() => false))) return file;
  // The copy is made before the file's own progress starts, and takes seconds per 100,000 rows.
  const which = sheetName === undefined ? "the workbook's first sheet" : `sheet "${sheetName}"`;
  onProgress({ type: 'note', file: file.name, note: `copying ${which} to CSV` });
  try {
    const sheet = await writeSheetAsCsv(file.path, copy, sheetName);
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
async function readableAsUtf8(
  file: ResolvedFile,
  copy: string,
): Promise<ResolvedFile | { error: string; name: string }> {
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

async function orderByDependency(
  connection: DuckDBConnection,
  files: ResolvedFile[],
  options: IngestOptions,
  dialects: ReadonlyMap<string, CsvDialect>,
): Promise<ResolvedFile[]> {
  if (files.length < 2) return files;
  const ranked: { file: ResolvedFile; rank: number; position: number }[] = [];
  for (const [position, file] of files.entries()) {
    const kind = await peekKind(connection, file.path, options, dialects).catch(
      () => 'cancellations' as const,
    );
    ranked.push({ file, rank: KIND_ORDER[kind], position });
  }
  return ranked.sort((a, b) => a.rank - b.rank || a.position - b.position).map((entry) => entry.file);
}

async function prepareConnection(connection: DuckDBConnection): Promise<void> {
  // UTC so that dates without an offset are read as UTC whatever the machine's zone; progress for the bar.
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(`SET enable_progress_bar = true`);
  await connection.run(`SET enable_progress_bar_print = false`);
}

/** Sets DuckDB's memory limit to the budget of the file at `path` (memory-budget.ts). */
async function limitMemoryFor(connection: DuckDBConnection, path: string, bytes: number): Promise<void> {
  // A file that cannot be read fails when it is read, with its own message; it needs no particular budget.
  const format = await detectFormat(path).catch(() => 'csv' as const);
  await limitMemory(connection, `${fileMemoryBudgetMib(bytes, format)}MiB`);
}

const queues = new WeakMap<DuckDBInstance, Promise<unknown>>();

/** Runs `work` after every earlier ingest on the same database instance has finished. */
function serialized<T>(instance: DuckDBInstance, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(instance) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(instance, next);
  return next;
}

/**
 * Ingests files, directories (recursively: .csv .tsv .json .ndjson .jsonl .parquet) and glob patterns into
 * the database. Never throws for a bad file: each file's outcome is in the report (status 'failed' with an
 * error when it could not be read at all). Progress events go to `onProgress`.
 */
export async function ingestFiles(
  database: Pick<ChurnlensDatabase, 'instance'>,
  inputs: readonly IngestInput[],
  options: IngestOptions = {},
  onProgress: ProgressListener = () => {},
): Promise<IngestReport> {
  return serialized(database.instance, async () => {
    const connection = await database.instance.connect();
    const copies = await rowFolder();
    try {
      await prepareConnection(connection);
      const reports: FileReport[] = [];
      const files: ResolvedFile[] = [];
      for (const input of inputs) {
        const resolution = await resolveInput(connection, input);
        if ('error' in resolution) {
          reports.push(failedFileReport(resolution.name, 'unknown', resolution.error));
          continue;
        }
        // One file at a time: each is read whole, and a directory of many would open them all at once.
        for (const given of resolution.files) {
          const copy = copies.path(`${files.length}-${basename(given.path)}`);
          // Named as the file without .gz, so that its extension still says its format.
          const gunzipped = copies.path(
            `${files.length}-gunzipped-${basename(given.path).replace(/\.gz$/i, '')}`,
          );
          const file = await decompressed(given, gunzipped, onProgress);
          if ('error' in file) {
            reports.push(failedFileReport(file.name, 'unknown', file.error));
            continue;
          }
          const sheet = await sheetAsCsv(file, `${copy}.csv`, options.mapping?.sheet, onProgress);
          const readable = 'error' in sheet || sheet.sheet ? sheet : await readableAsUtf8(file, copy);
          if ('error' in readable) reports.push(failedFileReport(readable.name, 'unknown', readable.error));
          else files.push(readable);
        }
      }
      for (const report of reports) onProgress({ type: 'file-done', report });
      let classifier: VerbatimClassifier | undefined = options.classifier;
      const loadClassifier = () => {
        classifier ??= loadReasonClassifier();
        return classifier;
      };
      const dialects = await sniffCsvDialects(connection, files, options);
      const ordered = await orderByDependency(connection, files, options, dialects);
      for (const [index, file] of ordered.entries()) {
        const bytes = (await stat(file.path).catch(() => undefined))?.size ?? 0;
        if (options.budgetMemoryPerFile) await limitMemoryFor(connection, file.path, bytes);
        onProgress({ type: 'file-start', file: file.name, index, count: ordered.length, bytes });
        const report = await ingestFile({
          connection,
          path: file.path,
          name: file.name,
          options,
          classifier: loadClassifier,
          csvDialect: dialects.get(file.path),
          validUtf8: file.validUtf8,
          encoding: file.encoding,
          sheet: file.sheet,
          gunzipped: file.gunzipped,
          emit: onProgress,
        });
        reports.push(report);
        onProgress({ type: 'file-done', report });
      }
      return { files: reports, totals: totalsOf(reports) };
    } finally {
      connection.closeSync();
      await copies.remove();
    }
  });
}
