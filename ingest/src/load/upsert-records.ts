/**
 * Writes a file's validated rows (`ingest_final`) into their table by natural key (id), and says what each
 * row did: `loaded` (new id), `updated` (a column the file carries differs) or `unchanged`. Columns the file
 * does not carry are left as they are on update, so a partial export never blanks out known data; the stored
 * values that blank cells of the columns it carries do blank out are counted (findBlankedValues).
 */
import type { RecordKind } from '@churnlens/models';
import { RECORD_TABLES } from '@churnlens/models/schema/field-rules';
import type { DuckDBConnection } from '@duckdb/node-api';
import { identifier } from '../sql/identifier.ts';

export interface ChangeCounts {
  loaded: number;
  updated: number;
  unchanged: number;
  blanked: BlankedValues;
}

/** Stored values that a file's blank cells blanked out, in columns the file carries. */
export interface BlankedValues {
  rows: number;
  /** The first few, as `handled_at of "c1"`. */
  examples: string[];
}

/** Examples of blanked values a warning names. */
const BLANKED_EXAMPLES = 3;

/**
 * The column that holds the verbatim's hash follows the verbatim, which is named instead (prepare-rows.ts).
 */
const DERIVED_COLUMNS = new Set(['text_hash']);

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
  const counts = await countChanges(connection);
  const blanked = counts.updated
    ? await findBlankedValues(
        connection,
        table,
        columns.filter((column) => column !== 'id' && !DERIVED_COLUMNS.has(column)),
      )
    : { rows: 0, examples: [] };
  if (compared.length) {
    await connection.run(
      `UPDATE ${table} SET ${compared.map((column) => `${column} = d.${column}`).join(', ')}
       FROM ingest_diff d WHERE ${table}.id = d.id AND d.__change = 'updated'`,
    );
  }
  return { ...counts, blanked };
}

async function countChanges(connection: DuckDBConnection): Promise<Omit<ChangeCounts, 'blanked'>> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*) FILTER (WHERE __change = 'loaded')::INTEGER AS loaded,
            count(*) FILTER (WHERE __change = 'updated')::INTEGER AS updated,
            count(*) FILTER (WHERE __change = 'unchanged')::INTEGER AS unchanged
     FROM ingest_diff`,
  );
  const [counts] = reader.getRowObjectsJson() as unknown as Omit<ChangeCounts, 'blanked'>[];
  return counts ?? { loaded: 0, updated: 0, unchanged: 0 };
}

/**
 * The updated rows (ingest_diff) whose file leaves blank a column that holds a value in `table`, before the
 * update writes the blanks: daily exports fill values in over time, so a blank over a stored value most often
 * means an older export ingested after a newer one.
 */
async function findBlankedValues(
  connection: DuckDBConnection,
  table: string,
  columns: readonly string[],
): Promise<BlankedValues> {
  if (columns.length === 0) return { rows: 0, examples: [] };
  const blanks = columns.map((column) => {
    const safe = identifier(column);
    return { column, test: `d.${safe} IS NULL AND t.${safe} IS NOT NULL` };
  });
  const blankedColumns = blanks.map(({ column, test }) => `CASE WHEN ${test} THEN '${column}' END`);
  const reader = await connection.runAndReadAll(
    `SELECT count(*) OVER ()::INTEGER AS rows, d.id,
       list_filter([${blankedColumns.join(', ')}], name -> name IS NOT NULL) AS columns
     FROM ingest_diff d JOIN ${table} t ON t.id = d.id
     WHERE d.__change = 'updated' AND (${blanks.map(({ test }) => `(${test})`).join(' OR ')})
     ORDER BY d.id
     LIMIT ${BLANKED_EXAMPLES}`,
  );
  const found = reader.getRowObjectsJS() as { rows: number; id: string; columns: string[] }[];
  return {
    rows: found[0]?.rows ?? 0,
    examples: found.map(({ id, columns: names }) => `${names.join(', ')} of "${id}"`),
  };
}

/** What the run says of stored values its file blanked (findBlankedValues), if any. */
export function blankedValuesWarnings({ rows, examples }: BlankedValues): string[] {
  if (rows === 0) return [];
  const more = rows > examples.length ? ', …' : '';
  const subject = rows === 1 ? '1 row of this file blanks a value' : `${rows} rows of this file blank values`;
  return [
    `${subject} stored before (${examples.join('; ')}${more}): the file ingested last wins, so if this export is older than one ingested before, ingest that one again after it`,
  ];
}
