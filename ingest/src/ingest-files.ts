/**
 * The ingest entry point the CLI and the API share: makes the named files readable (input-files.ts), orders
 * them so that referenced records load first (customers, cancellations and Stripe, then offers and surveys),
 * and ingests each file in its own transaction on a dedicated connection. Calls on one database run one at a
 * time, so an API upload and a CLI-triggered run in the same process never interleave their transactions.
 */
import { stat } from 'node:fs/promises';
import { loadReasonClassifier } from '@churnlens/models/classifier/index';
import { type ChurnlensDatabase, limitMemory } from '@churnlens/models/database/open-database';
import { rowFolder } from '@churnlens/models/database/row-files';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { VerbatimClassifier } from './classification/classify-verbatims.ts';
import { ingestFile } from './ingest-file.ts';
import {
  failedFileReport,
  type IngestInput,
  type IngestOptions,
  type IngestReport,
  type ProgressListener,
  totalsOf,
} from './ingest-report.ts';
import { type ResolvedFile, readableFiles } from './input-files.ts';
import { headerRecognition, requestedKind } from './mapping/choose-kind.ts';
import { EMPTY_MAPPING, type IngestKind } from './mapping/mapping-file.ts';
import { detectKind } from './mapping/match-columns.ts';
import { fileMemoryBudgetMib } from './memory-budget.ts';
import { type CsvDialect, sniffDialect } from './sources/csv-source.ts';
import { detectFormat } from './sources/detect-format.ts';
import { isStripeDashboardExport } from './sources/stripe-dashboard-export.ts';
import { createRunRejectedIds } from './validation/run-rejected-ids.ts';

/** Files before the files that reference them. */
const KIND_ORDER: Record<IngestKind, number> = {
  customers: 0,
  cancellations: 1,
  stripe: 1,
  offers: 2,
  surveys: 2,
};

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
  // A document may wrap its records in an array ({"customers": [...]}, as json-source.ts reads it): the keys
  // of each array's first element stand in for the records' when the document's own keys name no field.
  const reader = await connection.runAndReadAll(
    `SELECT bool_or((json ->> 'object') IN ('list', 'subscription', 'event')) AS stripe,
       list_distinct(flatten(list(json_keys(json)))) AS keys,
       list_distinct(flatten(list(flatten(list_transform(json_keys(json),
         key -> coalesce(json_keys(json_extract(json, '$."' || replace(key, '"', '\\"') || '"[0]')), [])))))) AS "wrappedKeys"
     FROM (SELECT json FROM read_json_objects($path, format = 'auto', ignore_errors = true)
           WHERE json_type(json) = 'OBJECT' LIMIT 100)`,
    { path },
  );
  const row = reader.getRowObjectsJS()[0] as {
    stripe: boolean | null;
    keys: string[] | null;
    wrappedKeys: string[] | null;
  };
  if (row.stripe) return 'stripe';
  const own = detectKind(row.keys ?? [], mapping).plan;
  if (own.matches.length > 0 || !row.wrappedKeys?.length) return own.kind;
  return detectKind(row.wrappedKeys, mapping).plan.kind;
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
      await createRunRejectedIds(connection);
      const prepared = await readableFiles(connection, inputs, copies, options, onProgress);
      const { files } = prepared;
      const reports = prepared.failures.map((failure) =>
        failedFileReport(failure.name, 'unknown', failure.error),
      );
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
