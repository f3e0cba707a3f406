/** Reads one file into `ingest_stage` with the reader its format needs. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type CsvReading, stageCsv } from './csv-source.ts';
import { stageJson } from './json-source.ts';
import { stageParquet } from './parquet-source.ts';
import type { SourceFormat, StagedSource } from './staged-source.ts';
import { isStripeDashboardExport, stageStripeDashboardExport } from './stripe-dashboard-export.ts';

export async function stageSource(
  connection: DuckDBConnection,
  path: string,
  format: SourceFormat,
  csv: CsvReading = {},
): Promise<StagedSource> {
  switch (format) {
    case 'csv': {
      const staged = await stageCsv(connection, path, csv);
      return isStripeDashboardExport(staged.headers)
        ? stageStripeDashboardExport(connection, staged)
        : staged;
    }
    case 'json':
    case 'ndjson':
      return stageJson(connection, path, format);
    case 'parquet':
      return stageParquet(connection, path);
  }
}

/** Every staged row as a record keyed by header, in file order: the reader's output as a person sees it. */
export async function readStagedRecords(
  connection: DuckDBConnection,
  staged: StagedSource,
): Promise<Record<string, string | null>[]> {
  const reader =
    await connection.runAndReadAll(`SELECT * EXCLUDE (__reader_error, __reader_field, __skip_reason, __version)
    FROM ingest_stage ORDER BY rowid`);
  return reader
    .getRowsJS()
    .map((row) =>
      Object.fromEntries(
        staged.headers.map((header, index) => [header, (row[index] as string | null) ?? null]),
      ),
    );
}
