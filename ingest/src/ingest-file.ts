/**
 * Ingests one file in one DuckDB transaction: read it into a staging table, decide its kind and column
 * mapping, validate every row in bulk SQL, upsert the good rows by id, store and classify new verbatims,
 * quarantine the bad rows with their line numbers, and record the run. Any failure (or a killed process)
 * rolls the whole file back, so the database is as it was before the file; rerunning completes it.
 */
import type { RecordKind } from '@churnlens/models';
import {
  answeredIn,
  type FactRefreshOptions,
  quotesTextIn,
  refreshCancellationFacts,
  refreshEffectiveClassifications,
  refreshOfferFacts,
} from '@churnlens/models/database/derived-tables';
import { type RowFolder, rowFolder } from '@churnlens/models/database/row-files';
import {
  copyVerbatimTexts,
  indexRowFile,
  writeVerbatimIndex,
} from '@churnlens/models/database/verbatim-index';
import { RECORD_TABLES, verbatimField } from '@churnlens/models/schema/field-rules';
import { whileComputing } from '@churnlens/models/while-computing';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import {
  CLASSIFIED_HASHES,
  classifyRowFile,
  copyPendingFileVerbatims,
  rereadWarnings,
  saveClassifications,
  type VerbatimClassifier,
} from './classification/classify-verbatims.ts';
import { FileProblem } from './file-problem.ts';
import {
  type FileReport,
  failedFileReport,
  type IngestOptions,
  type IngestPhase,
  type ProgressListener,
} from './ingest-report.ts';
import { buildFinalRows, createValidRows } from './load/prepare-rows.ts';
import { blankedValuesWarnings, upsertRecords } from './load/upsert-records.ts';
import {
  assertPlanUsable,
  chooseKind,
  effectiveMapping,
  fieldSources,
  headerRecognition,
  type KindChoice,
  resolveAmbiguousReason,
} from './mapping/choose-kind.ts';
import type { ColumnMapping } from './mapping/mapping-file.ts';
import { type ColumnPlan, centsReadAsWrittenWarnings } from './mapping/match-columns.ts';
import {
  fileChecksum,
  finishRun,
  recordFailedRun,
  startRun,
  writeRejectedRows,
} from './runs/ingest-run-log.ts';
import { blankFileProblem } from './sources/blank-file.ts';
import type { CsvDialect } from './sources/csv-source.ts';
import { detectFormat } from './sources/detect-format.ts';
import type { EncodingChoice } from './sources/file-encoding.ts';
import { overlongHeaderProblem } from './sources/overlong-header.ts';
import { readByQuestion } from './sources/question-columns.ts';
import {
  compareRepeatedColumns,
  emptyUnnamedColumns,
  type RenamedHeader,
  renamedHeaderLabel,
  renamedHeaderMessages,
} from './sources/repeated-headers.ts';
import { stageSource } from './sources/stage-source.ts';
import { EMPTY_ROW_REASON, type StagedSource } from './sources/staged-source.ts';
import { type SheetCopy, sheetNote, sheetRowLocator, unplacedSheetsText } from './sources/workbook-sheet.ts';
import { NO_REDACTION, rejectionRedaction } from './text/rejection-redaction.ts';
import {
  copyStagedTexts,
  loadPreparedTexts,
  NEW_VERBATIMS,
  prepareTextFile,
  storeNewVerbatims,
} from './text/store-verbatims.ts';
import { buildCheckQuery, stagedFieldText } from './validation/build-check-query.ts';
import { collectRejections } from './validation/collect-rejections.ts';
import { settleDateOrder } from './validation/date-order.ts';
import { rememberRejectedIds } from './validation/run-rejected-ids.ts';
import { skipRunningSubscriptions } from './validation/running-subscriptions.ts';
import { settleTimeZones, timeZoneNote, unknownTimeZoneWarning } from './validation/time-zones.ts';
import { skipTotalsRows } from './validation/totals-rows.ts';

