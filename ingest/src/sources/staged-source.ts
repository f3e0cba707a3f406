/**
 * The common shape every reader leaves behind: a temp table `ingest_stage` holding one row per record read,
 * every value as VARCHAR in columns c1..cN (so no value is lost to a failed type guess before validation),
 * plus control columns the validation step reads:
 * - `__reader_error` / `__reader_field`: the reader could not make a record of this row (malformed JSON, a
 *   Stripe amount that cannot be computed); the row is rejected with this message;
 * - `__skip_reason`: the row was read but holds nothing to load (an active Stripe subscription); it is
 *   counted as unchanged;
 * - `__version`: orders several versions of one record in a file (Stripe event time); NULL elsewhere.
 * A row's position in the file is the table's rowid, which DuckDB assigns in file order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RenamedHeader } from './repeated-headers.ts';

export type SourceFormat = 'csv' | 'ndjson' | 'json' | 'parquet';

/** What a column holds instead of text: JSON arrays or Parquet LISTs, JSON objects or Parquet MAPs. */
export type Nesting = 'lists' | 'objects';

/**
 * The time zones an export names for its columns' times without an offset, outside the cells: by header, as
 * written ("America/Denver", "+01:00"), and where the export names them, as the run says it.
 */
export interface ColumnTimeZones {
  zones: Readonly<Record<string, string>>;
  namedIn: string;
}

/** Why a record with no value in any field is read but skipped (csv-source.ts). */
export const EMPTY_ROW_REASON = 'the row is empty';

export const STAGE_CONTROL_COLUMNS = `NULL::VARCHAR AS __reader_error, NULL::VARCHAR AS __reader_field,
  NULL::VARCHAR AS __skip_reason, NULL::BIGINT AS __version`;

/** Turns positions DuckDB reports into the line numbers a person sees. */
export interface LineLocator {
  /** Called once with the reader-rejected record numbers before any line is asked for. */
  prepare(rejectedRecords: readonly number[]): Promise<void>;
  /** Line of the stage row with this rowid. */
  lineOfRow(rowid: number): number;
  /** Line of a record the reader rejected (CSV: DuckDB's record number). */
  lineOfRecord(record: number): number;
}

export interface StagedSource {
  format: SourceFormat;
  /** Source column names (CSV header, JSON keys, Parquet columns); header i is stage column `c{i+1}`. */
  headers: string[];
  /**
   * Set when the records were recognised as Stripe subscriptions or events and mapped already onto the
   * cancellation fields of STRIPE_FIELDS: what they were recognised by, as the run says it.
   */
  stripe?: string;
  /** Source columns a reader that maps the records itself (Stripe's dashboard export) did not use. */
  unusedHeaders?: string[];
  /**
   * For such a reader, the source column each field was read from, as messages and the run name it, and
   * for a field counted in days from the column's date, the field whose date the days run to.
   */
  fieldSources?: Record<string, { header: string; daysUntil?: string }>;
  /** Records the reader itself rejected (CSV: wrong column count, invalid UTF-8), in `ingest_reader_rejects`. */
  readerRejects: number;
  /**
   * Lines the reader made no row of that hold nothing but spaces and delimiters (a CSV's `   ` or ` ,  `, as
   * Excel leaves them), whose field count is not the header's: read, and skipped as EMPTY_ROW_REASON.
   */
  blankLines?: number;
  /**
   * Columns the reader recognised the export of and knows how to read, by header, as a mapping file's
   * `columns` names them (a Chargebee list's `subscription.mrr`: "mrr_minor_units"); the user's mapping
   * overrides them.
   */
  knownColumns?: Readonly<Record<string, string>>;
  /**
   * The export's own values of fields with a fixed list that the reader knows the meaning of, as a mapping
   * file's `values` names them (a Chargebee subscription `non_renewing`: outcome "cancelled"); the user's
   * mapping overrides them.
   */
  knownValues?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Statuses of the export that say a subscription still runs, beyond those of every billing tool
   * (running-subscriptions.ts): a Chargebee subscription `paused`, which in another file is a cancellation's
   * outcome.
   */
  runningStatuses?: readonly string[];
  /** The key of the array a JSON document wraps its records in (`{"data": [...]}`), when it does. */
  recordsUnder?: string;
  /** How the reader reshaped the records (a survey export read by question), as the run says it. */
  readerNote?: string;
  /** The zones the export names for its columns' times (Qualtrics' ImportId row), when it names any. */
  columnTimeZones?: ColumnTimeZones;
  /**
   * Columns holding lists or objects in some row, by header: staged as their JSON text, which is no value of
   * any field (a list of agent notes taken for the customer's verbatim would override the reason they
   * picked), so they feed none (planColumns).
   */
  nestedColumns?: ReadonlyMap<string, Nesting>;
  /**
   * A CSV's headers that the reader renamed, as it does a repeated name (`comment_1`), under the name it gave
   * them.
   */
  renamedHeaders?: readonly RenamedHeader[];
  /** Lines above a CSV's header skipped as no part of the table (title lines). */
  linesAboveHeader?: number;
  locator: LineLocator;
}

/** Stage column holding header i (0-based). Generated names keep user-supplied headers out of SQL text. */
export function stageColumn(index: number): string {
  return `c${index + 1}`;
}

/** Record-number locator for sources without meaningful lines (JSON arrays, Parquet, Stripe documents). */
export const RECORD_NUMBER_LOCATOR: LineLocator = {
  async prepare() {},
  lineOfRow: (rowid) => rowid + 1,
  lineOfRecord: (record) => record,
};

export async function createEmptyReaderRejects(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_reader_rejects (record BIGINT, field VARCHAR, message VARCHAR, raw VARCHAR)`,
  );
}
