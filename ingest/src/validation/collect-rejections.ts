/**
 * Gathers every rejected row of a file (failed checks, duplicate ids, reader rejects) with the line a person
 * sees in an editor, for rejected_rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RejectedRow } from '../runs/ingest-run-log.ts';
import { type StagedSource, stageColumn } from '../sources/staged-source.ts';
import type { RejectionRedaction } from '../text/rejection-redaction.ts';

/**
 * The most characters of a value the raw record keeps, as DuckDB keeps of a CSV row too long to read: a
 * rejected row is listed in the API and the dashboard, where a value of megabytes (a text run on over the
 * rest of the file) would only be in the way.
 */
const RAW_VALUE_CHARACTERS = 10_000;

/**
 * A staged row's values as a list rather than DuckDB's JSON of them: whether a value is redacted depends on
 * its column (rejection-redaction.ts), so the record is written out after, by rawRecord.
 */
function recordCellsExpression(headers: readonly string[]): string {
  if (headers.length === 0) return 'NULL::VARCHAR[]';
  const values = headers.map((_, index) => `left(s.${stageColumn(index)}, ${RAW_VALUE_CHARACTERS})`);
  return `[${values.join(', ')}]::VARCHAR[]`;
}

/**
 * The record as the raw column keeps it, a JSON object of the file's columns in their order (as json_object
 * wrote it; a JS object would put a header such as "2024" first): {"id":"c7","mrr":"-5"}.
 */
function rawRecord(
  headers: readonly string[],
  values: readonly (string | null)[],
  redaction: RejectionRedaction,
): string {
  const pairs = headers.map((header, column) => {
    const value = values[column] ?? null;
    return `${JSON.stringify(header)}:${JSON.stringify(value === null ? null : redaction.value(column, value))}`;
  });
  return `{${pairs.join(',')}}`;
}

interface RejectionRow {
  position: number | null;
  record: number | null;
  kept: number | null;
  field: string | null;
  message: string;
  /** A staged row's values; null for a record the reader rejected, which has only its `unsplit` line. */
  cells: (string | null)[] | null;
  unsplit: string | null;
}

/** The raw column of a rejection: its record's values, or the reader's line, each as `redaction` keeps it. */
function rawOf(row: RejectionRow, headers: readonly string[], redaction: RejectionRedaction): string | null {
  if (row.cells !== null) return rawRecord(headers, row.cells, redaction);
  return row.unsplit === null ? null : redaction.line(row.unsplit);
}

export async function collectRejections(
  connection: DuckDBConnection,
  staged: StagedSource,
  duplicatesAreRejected: boolean,
  redaction: RejectionRedaction,
): Promise<RejectedRow[]> {
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
       b.field, b.message, ${recordCellsExpression(staged.headers)} AS cells, NULL::VARCHAR AS unsplit
     FROM ingest_bad b JOIN ingest_stage s ON s.rowid = b.__pos, base
     UNION ALL
     SELECT NULL, record, NULL, field, message, NULL::VARCHAR[], raw FROM ingest_reader_rejects`,
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
      message: redaction.message(
        row.field,
        row.kept === null
          ? row.message
          : `${row.message} (line ${staged.locator.lineOfRow(Number(row.kept))}); only that row is loaded`,
      ),
      raw: rawOf(row, staged.headers, redaction),
    }))
    .sort((a, b) => a.line - b.line);
}