export interface FileJob {
  connection: DuckDBConnection;
  path: string;
  /** Name shown in reports and ingest_runs. */
  name: string;
  options: IngestOptions;
  classifier: () => VerbatimClassifier;
  /** The CSV dialect, when it was sniffed already. */
  csvDialect?: CsvDialect;
  /** Whether the CSV at `path` is valid UTF-8, when already checked. */
  validUtf8?: boolean;
  /** Set when `path` is a UTF-8 copy of the file, which is in this encoding. */
  encoding?: EncodingChoice;
  /** Set when `path` is a CSV copy of one of a workbook's sheets. */
  sheet?: SheetCopy;
  /** Set when `path` is the decompressed copy of a gzip-compressed file. */
  gunzipped?: true;
  emit: ProgressListener;
}

const REPORTED_REJECTIONS = 10;

type ProgressOf = (phase: IngestPhase, fraction?: number) => void;

/** Runs `work` while forwarding DuckDB's progress of the running statement. */
async function withQueryProgress<T>(
  connection: DuckDBConnection,
  work: () => Promise<T>,
  report: (fraction: number) => void,
): Promise<T> {
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage >= 0) report(Math.min(percentage / 100, 1));
  }, 100);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Records read that the reader made no stage row of: those it rejected, and blank lines. */
function unstagedRecords(staged: StagedSource): number {
  return staged.readerRejects + (staged.blankLines ?? 0);
}

