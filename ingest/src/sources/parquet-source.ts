/**
 * Reads a Parquet file with DuckDB's reader. Columns are addressed by position and cast to VARCHAR, so typed
 * Parquet values go through the same validation as CSV text and no column name enters the SQL text. A STRUCT
 * column, as warehouses export nested records, becomes one column per field, named by its path
 * ("reason.code"), as nested JSON keys do (json-key-paths.ts); cast whole, it would be one text of all its
 * fields ("{'code': too_expensive, 'text': pricey}") and be classified as a verbatim.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { jsonKeyPaths } from './json-key-paths.ts';
import { keyPath } from './json-source.ts';
import {
  createEmptyReaderRejects,
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
      columns.push({ header, sql: `${position}::VARCHAR` });
      continue;
    }
    for (const keys of await structFieldPaths(connection, path, position, header)) {
      const param = `field${columns.length}`;
      params[param] = keyPath(keys.slice(1));
      columns.push({ header: keys.join('.'), sql: `json_extract_string(to_json(${position}), $${param})` });
    }
  }
  return columns;
}

export async function stageParquet(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const params: Record<string, string> = { path };
  const columns = await parquetColumns(connection, path, params);
  const selected = columns.map(({ sql }, index) => `, ${sql} AS ${stageColumn(index)}`).join('');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT ${STAGE_CONTROL_COLUMNS} ${selected} FROM read_parquet($path)`,
    params,
  );
  await createEmptyReaderRejects(connection);
  return {
    format: 'parquet',
    headers: columns.map(({ header }) => header),
    readerRejects: 0,
    locator: RECORD_NUMBER_LOCATOR,
  };
}
