/**
 * Where the data ends: the newest requested_at in the whole database, whatever the filters. Default periods
 * end on its day, and offers are judged against it. Read on the caller's connection, so it comes from the
 * same snapshot as the figures computed with it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** The newest request's timestamp as DuckDB prints it ('YYYY-MM-DD HH:MM:SS…'); null for an empty database. */
export async function readDataEnd(connection: DuckDBConnection): Promise<string | null> {
  const reader = await connection.runAndReadAll(
    `SELECT max(requested_at)::VARCHAR AS end_at FROM cancellations`,
  );
  return (reader.getRowObjectsJson()[0]?.end_at as string | null | undefined) ?? null;
}

/** The day ('YYYY-MM-DD') of a timestamp readDataEnd returned. */
export function dayOf(endAt: string | null): string | null {
  return endAt?.slice(0, 10) ?? null;
}

/**
 * The days ('YYYY-MM-DD') of the oldest and the newest request in the whole database, whatever the filters;
 * null for an empty database. A report compares two periods only where the data covers both.
 */
export async function readDataSpan(
  connection: DuckDBConnection,
): Promise<{ from: string; to: string } | null> {
  const reader = await connection.runAndReadAll(
    `SELECT min(requested_at)::DATE::VARCHAR AS first_day, max(requested_at)::DATE::VARCHAR AS last_day
     FROM cancellations`,
  );
  const row = reader.getRowObjectsJson()[0] as
    | { first_day: string | null; last_day: string | null }
    | undefined;
  return row?.first_day && row.last_day ? { from: row.first_day, to: row.last_day } : null;
}