async function countRows(connection: DuckDBConnection, staged: StagedSource): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ingest_stage`);
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0) + unstagedRecords(staged);
}

interface StageCounts {
  staged: number;
  skipped: number;
  invalid: number;
  duplicates: number;
  /** The first three distinct reasons rows were skipped for, in file order. */
  skipReasons: string[];
}

async function stageCounts(connection: DuckDBConnection): Promise<StageCounts> {
  const reader = await connection.runAndReadAll(
    `SELECT
       (SELECT count(*) FROM ingest_stage)::INTEGER AS staged,
       (SELECT count(*) FROM ingest_stage WHERE __skip_reason IS NOT NULL)::INTEGER AS skipped,
       (SELECT count(*) FROM ingest_checked WHERE __message <> '')::INTEGER AS invalid,
       (SELECT count(*) FROM ingest_duplicates WHERE __rank > 1)::INTEGER AS duplicates,
       (SELECT list(reason ORDER BY first)[1:3] FROM (
          SELECT __skip_reason AS reason, min(rowid) AS first FROM ingest_stage
          WHERE __skip_reason IS NOT NULL GROUP BY __skip_reason)) AS "skipReasons"`,
  );
  const row = reader.getRowObjectsJS()[0] as unknown as StageCounts;
  return { ...row, skipReasons: row.skipReasons ?? [] };
}

/** The stage's skipped rows with the blank lines the reader made no row of, skipped as empty rows. */
function withBlankLines(counts: StageCounts, blankLines: number): StageCounts {
  if (blankLines === 0) return counts;
  const skipReasons = counts.skipReasons.includes(EMPTY_ROW_REASON)
    ? counts.skipReasons
    : [...counts.skipReasons, EMPTY_ROW_REASON].slice(0, 3);
  return { ...counts, skipped: counts.skipped + blankLines, skipReasons };
}

function failedReport(job: FileJob, kind: FileReport['kind'], error: string, started: number): FileReport {
  return failedFileReport(job.name, kind, error, (performance.now() - started) / 1000);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isOutOfMemory(error: unknown): boolean {
  return /^Out of Memory Error|could not allocate|failed to allocate|failed to pin block/i.test(
    errorText(error),
  );
}

function describeError(error: unknown, options: IngestOptions): string {
  if (error instanceof FileProblem) return error.message;
  const text = errorText(error);
  // DuckDB errors carry the reader's settings over many lines; the first line says what went wrong.
  const first = text.split('\n')[0]?.replace(/^[A-Za-z ]+Error: /, '') ?? text;
  if (isOutOfMemory(error)) {
    const advice = options.outOfMemoryAdvice === undefined ? '' : `: ${options.outOfMemoryAdvice}`;
    return `DuckDB ran out of memory (${first}); nothing of this file was written${advice}`;
  }
  return first;
}

/** Validates the staged rows into `ingest_checked` and ranks the valid ones per id. */
async function validateRows(connection: DuckDBConnection, choice: KindChoice) {
  const { plan } = choice;
  const check = buildCheckQuery(choice.recordKind, fieldSources(plan), {
    dateOrder: plan.dateOrder?.order,
    valueSpellings: plan.valueSpellings,
  });
  await connection.run(`CREATE OR REPLACE TEMP TABLE ingest_checked AS ${check.sql}`, check.params);
  await createValidRows(connection);
  return check.fields;
}

interface ValidatedRows {
  /** The fields the file's rows have. */
  fields: string[];
  /** The free-text field of the kind, when the file has it. */
  textField?: string;
  /** Distinct texts of the valid rows, prepared into `ingest_texts` (store-verbatims.ts). */
  textCount: number;
}

/**
 * Validates the staged rows and prepares the file's free text: the distinct staged texts are redacted and
 * hashed (JS, row files) while DuckDB validates, which took as long (about 3 s each at 1M rows).
 */
async function validateAndPrepareTexts(
  job: FileJob,
  choice: KindChoice,
  folder: RowFolder,
): Promise<ValidatedRows> {
  const { connection, options } = job;
  const textField = verbatimField(choice.recordKind);
  const source = textField === undefined ? undefined : fieldSources(choice.plan).get(textField);
  if (textField === undefined || source === undefined) {
    return { fields: await validateRows(connection, choice), textCount: 0 };
  }
  const params: Record<string, DuckDBValue> = {};
  const text = stagedFieldText(source, (value) => {
    params.text_default = value;
    return '$text_default';
  });
  const [staged, prepared] = [folder.path('staged-texts.ndjson'), folder.path('texts.ndjson')];
  await copyStagedTexts(connection, text, params, staged);
  const fields = await whileComputing(
    (cancelled) => prepareTextFile(staged, prepared, options.redact !== false, { cancelled }),
    async (preparing) => {
      const validated = await validateRows(connection, choice);
      await preparing;
      return validated;
    },
  );
  return { fields, textField, textCount: await loadPreparedTexts(connection, textField, prepared) };
}

/** The ids of the records this file added or changed, whatever their kind (upsertRecords' ingest_diff). */
const CHANGED_IDS = `SELECT id FROM ingest_diff WHERE __change <> 'unchanged'`;

/**
 * Brings the derived tables up to date with what the file wrote: new classifications
 * (saveClassifications' ingest_classifications) and changed cancellations, customers, offers or survey
 * answers.
 */
async function refreshFactsAfterFile(
  connection: DuckDBConnection,
  kind: RecordKind,
  newClassifications: boolean,
  options: FactRefreshOptions = {},
): Promise<void> {
  const affected: string[] = [];
  if (newClassifications) {
    await refreshEffectiveClassifications(connection, CLASSIFIED_HASHES);
    affected.push(...quotesTextIn(CLASSIFIED_HASHES));
  }
  if (kind === 'cancellations') affected.push(`id IN (${CHANGED_IDS})`);
  if (kind === 'customers') affected.push(`customer_id IN (${CHANGED_IDS})`);
  if (kind === 'surveys') {
    affected.push(
      answeredIn(CHANGED_IDS),
      `id IN (SELECT __previous_cancellation_id FROM ingest_diff WHERE __change = 'updated')`,
    );
  }
  if (affected.length > 0) await refreshCancellationFacts(connection, affected, {}, options);
  else await options.beforeDocuments?.();
  if (kind === 'offers') await refreshOfferFacts(connection, `id IN (${CHANGED_IDS})`);
}

/**
 * Writes the valid rows, stores the file's new verbatims and classifies those the current model has not
 * seen. The classifier (JS) runs while DuckDB writes the rows (its own threads), reading and writing files
 * (row-files.ts) rather than holding the texts and results.
 */
async function writeRowsAndClassify(
  job: FileJob,
  choice: KindChoice,
  columns: string[],
  progress: ProgressOf,
  folder: RowFolder,
) {
  const { connection } = job;
  const classifier = job.classifier();
  const [pending, classified] = [folder.path('pending.ndjson'), folder.path('classified.ndjson')];
  const total = await copyPendingFileVerbatims(connection, classifier.version, pending);
  progress('classifying', 0);
  const onProgress = (done: number) => progress('classifying', total === 0 ? 1 : done / total);
  return whileComputing(
    (cancelled) => classifyRowFile(classifier, pending, classified, { cancelled, onProgress }),
    async (classifying) => {
      const changes = await upsertRecords(connection, choice.recordKind, columns);
      const newVerbatims = await storeNewVerbatims(connection);
      await classifying;
      const reread = total > 0 ? await saveClassifications(connection, classifier.version, classified) : 0;
      return {
        changes,
        newVerbatims,
        classified: total,
        warnings: [...blankedValuesWarnings(changes.blanked), ...rereadWarnings(reread, classifier.version)],
      };
    },
  );
}

/** Writes the valid rows of a file without free text to store (`textField` names its column when it is empty). */
async function loadRowsWithoutText(job: FileJob, choice: KindChoice, fields: string[], textField?: string) {
  const columns = await buildFinalRows(job.connection, fields, textField);
  const changes = await upsertRecords(job.connection, choice.recordKind, columns);
  await refreshFactsAfterFile(job.connection, choice.recordKind, false);
  return { changes, newVerbatims: 0, classified: 0, warnings: blankedValuesWarnings(changes.blanked) };
}

/**
 * Writes the valid rows, and the file's verbatims, their classifications and their index when it has free
 * text, then the derived tables, all in the file's transaction. The index of the new verbatims is computed
 * (JS) while DuckDB writes cancellation_facts, the longest statement, and written before the theme documents
 * that read it.
 */
async function loadRows(
  job: FileJob,
  choice: KindChoice,
  rows: ValidatedRows,
  progress: ProgressOf,
  folder: RowFolder,
) {
  const { connection } = job;
  const { fields, textField, textCount } = rows;
  if (textField === undefined) return loadRowsWithoutText(job, choice, fields);
  if (textCount === 0) return loadRowsWithoutText(job, choice, fields, textField);
  const columns = await buildFinalRows(connection, fields, textField);
  const written = await writeRowsAndClassify(job, choice, columns, progress, folder);
  const [texts, index] = [folder.path('new-verbatims.ndjson'), folder.path('index.ndjson')];
  await copyVerbatimTexts(connection, NEW_VERBATIMS, texts);
  await whileComputing(
    (cancelled) => indexRowFile(texts, index, { cancelled }),
    (indexing) =>
      refreshFactsAfterFile(connection, choice.recordKind, written.classified > 0, {
        beforeDocuments: async () => {
          await indexing;
          await writeVerbatimIndex(connection, NEW_VERBATIMS, index);
        },
      }),
  );
  return written;
}

/** Validates and writes the staged rows (above), with a folder for their row files. */
async function validateAndLoad(job: FileJob, choice: KindChoice, progress: ProgressOf) {
  const folder = await rowFolder();
  try {
    progress('validating');
    const validated = await validateAndPrepareTexts(job, choice, folder);
    progress('loading');
    return await loadRows(job, choice, validated, progress, folder);
  } finally {
    await folder.remove();
  }
}

/** Where a CSV's header is when lines above it were skipped as no part of the table. */
function headerNote(linesAboveHeader: number): string {
  return `header on line ${linesAboveHeader + 1}: the ${linesAboveHeader === 1 ? 'line' : `${linesAboveHeader} lines`} above it skipped as no part of the table`;
}

/**
 * What the run says of how the file was read, before its kind: the sheet of a workbook, the encoding, lines
 * skipped above the header, the array records were found in. Shown as the file is read and kept in the run.
 */
function readingNotes(job: FileJob, staged: StagedSource): string[] {
  const linesAboveHeader = staged.linesAboveHeader ?? 0;
  return [
    job.gunzipped ? 'decompressed from gzip' : undefined,
    job.sheet ? sheetNote(job.sheet) : undefined,
    job.encoding ? `read as ${job.encoding.encoding}: ${job.encoding.reason}` : undefined,
    linesAboveHeader > 0 ? headerNote(linesAboveHeader) : undefined,
    staged.recordsUnder === undefined
      ? undefined
      : `records read from the "${staged.recordsUnder}" array of the JSON document`,
    staged.readerNote,
  ].filter((note) => note !== undefined);
}

/** An ignored column as the run lists it: with why, when it holds lists or objects rather than text. */
function ignoredColumn(plan: ColumnPlan, header: string, renamed: readonly RenamedHeader[]): string {
  const holds = plan.nestedColumns.get(header);
  return holds === undefined
    ? ignoredColumnLabel(plan, header, renamed)
    : `${header} (holds ${holds}, not text)`;
}

/**
 * An ignored column with the name the file gives it, when the reader renamed it (a repeated name), and with
 * the field it names, when another column feeds that field: without it, the column would read as one that
 * matches nothing.
 */
function ignoredColumnLabel(plan: ColumnPlan, header: string, renamed: readonly RenamedHeader[]): string {
  const label = renamedHeaderLabel(renamed, header);
  const second = plan.secondColumns?.get(header);
  return second ? `${label} (also names ${second.field}, read from "${second.readFrom}")` : label;
}

function ignoredColumnLabels(plan: ColumnPlan, renamed: readonly RenamedHeader[]): string[] {
  return plan.unmatched.map((header) => ignoredColumnLabel(plan, header, renamed));
}

/** The ignored columns that hold lists or objects, which no mapping can make a field read. */
function nestedIgnoredColumns(plan: ColumnPlan): string[] {
  return plan.unmatched.filter((header) => plan.nestedColumns.has(header));
}

function runNotes(
  choice: KindChoice,
  counts: StageCounts,
  reading: {
    notes: string[];
    columnNotes: string[];
    warnings: string[];
    renamed: readonly RenamedHeader[];
    duplicatesAreRejected: boolean;
  },
): string {
  return [
    ...reading.notes,
    `kind ${choice.kind}: ${choice.reason}`,
    choice.plan.dateOrder?.reason,
    ...choice.plan.matches.map(timeZoneNote),
    ...choice.plan.matches
      .filter((match) => match.daysUntil)
      .map((match) => `${match.field}: days from column "${match.header}" to ${match.daysUntil}`),
    ...choice.plan.matches
      .filter((match) => match.timeOfDay && !match.sharedWith && !match.filled)
      .map((match) => `${match.field}: columns "${match.header}" and "${match.timeOfDay?.header}"`),
    ...choice.plan.matches
      .filter((match) => match.minorUnits)
      .map(
        (match) =>
          `${match.field}: column "${match.header}" in its currency's minor units (4900 USD as 49.00)`,
      ),
    ...reading.columnNotes,
    ...reading.warnings,
    ...choice.plan.matches
      .filter((match) => match.filled)
      .map((match) => `${match.field}: whether column "${match.header}" has a value`),
    ...choice.plan.matches
      .filter((match) => match.sharedWith)
      .map((match) => `${match.field}: column "${match.header}", as ${match.sharedWith}`),
    choice.plan.unmatched.length
      ? `ignored columns: ${choice.plan.unmatched.map((header) => ignoredColumn(choice.plan, header, reading.renamed)).join(', ')}`
      : undefined,
    choice.plan.absentMappedHeaders.length
      ? `columns of the mapping not in this file: ${choice.plan.absentMappedHeaders.map((header) => `"${header}"`).join(', ')}`
      : undefined,
    counts.skipped
      ? `${counts.skipped} skipped as unchanged, e.g. ${counts.skipReasons.join('; ')}`
      : undefined,
    !reading.duplicatesAreRejected && counts.duplicates
      ? `${counts.duplicates} older versions superseded by later events`
      : undefined,
  ]
    .filter(Boolean)
    .join('. ');
}

