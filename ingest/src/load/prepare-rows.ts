/**
 * The rows a file will write: `ingest_valid` (rows without problems, ranked within their id) and
 * `ingest_final` (one row per id, free text replaced by its stored form and hash).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';

/**
 * `ingest_valid`: the rows without problems, each with its rank among rows of the same id (1 = the one to
 * load: the latest version, else the last in the file) and the position of that kept row. Ranking needs a
 * sort, so only ids that occur more than once are ranked; the rest are rank 1 by definition.
 */
export async function createValidRows(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_duplicates AS
     SELECT __pos, row_number() OVER latest AS __rank, first_value(__pos) OVER latest AS __kept
     FROM ingest_checked
     WHERE __message = ''
       AND id IN (SELECT id FROM ingest_checked WHERE __message = '' GROUP BY id HAVING count(*) > 1)
     WINDOW latest AS (PARTITION BY id ORDER BY __version DESC NULLS LAST, __pos DESC)`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ingest_valid AS
     SELECT c.* EXCLUDE (__message, __fields), coalesce(d.__rank, 1) AS __rank, coalesce(d.__kept, c.__pos) AS __kept
     FROM ingest_checked c LEFT JOIN ingest_duplicates d ON d.__pos = c.__pos
     WHERE c.__message = ''`,
  );
}

/** The final rows: valid, last occurrence of each id, free text replaced by its stored (redacted) form. */
export async function buildFinalRows(
  connection: DuckDBConnection,
  fields: string[],
  textField: string | undefined,
) {
  const columns = fields.map(identifier);
  if (!textField) {
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW ingest_final AS SELECT ${columns.join(', ')} FROM ingest_valid WHERE __rank = 1`,
    );
    return columns;
  }
  const text = identifier(textField);
  const selected = columns.map((column) => (column === text ? `t.stored_text AS ${text}` : `v.${column}`));
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW ingest_final AS
     SELECT ${selected.join(', ')}, t.text_hash
     FROM ingest_valid v LEFT JOIN ingest_texts t ON t.source_text = v.${text}
     WHERE v.__rank = 1`,
  );
  return [...columns, 'text_hash'];
}
