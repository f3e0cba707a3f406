/**
 * Gathers every rejected row of a file (failed checks, duplicate ids, reader rejects) with the line a person
 * sees in an editor, for rejected_rows.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { RejectedRow } from '../runs/ingest-run-log.ts';
import { type StagedSource, stageColumn } from '../sources/staged-source.ts';

/**
 * The most characters of a value the raw record keeps, as DuckDB keeps of a CSV row too long to read: a
 * rejected row is listed in the API and the dashboard, where a value of megabytes (a text run on over the
 * rest of the file) would only be in the way.
 */
const RAW_VALUE_CHARACTERS = 10_000;

function rawRecordExpression(headers: readonly string[]): {
  sql: string;
  params: Record<string, DuckDBValue>;
} {
  const params: Record<string, DuckDBValue> = {};
  const pairs = headers.map((header, index) => {
    params[`h${index}`] = header;
    return `$h${index}, left(s.${stageColumn(index)}, ${RAW_VALUE_CHARACTERS})`;
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

export async function collectRejections(
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
