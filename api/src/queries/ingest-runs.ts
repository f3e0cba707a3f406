/**
 * GET /api/ingest/runs and /api/ingest/runs/:id/rejected: the ingest bookkeeping tables, paginated, and a
 * run's rejected rows as one CSV file.
 */
import { FORMULA_TRIGGER_CHARACTERS } from '@churnlens/models/export/neutralize-formula';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ApiDatabase } from '../db.ts';
import type { IngestRun, IngestRuns, RejectedRows } from '../schemas/ingest-runs.ts';
import { neutralizedSql, withExportConnection } from './export-datasets.ts';

export interface Page {
  limit: number;
  offset: number;
}

interface IngestRunRow {
  id: number;
  file: string;
  kind: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  rows_read: string;
  rows_loaded: string;
  rows_updated: string;
  rows_unchanged: string;
  rows_rejected: string;
  message: string | null;
}

function toIngestRun(row: IngestRunRow): IngestRun {
  return {
    id: row.id,
    file: row.file,
    kind: row.kind,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rowsRead: Number(row.rows_read),
    rowsLoaded: Number(row.rows_loaded),
    rowsUpdated: Number(row.rows_updated),
    rowsUnchanged: Number(row.rows_unchanged),
    rowsRejected: Number(row.rows_rejected),
    message: row.message,
  };
}

const RUN_COLUMNS = `id, file, kind, status, strftime(started_at, '%Y-%m-%dT%H:%M:%S') AS started_at,
  strftime(finished_at, '%Y-%m-%dT%H:%M:%S') AS finished_at, rows_read, rows_loaded, rows_updated, rows_unchanged,
  rows_rejected, message`;

/** Newest runs first. */
export async function queryIngestRuns(db: ApiDatabase, page: Page): Promise<IngestRuns> {
  return db.read(async (connection) => {
    const [count] = (
      await connection.runAndReadAll(`SELECT count(*)::INTEGER AS total FROM ingest_runs`)
    ).getRowObjectsJson();
    const reader = await connection.runAndReadAll(
      `SELECT ${RUN_COLUMNS} FROM ingest_runs ORDER BY id DESC LIMIT $limit OFFSET $offset`,
      { limit: page.limit, offset: page.offset },
    );
    const runs = (reader.getRowObjectsJson() as unknown as IngestRunRow[]).map(toIngestRun);
    return { total: Number(count?.total ?? 0), ...page, runs };
  });
}

/** A run's rejected rows in file order, for the JSON pages and the CSV file. */
const REJECTED_ROWS_SQL = `FROM rejected_rows WHERE run_id = $runId ORDER BY file, line NULLS LAST, field`;

/** How many rows a run rejected; null when there is no such run. */
async function rejectedCount(connection: DuckDBConnection, runId: number): Promise<number | null> {
  const [run] = (
    await connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM rejected_rows WHERE run_id = $runId)::INTEGER AS total
       FROM ingest_runs WHERE id = $runId`,
      { runId },
    )
  ).getRowObjectsJson();
  return run ? Number(run.total) : null;
}

/** The run's rejected rows in file order; null when there is no such run. */
export async function queryRejectedRows(
  db: ApiDatabase,
  runId: number,
  page: Page,
): Promise<RejectedRows | null> {
  return db.read(async (connection) => {
    const total = await rejectedCount(connection, runId);
    if (total === null) return null;
    const reader = await connection.runAndReadAll(
      `SELECT file, line::DOUBLE AS line, field, message, raw ${REJECTED_ROWS_SQL}
       LIMIT $limit OFFSET $offset`,
      { runId, limit: page.limit, offset: page.offset },
    );
    const rows = reader.getRowObjectsJson() as unknown as RejectedRows['rows'];
    return { runId, total, ...page, rows };
  });
}

/**
 * Writes every rejected row of a run to `path` as CSV (DuckDB's COPY, streamed, like the data export), the
 * file's own text formula-neutralized for spreadsheets. Null when there is no such run.
 */
export async function writeRejectedRowsCsv(
  db: ApiDatabase,
  runId: number,
  path: string,
): Promise<{ rows: number } | null> {
  return withExportConnection(db, async (connection) => {
    const rows = await rejectedCount(connection, runId);
    if (rows === null) return null;
    const text = (column: string) => `${neutralizedSql(column)} AS ${column}`;
    await connection.run(
      `COPY (SELECT ${text('file')}, line, field, ${text('message')}, ${text('raw')} ${REJECTED_ROWS_SQL})
       TO $path (FORMAT csv, HEADER true)`,
      { runId, path, formula_triggers: FORMULA_TRIGGER_CHARACTERS.join('') },
    );
    return { rows };
  });
}
