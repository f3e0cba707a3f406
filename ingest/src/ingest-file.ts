/**
 * Ingests one file in one DuckDB transaction: read it into a staging table, decide its kind and column
 * mapping, validate every row in bulk SQL, upsert the good rows by id, store and classify new verbatims,
 * quarantine the bad rows with their line numbers, and record the run. Any failure (or a killed process)
 * rolls the whole file back, so the database is as it was before the file; rerunning completes it.
 */
import { stat } from 'node:fs/promises';
import type { RecordKind } from '@churnlens/models';
import { REASON_CODES } from '@churnlens/models';
import { verbatimField } from '@churnlens/models/schema/field-rules';
import { type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api';
import { classifyFileVerbatims, type VerbatimClassifier } from './classification/classify-verbatims.ts';
import type { FileReport, IngestOptions, IngestPhase, ProgressListener } from './ingest-report.ts';
import { upsertRecords } from './load/upsert-records.ts';
import { type ColumnMapping, EMPTY_MAPPING, type IngestKind } from './mapping/mapping-file.ts';
import { type ColumnPlan, detectKind, planColumns } from './mapping/match-columns.ts';
import {
  fileChecksum,
  finishRun,
  type RejectedRow,
  recordFailedRun,
  startRun,
  writeRejectedRows,
} from './runs/ingest-run-log.ts';
import type { CsvDialect } from './sources/csv-source.ts';
import { detectFormat } from './sources/detect-format.ts';
import { stageSource } from './sources/stage-source.ts';
import { type StagedSource, stageColumn } from './sources/staged-source.ts';
import { identifier } from './sql/identifier.ts';
import { prepareTexts, storeNewVerbatims } from './text/store-verbatims.ts';
import { buildCheckQuery, type FieldSource } from './validation/build-check-query.ts';

/** A problem that stops a whole file (unreadable, unrecognised columns); reported as the file's error. */
export class FileProblem extends Error {
  override name = 'FileProblem';
}

export interface FileJob {
  connection: DuckDBConnection;
  path: string;
  /** Name shown in reports and ingest_runs. */
  name: string;
  options: IngestOptions;
  classifier: () => VerbatimClassifier;
  /** The CSV dialect, when it was sniffed already. */
  csvDialect?: CsvDialect;
  emit: ProgressListener;
}

interface KindChoice {
  kind: IngestKind;
  recordKind: RecordKind;
  plan: ColumnPlan;
  reason: string;
}

const REPORTED_REJECTIONS = 10;

function chooseKind(staged: StagedSource, options: IngestOptions): KindChoice {
  const mapping = options.mapping ?? EMPTY_MAPPING;
  const requested = options.kind === undefined || options.kind === 'auto' ? mapping.kind : options.kind;
  if (staged.stripe) {
    if (requested !== undefined && requested !== 'stripe' && requested !== 'cancellations') {
      throw new FileProblem(`it holds Stripe subscriptions or events, not ${requested}`);
    }
    return {
      kind: 'stripe',
      recordKind: 'cancellations',
      plan: planColumns('cancellations', staged.headers, EMPTY_MAPPING),
      reason: 'Stripe objects found ("object": list, subscription or event); mapped onto cancellations',
    };
  }
  if (requested === 'stripe') {
    throw new FileProblem(
      'no Stripe subscription, subscription list or customer.subscription.* event found in it',
    );
  }
  if (requested !== undefined) {
    return {
      kind: requested,
      recordKind: requested,
      plan: planColumns(requested, staged.headers, mapping),
      reason: options.kind === requested ? 'given with --kind' : 'given by the mapping file',
    };
  }
  const decision = detectKind(staged.headers, mapping);
  return {
    kind: decision.plan.kind,
    recordKind: decision.plan.kind,
    plan: decision.plan,
    reason: decision.reason,
  };
}

/** A "reason" column feeds reason_code when every value is a known code, otherwise reason_text. */
async function resolveAmbiguousReason(connection: DuckDBConnection, plan: ColumnPlan): Promise<ColumnPlan> {
  const ambiguous = plan.ambiguousReason;
  if (!ambiguous) return plan;
  const column = identifier(stageColumn(ambiguous.column));
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS filled,
       count(*) FILTER (WHERE NOT list_contains($codes, regexp_replace(lower(trim(${column})), '[\\s-]+', '_', 'g')))::INTEGER AS free_text
     FROM ingest_stage WHERE nullif(trim(${column}), '') IS NOT NULL`,
    { codes: listValue([...REASON_CODES]) },
  );
  const counts = reader.getRowObjectsJson()[0] as { filled: number; free_text: number };
  const field = counts.filled > 0 && counts.free_text === 0 ? 'reason_code' : 'reason_text';
  const match = { field, column: ambiguous.column, header: ambiguous.header, via: 'synonym' as const };
  return { ...plan, ambiguousReason: undefined, matches: [...plan.matches, match] };
}

function fieldSources(plan: ColumnPlan): Map<string, FieldSource> {
  const sources = new Map<string, FieldSource>();
  for (const match of plan.matches)
    sources.set(match.field, { column: stageColumn(match.column), header: match.header });
  for (const [field, value] of Object.entries(plan.defaults)) sources.set(field, { constant: value });
  return sources;
}

function effectiveMapping(choice: KindChoice) {
  return {
    kind: choice.kind,
    columns: Object.fromEntries(choice.plan.matches.map((match) => [match.header, match.field])),
    defaults: choice.plan.defaults,
    ignored: choice.plan.unmatched,
  };
}

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

/**
 * `ingest_valid`: the rows without problems, each with its rank among rows of the same id (1 = the one to
 * load: the latest version, else the last in the file) and the position of that kept row. Ranking needs a
 * sort, so only ids that occur more than once are ranked; the rest are rank 1 by definition.
 */
async function createValidRows(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_duplicates AS
     SELECT __pos, row_number() OVER latest AS __rank, first_value(__pos) OVER latest AS __kept
     FROM ingest_checked
     WHERE __message = ''
       AND id IN (SELECT id FROM ingest_checked WHERE __message = '' GROUP BY id HAVING count(*) > 1)
     WINDOW latest AS (PARTITION BY id ORDER BY __version DESC NULLS LAST, __pos DESC)`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ingest_valid AS
     SELECT c.* EXCLUDE (__message, __fields), coalesce(d.__rank, 1) AS __rank, coalesce(d.__kept, c.__pos) AS __kept
     FROM ingest_checked c LEFT JOIN ingest_duplicates d ON d.__pos = c.__pos
     WHERE c.__message = ''`,
  );
}

/** The final rows: valid, last occurrence of each id, free text replaced by its stored (redacted) form. */
async function buildFinalRows(connection: DuckDBConnection, fields: string[], textField: string | undefined) {
  const columns = fields.map(identifier);
  if (!textField) {
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW ingest_final AS SELECT ${columns.join(', ')} FROM ingest_valid WHERE __rank = 1`,
    );
    return columns;
  }
  const text = identifier(textField);
  const selected = columns.map((column) => (column === text ? `t.stored_text AS ${text}` : `v.${column}`));
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ingest_final AS
     SELECT ${selected.join(', ')}, t.text_hash
     FROM ingest_valid v LEFT JOIN ingest_texts t ON t.source_text = v.${text}
     WHERE v.__rank = 1`,
  );
  return [...columns, 'text_hash'];
}

function rawRecordExpression(headers: readonly string[]): {
  sql: string;
  params: Record<string, DuckDBValue>;
} {
  const params: Record<string, DuckDBValue> = {};
  const pairs = headers.map((header, index) => {
    params[`h${index}`] = header;
    return `$h${index}, s.${stageColumn(index)}`;
  });
  return { sql: pairs.length ? `json_object(${pairs.join(', ')})::VARCHAR` : 'NULL::VARCHAR', params };
}

interface RejectionRow {
  position: number | null;
  record: number | null;
  kept: number | null;
  field: string | null;
  message: string;
  raw: string | null;
}

async function collectRejections(
  connection: DuckDBConnection,
  staged: StagedSource,
  duplicatesAreRejected: boolean,
): Promise<RejectedRow[]> {
  const raw = rawRecordExpression(staged.headers);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_bad AS
     SELECT __pos, NULL::BIGINT AS __kept, nullif(__fields, '') AS field, __message AS message
     FROM ingest_checked WHERE __message <> ''
     UNION ALL
     SELECT __pos, __kept, 'id', 'id: "' || id || '" appears again later in this file'
     FROM ingest_valid WHERE __rank > 1 AND $duplicates_rejected`,
    { duplicates_rejected: duplicatesAreRejected },
  );
  // rowids of rows written in an open transaction start at a large offset: positions are made 0-based here.
  const reader = await connection.runAndReadAll(
    `WITH base AS (SELECT min(rowid) AS first FROM ingest_stage)
     SELECT b.__pos - base.first AS position, NULL::BIGINT AS record, b.__kept - base.first AS kept,
       b.field, b.message, ${raw.sql} AS raw
     FROM ingest_bad b JOIN ingest_stage s ON s.rowid = b.__pos, base
     UNION ALL
     SELECT NULL, record, NULL, field, message, raw FROM ingest_reader_rejects`,
    raw.params,
  );
  const rows = reader.getRowObjectsJS() as unknown as RejectionRow[];
  if (rows.length === 0) return [];
  await staged.locator.prepare(rows.filter((row) => row.record !== null).map((row) => Number(row.record)));
  const lineOf = (row: RejectionRow) =>
    row.record !== null
      ? staged.locator.lineOfRecord(Number(row.record))
      : staged.locator.lineOfRow(Number(row.position));
  return rows
    .map((row) => ({
      line: lineOf(row),
      field: row.field,
      message:
        row.kept === null
          ? row.message
          : `${row.message} (line ${staged.locator.lineOfRow(Number(row.kept))}); only that row is loaded`,
      raw: row.raw,
    }))
    .sort((a, b) => a.line - b.line);
}