/**
 * The plan without the columns whose header cell is blank and that hold no value (emptyUnnamedColumns)
 * among its ignored ones: they hold nothing to ignore, and listed as "column12" they would read as data the
 * file lost. With what the run says of them, when there are any.
 */
function withoutEmptyUnnamedColumns(
  plan: ColumnPlan,
  empty: ReadonlySet<string>,
): { plan: ColumnPlan; leftOut?: string } {
  const unmatched = plan.unmatched.filter((header) => !empty.has(header));
  const count = plan.unmatched.length - unmatched.length;
  if (count === 0) return { plan };
  const leftOut = `${count} ${count === 1 ? 'column' : 'columns'} with no header and no value left out`;
  return { plan: { ...plan, unmatched }, leftOut };
}

/** Reads the file into ingest_stage (a form's questions become rows of their own: question-columns.ts). */
async function stageFile(job: FileJob, progress: ProgressOf): Promise<StagedSource> {
  const { connection, path, options } = job;
  const format = await detectFormat(path);
  const fromReader = await withQueryProgress(
    connection,
    () =>
      stageSource(
        connection,
        path,
        format,
        { dialect: job.csvDialect, validUtf8: job.validUtf8 },
        headerRecognition(options),
      ),
    (fraction) => progress('reading', fraction),
  ).catch((error: unknown) => {
    // Running out of memory says nothing about the file.
    throw isOutOfMemory(error)
      ? error
      : new FileProblem(`cannot be read as ${format}: ${describeError(error, options)}`);
  });
  const overlong = overlongHeaderProblem(fromReader);
  if (overlong) throw new FileProblem(overlong);
  const staged = await readByQuestion(
    connection,
    job.sheet ? { ...fromReader, locator: sheetRowLocator(fromReader.locator, job.sheet) } : fromReader,
    options.mapping,
  );
  if (staged.headers.length === 0) throw new FileProblem('it holds no records');
  return staged;
}

