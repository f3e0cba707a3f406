/**
 * Reads NDJSON, JSON arrays and single JSON documents with DuckDB's JSON reader. Each record's top-level
 * keys become VARCHAR stage columns, and the keys of nested objects columns of their own ("customer.id",
 * json-key-paths.ts; arrays and deeper values keep their JSON text, and are marked as nested so that they
 * feed no field: nested-values.ts; a string that is a dump's null marker, "NULL", is missing:
 * null-markers.ts); a line that is not valid JSON, or a
 * record that is not an object, is kept as a row with a reader error so it is reported, not lost. A document
 * that wraps its records in one array (`{"data": [...]}`, `{"tickets": [...], "count": 50}`) is read as those
 * records. Stripe
 * exports are recognised here by their `object` field and mapped by stripe-source.ts; Chargebee's
 * subscription list is read as any records are, but for the columns chargebee-list.ts reads.
 */
import { type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api';
import { FileProblem } from '../file-problem.ts';
import {
  CHARGEBEE_NOTE,
  CHARGEBEE_RUNNING_STATUSES,
  CHARGEBEE_VALUES,
  chargebeeColumns,
  readChargebeeEntries,
} from './chargebee-list.ts';
import type { HeaderRecognition } from './csv-source.ts';
import { isJsonArray, readHead } from './detect-format.ts';
import { jsonKeyPaths } from './json-key-paths.ts';
import { describeMalformedJsonFile } from './malformed-json.ts';
import { nestedPaths, nestingByHeader } from './nested-values.ts';
import { nullMarkerAsMissingSql, nullMarkersParam } from './null-markers.ts';
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

/** The keys of a file that is one JSON object: all of them, and those holding arrays. */
interface JsonDocument {
  keys: string[];
  /** Keys among RECORD_ARRAY_KEYS holding an array. */
  named: string[];
  /** Keys holding a non-empty array of objects only. */
  ofObjects: string[];
}

async function jsonDocument(connection: DuckDBConnection): Promise<JsonDocument | undefined> {
  const reader = await connection.runAndReadAll(
    `SELECT list(key ORDER BY position) AS keys,
       list(key ORDER BY position) FILTER (WHERE list_contains($names, key) AND json_type(json -> key) = 'ARRAY') AS named,
       list(key ORDER BY position) FILTER (WHERE json_type(json -> key) = 'ARRAY'
         AND json_type(json -> key, '$[0]') = 'OBJECT' AND len(list_distinct(json_type(json -> key, '$[*]'))) = 1) AS "ofObjects"
     FROM (
       SELECT unnest(json_keys(json)) AS key, generate_subscripts(json_keys(json), 1) AS position, json FROM ingest_json
       WHERE json_type(json) = 'OBJECT' AND (SELECT count(*) FROM ingest_json) = 1
     )`,
    { names: listValue(RECORD_ARRAY_KEYS) },
  );
  const row = reader.getRowObjectsJson()[0] as Record<keyof JsonDocument, string[] | null> | undefined;
  if (!row?.keys) return undefined;
  return { keys: row.keys, named: row.named ?? [], ofObjects: row.ofObjects ?? [] };
}

/**
 * The key of the one array of objects of a document whose own keys name no field (`{"tickets": [...],
 * "next_page": null, "count": 50}`, as Zendesk pages it). A document whose keys do name fields is a record
 * itself, and its arrays are its values. Several such arrays are refused: which holds the records is not
 * clear, and reading the wrong one would load another export's rows.
 */
function soleObjectArray(document: JsonDocument, recognised?: HeaderRecognition): string | undefined {
  if (recognised === undefined || recognised(document.keys) > 0) return undefined;
  const [key, ...others] = document.ofObjects;
  if (others.length === 0) return key;
  const names = document.ofObjects.map((name) => `"${name}"`).join(', ');
  throw new FileProblem(
    `the JSON document holds arrays of records under several keys (${names}) and churnlens reads one: ` +
      `write the array you mean to a file of its own (jq '.${key}' export.json > ${key}.json) and ingest that`,
  );
}

/**
 * When the file is one JSON object holding its records in an array under one of RECORD_ARRAY_KEYS, or in
 * its only array of objects (soleObjectArray), makes that array's elements the records, and returns the key.
 * A document with several arrays under RECORD_ARRAY_KEYS is read by soleObjectArray too.
 */
async function unwrapRecordArray(
  connection: DuckDBConnection,
  recognised?: HeaderRecognition,
): Promise<string | undefined> {
  const document = await jsonDocument(connection);
  if (document === undefined) return undefined;
  const [named, ...others] = document.named;
  const key = named !== undefined && others.length === 0 ? named : soleObjectArray(document, recognised);
  if (key === undefined) return undefined;
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_json AS
     SELECT unnest(json_extract(json -> $key, '$[*]')) AS json FROM ingest_json`,
    { key },
  );
  return key;
}

/**
 * Why a file whose records hold no key at all cannot be read: without a key there is no column, so no kind.
 * Said before staging, which needs columns.
 */
async function noRecordsProblem(connection: DuckDBConnection): Promise<FileProblem> {
  const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS records FROM ingest_json`);
  const records = Number(reader.getRowObjectsJson()[0]?.records ?? 0);
  return new FileProblem(
    records === 0
      ? 'the file holds no records (an empty JSON array)'
      : `none of its ${records.toLocaleString('en-US')} records is a JSON object with keys, so no column can be read`,
  );
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

/**
 * Stages the records of a JSON or NDJSON file. `recognised` says how many of a list of keys name fields:
 * what tells a document wrapping its records under a key of its own from a document that is one record.
 */
export async function stageJson(
  connection: DuckDBConnection,
  path: string,
  format: 'json' | 'ndjson',
  recognised?: HeaderRecognition,
): Promise<StagedSource> {
  // DuckDB finds a JSON array by itself, but not behind a byte-order mark (Windows tools save JSON with one):
  // it then reads the whole array as one value, and one over 16 MB fails.
  const layout = format === 'json' && isJsonArray(await readHead(path)) ? 'array' : 'auto';
  await connection
    .run(
      `CREATE OR REPLACE TEMP TABLE ingest_json AS
       SELECT json FROM read_json_objects($path, format = '${layout}', ignore_errors = true)`,
      { path },
    )
    .catch(async (error: unknown) => {
      // Only NDJSON's lines are read one by one; a document's syntax error stops it whole.
      const described = format === 'json' ? await describeMalformedJsonFile(path) : undefined;
      throw described === undefined ? error : new FileProblem(described);
    });
  await createEmptyReaderRejects(connection);
  if (await containsStripeObjects(connection)) return stageStripe(connection, format);
  const recordsUnder = format === 'json' ? await unwrapRecordArray(connection, recognised) : undefined;
  const chargebee = await readChargebeeEntries(connection);

  const paths = jsonKeyPaths(await objectKeys(connection), await sampleRecords(connection));
  if (paths.length === 0) throw await noRecordsProblem(connection);
  const headers = paths.map((path) => path.join('.'));
  const nested = await nestedPaths(connection, { from: 'ingest_json', json: 'json' }, paths.map(keyPath));
  const params: Record<string, DuckDBValue> = nullMarkersParam();
  const values = paths.map((path, index) => {
    params[`key${index}`] = keyPath(path);
    return `json_extract_string(json, $key${index}) AS ${stageColumn(index)}`;
  });
  const columns = paths.map((_, index) => {
    const column = stageColumn(index);
    return `${nullMarkerAsMissingSql(column)} AS ${column}`;
  });
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT
       CASE WHEN json IS NULL THEN 'the record is not valid JSON'
            WHEN json_type(json) <> 'OBJECT' THEN 'the record is not a JSON object' END AS __reader_error,
       NULL::VARCHAR AS __reader_field, NULL::VARCHAR AS __skip_reason, NULL::BIGINT AS __version
       ${columns.map((column) => `, ${column}`).join('')}
     FROM (SELECT json ${values.map((value) => `, ${value}`).join('')} FROM ingest_json)`,
    params,
  );
  return {
    format,
    headers,
    readerRejects: 0,
    nestedColumns: nestingByHeader(headers, nested),
    locator: format === 'ndjson' ? ndjsonLocator(path) : RECORD_NUMBER_LOCATOR,
    ...(recordsUnder === undefined ? {} : { recordsUnder }),
    ...(chargebee
      ? {
          knownColumns: chargebeeColumns(headers),
          knownValues: CHARGEBEE_VALUES,
          runningStatuses: CHARGEBEE_RUNNING_STATUSES,
          readerNote: CHARGEBEE_NOTE,
        }
      : {}),
  };
}
