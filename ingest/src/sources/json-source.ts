/**
 * Reads NDJSON, JSON arrays and single JSON documents with DuckDB's JSON reader. Each record's top-level
 * keys become VARCHAR stage columns, and the keys of nested objects columns of their own ("customer.id",
 * json-key-paths.ts; arrays and deeper values keep their JSON text, and are marked as nested so that they
 * feed no field: nested-values.ts); a line that is not valid JSON, or a
 * record that is not an object, is kept as a row with a reader error so it is reported, not lost. A document
 * that wraps its records in one array (`{"data": [...]}`) is read as those records. Stripe
 * exports are recognised here by their `object` field and mapped by stripe-source.ts.
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { jsonKeyPaths } from './json-key-paths.ts';
import { nestedPaths, nestingByHeader } from './nested-values.ts';
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

/**
 * The names under which API responses and dumps wrap a list of records in one JSON document
 * (`{"data": [...], "has_more": false}`, `{"results": [...]}`, OData's `{"value": [...]}`), and the kinds' own.
 */
const RECORD_ARRAY_KEYS = [
  'data',
  'results',
  'items',
  'records',
  'rows',
  'value',
  'cancellations',
  'offers',
  'surveys',
  'survey_responses',
  'responses',
  'customers',
];

/**
 * When the file is one JSON object holding its records in an array under one of RECORD_ARRAY_KEYS, makes
 * that array's elements the records, and returns the key. A document with several such arrays is left as it
 * is: which one holds the records is not clear.
 */
async function unwrapRecordArray(connection: DuckDBConnection): Promise<string | undefined> {
  const reader = await connection.runAndReadAll(
    `SELECT list(key) AS keys FROM (
       SELECT unnest(json_keys(json)) AS key, json FROM ingest_json
       WHERE json_type(json) = 'OBJECT' AND (SELECT count(*) FROM ingest_json) = 1
     ) WHERE list_contains($names, key) AND json_type(json -> key) = 'ARRAY'`,
    { names: listValue(RECORD_ARRAY_KEYS) },
  );
  const keys = (reader.getRowObjectsJson()[0]?.keys ?? []) as string[];
  const [key] = keys;
  if (key === undefined || keys.length > 1) return undefined;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_json AS
     SELECT unnest(json_extract(json -> $key, '$[*]')) AS json FROM ingest_json`,
    { key },
  );
  return key;
}

/** Records read to find nested objects: enough to see an export's shape, cheap for a file of millions. */
const SHAPE_SAMPLE = 10_000;

async function sampleRecords(connection: DuckDBConnection): Promise<unknown[]> {
  const reader = await connection.runAndReadAll(
    `SELECT json::VARCHAR AS json FROM ingest_json WHERE json_type(json) = 'OBJECT' LIMIT ${SHAPE_SAMPLE}`,
  );
  return reader.getRowObjectsJson().map((row) => JSON.parse(String(row.json)));
}

/** JSON path selecting keys literally, whatever characters they contain. */
export function keyPath(keys: readonly string[]): string {
  return `$${keys.map((key) => `."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join('')}`;
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
  const recordsUnder = format === 'json' ? await unwrapRecordArray(connection) : undefined;

  const paths = jsonKeyPaths(await objectKeys(connection), await sampleRecords(connection));
  const headers = paths.map((path) => path.join('.'));
  const nested = await nestedPaths(connection, { from: 'ingest_json', json: 'json' }, paths.map(keyPath));
  const params: Record<string, string> = {};
  const columns = paths.map((path, index) => {
    params[`key${index}`] = keyPath(path);
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
    readerRejects: 0,
    nestedColumns: nestingByHeader(headers, nested),
    locator: format === 'ndjson' ? ndjsonLocator(path) : RECORD_NUMBER_LOCATOR,
    ...(recordsUnder === undefined ? {} : { recordsUnder }),
  };
}
