/**
 * The ids of the records an ingest run rejected, by table and file, for the files read after them in the same
 * run: an offer naming a cancellation whose row was rejected a file earlier is told so, rather than to load
 * the cancellations file first, which the user just did. Kept in a temporary table of the run's connection,
 * written in each file's transaction (a file rolled back leaves none).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const RUN_REJECTED_IDS = 'ingest_run_rejected_ids';

export async function createRunRejectedIds(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${RUN_REJECTED_IDS} (record_table VARCHAR, id VARCHAR, file VARCHAR)`,
  );
}

/** Remembers the ids of the file's rows that failed their checks (ingest_checked) and are not stored. */
export async function rememberRejectedIds(
  connection: DuckDBConnection,
  recordTable: string,
  file: string,
): Promise<void> {
  await connection.run(
    `INSERT INTO ${RUN_REJECTED_IDS}
     SELECT DISTINCT $record_table, id, $file FROM ingest_checked
     WHERE __message <> '' AND id IS NOT NULL`,
    { record_table: recordTable, file },
  );
}