interface StageCounts {
  staged: number;
  skipped: number;
  invalid: number;
  duplicates: number;
  skipReasons: string[];
}

async function stageCounts(connection: DuckDBConnection): Promise<StageCounts> {
  const reader = await connection.runAndReadAll(
    `SELECT
       (SELECT count(*) FROM ingest_stage)::INTEGER AS staged,
       (SELECT count(*) FROM ingest_stage WHERE __skip_reason IS NOT NULL)::INTEGER AS skipped,
       (SELECT count(*) FROM ingest_checked WHERE __message <> '')::INTEGER AS invalid,
       (SELECT count(*) FROM ingest_duplicates WHERE __rank > 1)::INTEGER AS duplicates,
       (SELECT list(__skip_reason ORDER BY rowid)[1:3] FROM ingest_stage WHERE __skip_reason IS NOT NULL)
         AS "skipReasons"`,
  );
  const row = reader.getRowObjectsJS()[0] as unknown as StageCounts;
  return { ...row, skipReasons: row.skipReasons ?? [] };
}

function failedReport(job: FileJob, kind: FileReport['kind'], error: string, started: number): FileReport {
  return {
    path: job.name,
    kind,
    status: 'failed',
    read: 0,
    loaded: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    error,
    ignoredColumns: [],
    rejections: [],
    newVerbatims: 0,
    classified: 0,
    seconds: (performance.now() - started) / 1000,
  };
}

