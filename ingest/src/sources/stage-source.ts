/**
 * Reads one file into `ingest_stage` with the reader its format needs. `recognised` counts the names among a
 * list of keys that feed a field: how a JSON document's own keys are told from a record's (json-source.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type CsvReading, type HeaderRecognition, stageCsv } from './csv-source.ts';
import { stageJson } from './json-source.ts';
import { stageParquet } from './parquet-source.ts';
import type { SourceFormat, StagedSource } from './staged-source.ts';
import { isStripeDashboardExport, stageStripeDashboardExport } from './stripe-dashboard-export.ts';

export async function stageSource(
  connection: DuckDBConnection,
  path: string,
  format: SourceFormat,
  csv: CsvReading = {},
  recognised?: HeaderRecognition,
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
      return stageJson(connection, path, format, recognised);
    case 'parquet':
      return stageParquet(connection, path);
  }
}