/** Runs `decide`; its refusal of a workbook none of whose sheets could be placed names the sheets. */
function namingUnplacedSheets<T>(job: FileJob, decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    const sheets = job.sheet ? unplacedSheetsText(job.sheet) : '';
    if (!(error instanceof FileProblem) || sheets === '') throw error;
    throw new FileProblem(`${error.message}${sheets}`);
  }
}

/**
 * What the staged file holds and how its columns feed fields, settled with the data where it must be (an
 * ambiguous reason column, the day/month order); says each decision as it is made, and refuses a plan that
 * misses a required field. Returns the choice, the notes on how the file was read, those on its columns (a
 * header name written twice) and the warnings on how its columns are read (the report's `warnings`, which the
 * CLI prints with the file's counts).
 */
async function decideColumns(job: FileJob, staged: StagedSource) {
  const { connection, options } = job;
  const note = (text: string) => job.emit({ type: 'note', file: job.name, note: text });
  const chosen = namingUnplacedSheets(job, () => chooseKind(staged, options));
  const notes = readingNotes(job, staged);
  notes.forEach(note);
  job.emit({ type: 'kind', file: job.name, kind: chosen.kind, reason: chosen.reason });
  const resolved = { ...chosen, plan: await resolveAmbiguousReason(connection, chosen.plan) };
  namingUnplacedSheets(job, () => assertPlanUsable(resolved, staged.headers, staged.renamedHeaders));
  const dateOrder = options.dateOrder ?? options.mapping?.dateOrder;
  const ordered = await settleDateOrder(connection, resolved.plan, dateOrder);
  const choice = { ...resolved, plan: await settleTimeZones(connection, ordered, staged.columnTimeZones) };
  if (choice.plan.dateOrder) note(choice.plan.dateOrder.reason);
  for (const zoneNote of choice.plan.matches.map(timeZoneNote)) if (zoneNote) note(zoneNote);
  await skipRunningSubscriptions(connection, choice.plan, staged.runningStatuses);
  await skipTotalsRows(connection, choice.plan, staged.headers);
  const renamed = staged.renamedHeaders ?? [];
  const comparisons = await compareRepeatedColumns(connection, renamed, staged.headers);
  const said = renamedHeaderMessages(renamed, choice.plan.matches, comparisons);
  const { plan, leftOut } = withoutEmptyUnnamedColumns(
    choice.plan,
    await emptyUnnamedColumns(connection, renamed, staged.headers),
  );
  const columnNotes = [...said.notes, ...(leftOut ? [leftOut] : [])];
  columnNotes.forEach(note);
  return {
    choice: { ...choice, plan },
    notes,
    columnNotes,
    warnings: [
      ...centsReadAsWrittenWarnings(choice.plan.matches),
      ...choice.plan.matches.map(unknownTimeZoneWarning).filter((warning) => warning !== undefined),
      ...said.warnings,
    ],
  };
}

