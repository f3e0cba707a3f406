/**
 * The text database dumps write for "no value": `NULL` (in any of its usual cases) and `\N`, as MySQL's
 * SELECT … INTO OUTFILE and PostgreSQL's COPY text format write it. Every reader stages it as a missing value,
 * not as text, so that a dump's "NULL" is neither a reason nor a verbatim, whichever format it came in: the
 * CSV reader as an unquoted field (csv-source.ts), the JSON reader as a string (`"reason_text": "NULL"`, as
 * tools that dump SQL tables to JSON write it: json-source.ts), the Parquet reader as a string value (a
 * table dumped to CSV and converted, or a VARCHAR column a pipeline filled with the dump's text:
 * parquet-source.ts).
 */
import { type DuckDBValue, listValue } from '@duckdb/node-api';

export const NULL_MARKERS: readonly string[] = ['NULL', 'null', 'Null', '\\N'];

/** The query parameter nullMarkerAsMissingSql reads the markers from, to bind as `$null_markers`. */
export function nullMarkersParam(): Record<string, DuckDBValue> {
  return { null_markers: listValue(NULL_MARKERS) };
}

/** SQL: the text `column`, NULL when it is a null marker (nullMarkersParam binds the markers). */
export function nullMarkerAsMissingSql(column: string): string {
  return `CASE WHEN list_contains($null_markers, ${column}) THEN NULL ELSE ${column} END`;
}
