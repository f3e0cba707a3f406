/**
 * Finds the columns of JSON records (and of Parquet values read as JSON) that hold arrays or objects: their
 * staged value is JSON text, which must not pass for a field's value (staged-source.ts, nestedColumns). One
 * pass over the records in DuckDB, each record parsed once for all paths.
 */
import { type DuckDBConnection, type DuckDBValue, listValue } from '@duckdb/node-api';
import type { Nesting } from './staged-source.ts';

/**
 * The position (0-based) of each of `paths` that holds an array or an object in some record, and which:
 * `json` is an SQL expression of the records' JSON in `from` (both SQL text made by the caller, never from
 * the file); `params` are the parameters `from` needs.
 */
export async function nestedPaths(
  connection: DuckDBConnection,
  source: { from: string; json: string; params?: Record<string, DuckDBValue> },
  paths: readonly string[],
): Promise<Map<number, Nesting>> {
  if (paths.length === 0) return new Map();
  const reader = await connection.runAndReadAll(
    `SELECT position::INTEGER - 1 AS position, bool_or(type = 'ARRAY') AS lists FROM (
       SELECT unnest(types) AS type, generate_subscripts(types, 1) AS position
       FROM (SELECT json_type(${source.json}, $nested_paths) AS types FROM ${source.from})
     ) WHERE type IN ('ARRAY', 'OBJECT') GROUP BY position`,
    { ...source.params, nested_paths: listValue([...paths]) },
  );
  return new Map(
    reader
      .getRowObjectsJson()
      .map((row) => [Number(row.position), row.lists === true ? 'lists' : 'objects'] as const),
  );
}

/** `headers` with what the nested ones hold, by header. */
export function nestingByHeader(
  headers: readonly string[],
  nested: ReadonlyMap<number, Nesting>,
): Map<string, Nesting> {
  return new Map(
    [...nested].flatMap(([position, nesting]) => {
      const header = headers[position];
      return header === undefined ? [] : [[header, nesting] as const];
    }),
  );
}