function describeError(error: unknown): string {
  if (error instanceof FileProblem) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  // DuckDB errors carry the reader's settings over many lines; the first line says what went wrong.
  return text.split('\n')[0]?.replace(/^[A-Za-z ]+Error: /, '') ?? text;
}

export async function ingestFile(job: FileJob): Promise<FileReport> {
  const { connection, path, options } = job;
  const started = performance.now();
  const startedAt = new Date();
  const progress = (phase: IngestPhase, fraction?: number, rows?: number) =>
    job.emit({ type: 'progress', file: job.name, phase, fraction, rows });
  let checksum = '';
  let choice: KindChoice | undefined;
  try {
    await stat(path);
    checksum = await fileChecksum(path);
  } catch (error) {
    return failedReport(job, 'unknown', `cannot read the file: ${describeError(error)}`, started);
  }

  await connection.run('BEGIN TRANSACTION');
  try {
    const format = await detectFormat(path);
    const staged = await withQueryProgress(
      connection,
      () => stageSource(connection, path, format, job.csvDialect),
      (fraction) => progress('reading', fraction),
    );
    choice = chooseKind(staged, options);
    job.emit({ type: 'kind', file: job.name, kind: choice.kind, reason: choice.reason });
    choice = { ...choice, plan: await resolveAmbiguousReason(connection, choice.plan) };
    const { plan, recordKind } = choice;
    if (plan.unknownTargets.length) {
      throw new FileProblem(
        `the mapping names fields ${recordKind} does not have: ${plan.unknownTargets.join(', ')}`,
      );
    }
    if (plan.missing.length) {
      throw new FileProblem(
        `no column for required ${recordKind} field(s) ${plan.missing.join(', ')} ` +
          `(headers: ${staged.headers.join(', ') || 'none'}); name them so or map them with --mapping`,
      );
    }

    progress('validating');
    const check = buildCheckQuery(recordKind, fieldSources(plan));
    await connection.run(`CREATE OR REPLACE TEMP TABLE ingest_checked AS ${check.sql}`, check.params);
    await createValidRows(connection);

    progress('loading');
    const textField = verbatimField(recordKind);
    const hasText = textField !== undefined && check.fields.includes(textField);
    const textCount = hasText ? await prepareTexts(connection, textField, options.redact !== false) : 0;
    const columns = await buildFinalRows(connection, check.fields, hasText ? textField : undefined);
    const changes = await upsertRecords(connection, recordKind, columns);

    let newVerbatims = 0;
    let classified = 0;
    if (textCount > 0) {
      newVerbatims = await storeNewVerbatims(connection);
      progress('classifying', 0);
      classified = await classifyFileVerbatims(connection, job.classifier(), (done, total) =>
        progress('classifying', done / total, done),
      );
    }

    const counts = await stageCounts(connection);
    const duplicatesAreRejected = choice.kind !== 'stripe';
    const read = counts.staged + staged.readerRejects;
    const rejected = counts.invalid + staged.readerRejects + (duplicatesAreRejected ? counts.duplicates : 0);
    const rejections = rejected > 0 ? await collectRejections(connection, staged, duplicatesAreRejected) : [];
    const unchanged = changes.unchanged + counts.skipped + (duplicatesAreRejected ? 0 : counts.duplicates);
    const totals = { read, loaded: changes.loaded, updated: changes.updated, unchanged, rejected };
    const notes = [
      `kind ${choice.kind}: ${choice.reason}`,
      plan.unmatched.length ? `ignored columns: ${plan.unmatched.join(', ')}` : undefined,
      counts.skipped
        ? `${counts.skipped} skipped as unchanged, e.g. ${counts.skipReasons.join('; ')}`
        : undefined,
      !duplicatesAreRejected && counts.duplicates
        ? `${counts.duplicates} older versions superseded by later events`
        : undefined,
    ].filter(Boolean);

    const runId = await startRun(connection, {
      file: job.name,
      kind: choice.kind,
      checksum,
      mapping: effectiveMapping(choice),
      startedAt,
    });
    await writeRejectedRows(connection, runId, job.name, rejections);
    await finishRun(connection, runId, totals, notes.join('. '));
    await connection.run('COMMIT');
    return {
      path: job.name,
      kind: choice.kind,
      status: 'ok',
      ...totals,
      skipped: counts.skipped,
      kindReason: choice.reason,
      ignoredColumns: plan.unmatched,
      rejections: rejections.slice(0, REPORTED_REJECTIONS),
      newVerbatims,
      classified,
      runId,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await connection.run('ROLLBACK');
    const message = describeError(error);
    const kind = choice?.kind ?? 'unknown';
    const mapping: ColumnMapping | undefined = options.mapping;
    await recordFailedRun(connection, { file: job.name, kind, checksum, startedAt, mapping }, message);
    return failedReport(job, kind, message, started);
  }
}
