/**
 * Reads NDJSON, JSON arrays and single JSON documents with DuckDB's JSON reader. Each record's top-level
 * keys become VARCHAR stage columns (nested values keep their JSON text); a line that is not valid JSON,
 * or a record that is not an object, is kept as a row with a reader error so it is reported, not lost.
 * Stripe exports are recognised here by their `object` field and mapped by stripe-source.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { rowStartLines, scanRecords } from './record-lines.ts';
import {
  createEmptyReaderRejects,
  type LineLocator,
  RECORD_NUMBER_LOCATOR,
  type StagedSource,
  stageColumn,
} from './staged-source.ts';
import { containsStripeObjects, stageStripe } from './stripe-source.ts';

/** NDJSON rows sit on the non-blank lines of the file, in order. */
function ndjsonLocator(path: string): LineLocator {
  let lines: number[] = [];
  return {
    async prepare() {
      lines = rowStartLines(await scanRecords(path, null), 0, new Set());
    },
    lineOfRow: (rowid) => lines[rowid] ?? rowid + 1,
    lineOfRecord: (record) => record,
  };
}

async function objectKeys(connection: DuckDBConnection): Promise<string[]> {
  // First-seen order, so the headers read like the file.
  const reader = await connection.runAndReadAll(
    `SELECT key FROM (
       SELECT rowid AS record, unnest(json_keys(json)) AS key, generate_subscripts(json_keys(json), 1) AS position
       FROM ingest_json WHERE json_type(json) = 'OBJECT'
     ) GROUP BY key ORDER BY min([record, position])`,
  );
  return reader.getRowObjectsJson().map((row) => String(row.key));
}

/** JSON path selecting a top-level key literally, whatever characters it contains. */
function keyPath(key: string): string {
  return `$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export async function stageJson(
  connection: DuckDBConnection,
  path: string,
  format: 'json' | 'ndjson',
): Promise<StagedSource> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_json AS
     SELECT json FROM read_json_objects($path, format = 'auto', ignore_errors = true)`,
    { path },
  );
  await createEmptyReaderRejects(connection);
  if (await containsStripeObjects(connection)) return stageStripe(connection, format);

  const headers = await objectKeys(connection);
  const params: Record<string, string> = {};
  const columns = headers.map((key, index) => {
    params[`key${index}`] = keyPath(key);
    return `json_extract_string(json, $key${index}) AS ${stageColumn(index)}`;
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT
       CASE WHEN json IS NULL THEN 'the record is not valid JSON'
            WHEN json_type(json) <> 'OBJECT' THEN 'the record is not a JSON object' END AS __reader_error,
       NULL::VARCHAR AS __reader_field, NULL::VARCHAR AS __skip_reason, NULL::BIGINT AS __version
       ${columns.map((column) => `, ${column}`).join('')}
     FROM ingest_json`,
    params,
  );
  return {
    format,
    headers,
    stripe: false,
    readerRejects: 0,
    locator: format === 'ndjson' ? ndjsonLocator(path) : RECORD_NUMBER_LOCATOR,
  };
}