/** The file's counts (read = loaded + updated + unchanged + rejected) and its rejected rows. */
async function tallyFile(
  job: FileJob,
  choice: KindChoice,
  staged: StagedSource,
  changes: { loaded: number; updated: number; unchanged: number },
) {
  const { connection, options } = job;
  const counts = withBlankLines(await stageCounts(connection), staged.blankLines ?? 0);
  // A Stripe export holds each subscription's versions (events); an older one is not a bad row.
  const duplicatesAreRejected = choice.kind !== 'stripe';
  const read = counts.staged + unstagedRecords(staged);
  const rejected = counts.invalid + staged.readerRejects + (duplicatesAreRejected ? counts.duplicates : 0);
  const redaction = options.redact === false ? NO_REDACTION : rejectionRedaction(choice.plan);
  const rejections =
    rejected > 0 ? await collectRejections(connection, staged, duplicatesAreRejected, redaction) : [];
  const unchanged = changes.unchanged + counts.skipped + (duplicatesAreRejected ? 0 : counts.duplicates);
  const totals = { read, loaded: changes.loaded, updated: changes.updated, unchanged, rejected };
  return { counts, duplicatesAreRejected, rejections, totals };
}

/** Records a failed file in ingest_runs, or says in the message why even that could not be done. */
async function recordFailure(
  job: FileJob,
  run: { kind: FileReport['kind']; checksum: string; startedAt: Date },
  message: string,
): Promise<string> {
  const mapping: ColumnMapping | undefined = job.options.mapping;
  // The report must reach the caller even when the database cannot take another write.
  return recordFailedRun(job.connection, { file: job.name, ...run, mapping }, message).then(
    () => message,
    (failure: unknown) =>
      `${message}; the failed run could not be recorded in ingest_runs: ${describeError(failure, job.options)}`,
  );
}

