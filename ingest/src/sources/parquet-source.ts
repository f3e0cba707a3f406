/**
 * Reads a Parquet file with DuckDB's reader. Columns are addressed by position and cast to VARCHAR, so typed
 * Parquet values go through the same validation as CSV text and no column name enters the SQL text. A STRUCT
 * column, as warehouses export nested records, becomes one column per field, named by its path
 * ("reason.code"), as nested JSON keys do (json-key-paths.ts); cast whole, it would be one text of all its
 * fields ("{'code': too_expensive, 'text': pricey}") and be classified as a verbatim. LIST and MAP columns
 * (and such fields of a STRUCT, or arrays in a JSON column) are marked as nested, so that their text feeds
 * no field (staged-source.ts, nestedColumns). A string that is a dump's null marker ("NULL", "\N") is staged as
 * missing, as the CSV and JSON readers stage it (null-markers.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { jsonKeyPaths } from './json-key-paths.ts';
import { keyPath } from './json-source.ts';
import { nestedPaths } from './nested-values.ts';
import { nullMarkerAsMissingSql, nullMarkersParam } from './null-markers.ts';
import {
  createEmptyReaderRejects,
  type Nesting,
  RECORD_NUMBER_LOCATOR,
  STAGE_CONTROL_COLUMNS,
  type StagedSource,
  stageColumn,
} from './staged-source.ts';

/** How many values of a STRUCT column are read to find its fields (a struct's fields are the same in every row). */
const STRUCT_SAMPLE_ROWS = 100;

interface ParquetColumn {
  header: string;
  sql: string;
  /** What the column's type says it holds instead of text. */
  nesting?: Nesting;
  /** For a STRUCT field or a JSON column: the JSON its values are read from, and their path in it. */
  json?: { value: string; path: string };
}

/** What a column of this Parquet type (as DESCRIBE writes it) holds instead of text, if it says. */
function nestingOfType(type: string): Nesting | undefined {
  if (type.endsWith(']')) return 'lists';
  if (type.startsWith('MAP(') || type.startsWith('STRUCT(')) return 'objects';
  return undefined;
}

/** The fields of the STRUCT column at `position` (#n), as paths below it, from a sample of its values. */
async function structFieldPaths(
  connection: DuckDBConnection,
  path: string,
  position: string,
  name: string,
): Promise<string[][]> {
  const reader = await connection.runAndReadAll(
    `SELECT to_json(${position})::VARCHAR AS value FROM read_parquet($path)
     WHERE ${position} IS NOT NULL LIMIT ${STRUCT_SAMPLE_ROWS}`,
    { path },
  );
  const sample = reader.getRowObjectsJson().map((row) => ({ [name]: JSON.parse(String(row.value)) }));
  return jsonKeyPaths([name], sample);
}

async function parquetColumns(
  connection: DuckDBConnection,
  path: string,
  params: Record<string, string>,
): Promise<ParquetColumn[]> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($path)`, { path });
  const columns: ParquetColumn[] = [];
  for (const [index, row] of described.getRowObjectsJson().entries()) {
    const [header, type] = [String(row.column_name), String(row.column_type)];
    const position = `#${index + 1}`;
    if (!type.startsWith('STRUCT')) {
      const json = type === 'JSON' ? { value: position, path: '$' } : undefined;
      columns.push({ header, sql: `${position}::VARCHAR`, nesting: nestingOfType(type), json });
      continue;
    }
    for (const keys of await structFieldPaths(connection, path, position, header)) {
      const param = `field${columns.length}`;
      params[param] = keyPath(keys.slice(1));
      // A struct whose sampled values were all NULL stays one column: its type says what it holds.
      const nesting = keys.length === 1 ? nestingOfType(type) : undefined;
      const json = { value: `to_json(${position})`, path: params[param] };
      columns.push({
        header: keys.join('.'),
        sql: `json_extract_string(to_json(${position}), $${param})`,
        nesting,
        json,
      });
    }
  }
  return columns;
}

/**
 * What the nested columns hold, by header: from their type, else (STRUCT fields, JSON columns) from their
 * values, one pass over the file per such source column.
 */
async function parquetNesting(
  connection: DuckDBConnection,
  path: string,
  columns: readonly ParquetColumn[],
): Promise<Map<string, Nesting>> {
  const nesting = new Map<string, Nesting>();
  const bySource = new Map<string, { header: string; path: string }[]>();
  for (const { header, nesting: holds, json } of columns) {
    if (holds) nesting.set(header, holds);
    else if (json)
      bySource.set(json.value, [...(bySource.get(json.value) ?? []), { header, path: json.path }]);
  }
  for (const [json, group] of bySource) {
    const source = { from: 'read_parquet($path)', json, params: { path } };
    const found = await nestedPaths(
      connection,
      source,
      group.map((column) => column.path),
    );
    for (const [position, holds] of found) nesting.set(group[position]?.header ?? '', holds);
  }
  return nesting;
}

export async function stageParquet(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const params: Record<string, string> = { path };
  const columns = await parquetColumns(connection, path, params);
  const read = columns.map(({ sql }, index) => `${sql} AS ${stageColumn(index)}`).join(', ');
  const staged = columns
    .map((_, index) => `, ${nullMarkerAsMissingSql(stageColumn(index))} AS ${stageColumn(index)}`)
    .join('');
  // Markers are looked for in the values read, so that a STRUCT field is extracted once.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT ${STAGE_CONTROL_COLUMNS} ${staged} FROM (SELECT ${read} FROM read_parquet($path))`,
    { ...params, ...nullMarkersParam() },
  );
  await createEmptyReaderRejects(connection);
  return {
    format: 'parquet',
    headers: columns.map(({ header }) => header),
    nestedColumns: await parquetNesting(connection, path, columns),
    readerRejects: 0,
    locator: RECORD_NUMBER_LOCATOR,
  };
}
