/**
 * Writes a file's validated rows (`ingest_final`) into their table by natural key (id), and says what each
 * row did: `loaded` (new id), `updated` (a column the file carries differs) or `unchanged`. Columns the file
 * does not carry are left as they are on update, so a partial export never blanks out known data.
 */
import type { RecordKind } from '@churnlens/models';
import { RECORD_TABLES } from '@churnlens/models/schema/field-rules';
import type { DuckDBConnection } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';

export interface ChangeCounts {
  loaded: number;
  updated: number;
  unchanged: number;
}

/**
 * `columns` are the target columns present in ingest_final, including `id`. ingest_diff also keeps each
 * row's `__previous_cancellation_id` (null when new or not carried): a record moved to another cancellation
 * leaves derived rows on the old one to refresh.
 */
export async function upsertRecords(
  connection: DuckDBConnection,
  kind: RecordKind,
  columns: readonly string[],
): Promise<ChangeCounts> {
  const table = identifier(RECORD_TABLES[kind]);
  const safe = columns.map(identifier);
  const compared = safe.filter((column) => column !== 'id');
  const differs = compared.length
    ? compared.map((column) => `f.${column} IS DISTINCT FROM t.${column}`).join(' OR ')
    : 'false';
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_diff AS
     SELECT f.*, CASE WHEN t.id IS NULL THEN 'loaded' WHEN ${differs} THEN 'updated' ELSE 'unchanged' END AS __change,
       ${compared.includes('cancellation_id') ? 't.cancellation_id' : 'NULL::VARCHAR'} AS __previous_cancellation_id
     FROM ingest_final f LEFT JOIN ${table} t ON t.id = f.id`,
  );
  await connection.run(
    `INSERT INTO ${table} (${safe.join(', ')})
     SELECT ${safe.join(', ')} FROM ingest_diff WHERE __change = 'loaded'`,
  );
  if (compared.length) {
    await connection.run(
      `UPDATE ${table} SET ${compared.map((column) => `${column} = d.${column}`).join(', ')}
       FROM ingest_diff d WHERE ${table}.id = d.id AND d.__change = 'updated'`,
    );
  }
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FILTER (WHERE __change = 'loaded')::INTEGER AS loaded,
            count(*) FILTER (WHERE __change = 'updated')::INTEGER AS updated,
            count(*) FILTER (WHERE __change = 'unchanged')::INTEGER AS unchanged
     FROM ingest_diff`,
  );
  const [counts] = reader.getRowObjectsJson() as unknown as ChangeCounts[];
  return counts ?? { loaded: 0, updated: 0, unchanged: 0 };
}