export async function ingestFile(job: FileJob): Promise<FileReport> {
  const { connection, path, options } = job;
  const started = performance.now();
  const startedAt = new Date();
  let rows: number | undefined;
  const progress: ProgressOf = (phase, fraction) =>
    job.emit({ type: 'progress', file: job.name, phase, fraction, rows });
  let checksum = '';
  let choice: KindChoice | undefined;
  try {
    const blank = await blankFileProblem(path);
    if (blank) return failedReport(job, 'unknown', blank, started);
    checksum = await fileChecksum(path);
  } catch (error) {
    return failedReport(job, 'unknown', `cannot read the file: ${describeError(error, options)}`, started);
  }

  await connection.run('BEGIN TRANSACTION');
  try {
    const staged = await stageFile(job, progress);
    rows = await countRows(connection, staged);
    const decided = await decideColumns(job, staged);
    choice = decided.choice;

    const { changes, warnings: loadWarnings, ...text } = await validateAndLoad(job, choice, progress);

    progress('committing');
    const { counts, duplicatesAreRejected, rejections, totals } = await tallyFile(
      job,
      choice,
      staged,
      changes,
    );
    const mapping = effectiveMapping(choice);
    const runId = await startRun(connection, {
      file: job.name,
      kind: choice.kind,
      checksum,
      mapping,
      startedAt,
    });
    await writeRejectedRows(connection, runId, job.name, rejections);
    await rememberRejectedIds(connection, RECORD_TABLES[choice.recordKind], job.name);
    const warnings = [...decided.warnings, ...loadWarnings];
    const renamed = staged.renamedHeaders ?? [];
    const notes = runNotes(choice, counts, {
      notes: decided.notes,
      columnNotes: decided.columnNotes,
      warnings,
      renamed,
      duplicatesAreRejected,
    });
    await finishRun(connection, runId, totals, notes);
    await connection.run('COMMIT');
    return {
      path: job.name,
      kind: choice.kind,
      status: 'ok',
      ...totals,
      skipped: counts.skipped,
      kindReason: choice.reason,
      ignoredColumns: ignoredColumnLabels(choice.plan, renamed),
      nestedColumns: nestedIgnoredColumns(choice.plan),
      warnings,
      rejections: rejections.slice(0, REPORTED_REJECTIONS),
      ...text,
      runId,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    // A COMMIT that failed (the disk full, the WAL not writable) has rolled back already; its error is the one to report.
    await connection.run('ROLLBACK').catch(() => undefined);
    const kind = choice?.kind ?? 'unknown';
    const message = await recordFailure(job, { kind, checksum, startedAt }, describeError(error, options));
    return failedReport(job, kind, message, started);
  }
}
