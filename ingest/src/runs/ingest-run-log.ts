/**
 * Bookkeeping of ingest runs: one `ingest_runs` row per file per run, and one `rejected_rows` row per rejected
 * input row. A successful run's rows are written inside the file's transaction, so they exist exactly when
 * the file's data does; a failed file is recorded afterwards, on its own.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type DuckDBConnection, timestampValue } from '@duckdb/node-api';

export interface RunCounts {
  read: number;
  loaded: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface RunStart {
  file: string;
  kind: string;
  checksum: string;
  /** The effective header → field mapping and defaults, as stored in ingest_runs.mapping. */
  mapping: unknown;
  startedAt: Date;
}

export interface RejectedRow {
  line: number | null;
  field: string | null;
  message: string;
  raw: string | null;
}

const timestamp = (date: Date) => timestampValue(BigInt(date.getTime()) * 1000n);

/** SHA-256 of the file's bytes, hex. */
export async function fileChecksum(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function startRun(connection: DuckDBConnection, run: RunStart): Promise<number> {
  const reader = await connection.runAndReadAll(
    `INSERT INTO ingest_runs (file, kind, checksum, mapping, started_at, status)
     VALUES ($file, $kind, $checksum, $mapping::JSON, $started_at, 'running')
     RETURNING id`,
    {
      file: run.file,
      kind: run.kind,
      checksum: run.checksum,
      mapping: JSON.stringify(run.mapping),
      started_at: timestamp(run.startedAt),
    },
  );
  return Number(reader.getRowObjectsJson()[0]?.id);
}

export async function finishRun(
  connection: DuckDBConnection,
  runId: number,
  counts: RunCounts,
  message: string | null,
): Promise<void> {
  await connection.run(
    `UPDATE ingest_runs SET finished_at = $finished_at, status = 'succeeded', rows_read = $read,
       rows_loaded = $loaded, rows_updated = $updated, rows_unchanged = $unchanged, rows_rejected = $rejected,
       message = $message
     WHERE id = $id`,
    { id: runId, finished_at: timestamp(new Date()), message, ...counts },
  );
}

/** Records a file that could not be processed at all (its transaction was rolled back). */
export async function recordFailedRun(
  connection: DuckDBConnection,
  run: Omit<RunStart, 'mapping'> & { mapping?: unknown },
  message: string,
): Promise<void> {
  await connection.run(
    `INSERT INTO ingest_runs (file, kind, checksum, mapping, started_at, finished_at, status, message)
     VALUES ($file, $kind, $checksum, $mapping::JSON, $started_at, $finished_at, 'failed', $message)`,
    {
      file: run.file,
      kind: run.kind,
      checksum: run.checksum,
      mapping: run.mapping === undefined ? null : JSON.stringify(run.mapping),
      started_at: timestamp(run.startedAt),
      finished_at: timestamp(new Date()),
      message,
    },
  );
}

export async function writeRejectedRows(
  connection: DuckDBConnection,
  runId: number,
  file: string,
  rows: readonly RejectedRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_rejected_buffer (line BIGINT, field VARCHAR, message VARCHAR, raw VARCHAR)`,
  );
  const appender = await connection.createAppender('ingest_rejected_buffer', 'main', 'temp');
  try {
    for (const row of rows) {
      if (row.line === null) appender.appendNull();
      else appender.appendBigInt(BigInt(row.line));
      if (row.field === null) appender.appendNull();
      else appender.appendVarchar(row.field);
      appender.appendVarchar(row.message);
      if (row.raw === null) appender.appendNull();
      else appender.appendVarchar(row.raw);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  await connection.run(
    `INSERT INTO rejected_rows (run_id, file, line, field, message, raw)
     SELECT $run_id, $file, line, field, message, raw FROM ingest_rejected_buffer ORDER BY line`,
    { run_id: runId, file },
  );
}
