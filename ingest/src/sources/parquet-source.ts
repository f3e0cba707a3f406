/**
 * Reads a Parquet file with DuckDB's reader. Columns are addressed by position and cast to VARCHAR, so typed
 * Parquet values go through the same validation as CSV text and no column name enters the SQL text.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  createEmptyReaderRejects,
  RECORD_NUMBER_LOCATOR,
  STAGE_CONTROL_COLUMNS,
  type StagedSource,
  stageColumn,
} from './staged-source.ts';

export async function stageParquet(connection: DuckDBConnection, path: string): Promise<StagedSource> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($path)`, { path });
  const headers = described.getRowObjectsJson().map((row) => String(row.column_name));
  const columns = headers.map((_, index) => `, #${index + 1}::VARCHAR AS ${stageColumn(index)}`).join('');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT ${STAGE_CONTROL_COLUMNS} ${columns} FROM read_parquet($path)`,
    { path },
  );
  await createEmptyReaderRejects(connection);
  return { format: 'parquet', headers, readerRejects: 0, locator: RECORD_NUMBER_LOCATOR };
}
