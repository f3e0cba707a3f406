/**
 * Reads a CSV file with DuckDB's own reader: dialect sniffed (any delimiter and quote, BOM, CRLF, title
 * lines above the header), every column as VARCHAR, records with the wrong number of fields or invalid UTF-8
 * captured in a reject table instead of failing the file (but for lines of only spaces and delimiters,
 * skipped as empty rows). Quoted empty strings stay '' and unquoted empty fields become NULL.
 */

import { readFile, stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue, structValue } from '@duckdb/node-api';
import { FileProblem } from '../file-problem.ts';
import { isOverlongHeader } from '../mapping/column-synonyms.ts';
import { readHead, readTail } from './detect-format.ts';
import { NULL_MARKERS } from './null-markers.ts';
import { firstLineProblem, MAX_FIRST_LINE_BYTES } from './overlong-header.ts';
import {
  findInvalidUtf8,
  isValidUtf8File,
  RecordScanner,
  rowRecords,
  rowStartLines,
  scanRecords,
} from './record-lines.ts';
import { findRenamedHeaders, type RenamedHeader } from './repeated-headers.ts';
import {
  createEmptyReaderRejects,
  EMPTY_ROW_REASON,
  type LineLocator,
  type StagedSource,
  stageColumn,
} from './staged-source.ts';

/** What DuckDB's sniffer found; passed back to read_csv so the file is sniffed once, not on every read. */
export interface CsvDialect {
  headers: string[];
  delimiter: string;
  quote: string;
  escape: string;
  newline: string;
  comment: string;
  skipRows: number;
}

interface SniffRow {
  delimiter: string;
  quote: string;
  escape: string;
  newline: string;
  comment: string;
  skip_rows: number;
  columns: { name: string }[];
}

/** sniff_csv writes "(empty)" for an option that is not used. */
const option = (value: string) => (value === '(empty)' ? '' : value);

/**
 * The longest row read_csv reads, in bytes: DuckDB's default, stated so that the rejection message of a
 * longer row, which is rejected alone, holds.
 */
const MAX_CSV_ROW_BYTES = 2_000_000;

/**
 * The longest row the sniffer reads, in bytes. Past its limit it fails the whole file, so it reads rows far
 * longer than the reader, which rejects them alone. Its buffer is set to the same size: by default DuckDB's
 * is 16 times the limit, which would not fit the memory ingest gives a file, and sniffing with a
 * buffer this size took no longer than with the defaults (1M rows, three runs).
 */
const MAX_SNIFFED_ROW_BYTES = 64 * 1024 * 1024;

/** How many of a header's names the caller recognises as fields. */
export type HeaderRecognition = (headers: readonly string[]) => number;

/** Lines above the header looked through for it, at most. */
const MAX_TITLE_LINES = 20;

/**
 * Excel's delimiter hint (`sep=;`, `sep=,`) as the sniffer reads it when it is the first line: a header of
 * "sep=" and, split at the delimiter, an unnamed second column.
 */
function isSeparatorLine(dialect: CsvDialect): boolean {
  return dialect.skipRows === 0 && dialect.headers.length <= 2 && /^sep=.?$/i.test(dialect.headers[0] ?? '');
}

/**
 * The file's dialect below Excel's `sep=` line, which is never part of the table: whether or not any header
 * is recognised, the headers are then the table's own, as a file that fits no kind names them in its error.
 */
async function belowSeparatorLine(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
): Promise<CsvDialect> {
  if (!isSeparatorLine(dialect)) return dialect;
  const below = await sniff(connection, path, 1).catch(() => undefined);
  return below ? lastSkipToHeader(connection, path, below) : dialect;
}

/**
 * The file's dialect, its header found below any title lines: when the first line names no field the caller
 * recognises (a report's name), the first line below that does is taken for the header; Excel's `sep=;`
 * line is skipped in any case (belowSeparatorLine).
 * DuckDB's sniffer finds such lines only when they have fewer fields than the table, and not at all with
 * ignore_errors, which it needs so that rows with too many or too few fields do not sway it. The search
 * sniffs past the file's end on a short file, which fails: run it outside the file's transaction.
 */
export async function sniffDialect(
  connection: DuckDBConnection,
  path: string,
  recognised?: HeaderRecognition,
): Promise<CsvDialect> {
  const wide = firstLineProblem(await readHead(path, MAX_FIRST_LINE_BYTES + 1));
  if (wide) throw new FileProblem(wide);
  const dialect = await belowSeparatorLine(connection, path, await sniff(connection, path, 0));
  if (!recognised || recognised(dialect.headers) > 0) return dialect;
  // A line with a name longer than a column's (a binary file's or a JSON document's first line) is no title
  // above the header but data: the file is refused for it (overlong-header.ts), without the seconds that each
  // search below a megabyte-long line takes.
  if (dialect.headers.some(isOverlongHeader)) return dialect;
  for (let skip = dialect.skipRows + 1; skip <= MAX_TITLE_LINES; skip++) {
    const below = await sniff(connection, path, skip).catch(() => undefined);
    if (below && recognised(below.headers) > 0) return lastSkipToHeader(connection, path, below);
  }
  return dialect;
}

/**
 * The sniffer passes over blank lines to the header, the reader does not: with blank lines between the title
 * and the header, the skip that found the header is raised until the header is the next line.
 */
async function lastSkipToHeader(
  connection: DuckDBConnection,
  path: string,
  found: CsvDialect,
): Promise<CsvDialect> {
  const same = (dialect?: CsvDialect) => dialect?.headers.join('\u0000') === found.headers.join('\u0000');
  let dialect = found;
  for (let skip = found.skipRows + 1; skip <= MAX_TITLE_LINES; skip++) {
    const next = await sniff(connection, path, skip).catch(() => undefined);
    if (!next || !same(next)) return dialect;
    dialect = next;
  }
  return dialect;
}

async function sniff(connection: DuckDBConnection, path: string, skip: number): Promise<CsvDialect> {
  const reader = await connection.runAndReadAll(
    `SELECT "Delimiter" AS delimiter, "Quote" AS quote, "Escape" AS escape, "NewLineDelimiter" AS newline,
       "Comment" AS comment, "SkipRows" AS skip_rows, "Columns" AS columns
     FROM sniff_csv($path, header = true, all_varchar = true, ignore_errors = true, skip = $skip,
       max_line_size = $max_row_bytes, buffer_size = $max_row_bytes)`,
    { path, skip, max_row_bytes: MAX_SNIFFED_ROW_BYTES },
  );
  const [row] = reader.getRowObjectsJson() as unknown as SniffRow[];
  if (!row) throw new Error('the CSV dialect could not be detected');
  return {
    headers: row.columns.map((column) => column.name),
    delimiter: option(row.delimiter),
    quote: option(row.quote),
    escape: option(row.escape),
    newline: option(row.newline),
    comment: option(row.comment),
    skipRows: Number(row.skip_rows),
  };
}

const COLUMN_COUNT_ERRORS = ['TOO MANY COLUMNS', 'MISSING COLUMNS'];

/** The characters of a line that holds nothing: spaces, tabs and a carriage return. */
const BLANK_CHARACTERS = ' \t\r';

/**
 * Takes out of DuckDB's reject table the lines rejected for their field count that hold nothing but spaces,
 * delimiters and quotes (`   `, ` ,  `, as Excel leaves them between the data), and returns their record
 * numbers: such a line is an empty row, skipped (EMPTY_ROW_REASON), not a row with the wrong field count.
 */
async function takeBlankLines(connection: DuckDBConnection, dialect: CsvDialect): Promise<number[]> {
  const params = {
    column_count_errors: listValue(COLUMN_COUNT_ERRORS),
    blank: BLANK_CHARACTERS + dialect.delimiter + dialect.quote,
  };
  const blank = `list_contains($column_count_errors, error_type) AND trim(csv_line, $blank) = ''`;
  const reader = await connection.runAndReadAll(
    `SELECT list(DISTINCT line ORDER BY line) AS records FROM ingest_csv_rejects WHERE ${blank}`,
    params,
  );
  await connection.run(`DELETE FROM ingest_csv_rejects WHERE ${blank}`, params);
  const records = (reader.getRowObjectsJS()[0]?.records as bigint[] | null) ?? [];
  return records.map(Number);
}

/**
 * A record that runs to the file's last byte with no line break after it (DuckDB's line_byte_position
 * counts from 1): the last line of a file cut off, or still being written when it was read.
 */
const RUNS_TO_FILE_END = 'line_byte_position + strlen(csv_line) > $file_bytes';

/** The reader's error for a quote opened in a field and not closed before the field ends. */
const OPEN_QUOTE_ERROR = 'UNQUOTED VALUE';

/** What a row cut off by the file's end is said to be, after what is wrong with it. */
const CUT_OFF_ROW =
  'it was cut off, perhaps while still being written (ingest the file again once it is complete)';

/** Copies DuckDB's reject table into the reader-rejects table with messages a person understands. */
async function collectRejects(
  connection: DuckDBConnection,
  headers: string[],
  fileBytes: number,
): Promise<number> {
  await createEmptyReaderRejects(connection);
  await connection.run(
    `INSERT INTO ingest_reader_rejects
     SELECT line,
       CASE WHEN error_type = 'INVALID ENCODING' THEN list_extract($headers, column_idx::INTEGER) END,
       CASE
         WHEN error_type = $open_quote_error AND ${RUNS_TO_FILE_END} THEN
           'the file ends inside a quoted field of this row: ' || $cut_off_row
         WHEN list_contains($column_count_errors, error_type) THEN
           'the row has ' || coalesce(fields_found::VARCHAR, 'a different number of')
           || ' fields but the header has ' || $header_count
           || CASE WHEN error_type = 'MISSING COLUMNS' AND ${RUNS_TO_FILE_END} THEN '; the file ends in this row, with no line break after it: ' || $cut_off_row ELSE '' END
         WHEN error_type = 'INVALID ENCODING' THEN
           list_extract($headers, column_idx::INTEGER) || ': the text is not valid UTF-8 (save the file as UTF-8)'
         WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN
           'the row is ' || coalesce(format('{:,}', TRY_CAST(regexp_extract(error_message, 'Actual Size: ?(\\d+)', 1) AS BIGINT)) || ' bytes', 'too')
           || ' long; a CSV row may have at most ' || format('{:,}', $max_row_bytes) || ' bytes (a quote left open joins the rows after it into one field)'
         ELSE error_message
       END,
       csv_line
     FROM (
       -- DuckDB reports a row with three fields too many three times, found 13, 14 and 15 (and one with
       -- too few as found 9, then 10 and 11): the row has the most of the first, the fewest of the second.
       SELECT *,
         CASE WHEN error_type = 'TOO MANY COLUMNS' THEN max(found) OVER line_errors ELSE min(found) OVER line_errors END
           AS fields_found
       FROM (
         SELECT *, TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS INTEGER) AS found
         FROM ingest_csv_rejects
       )
       WINDOW line_errors AS (PARTITION BY line, error_type)
     )
     QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1`,
    {
      headers: listValue(headers),
      column_count_errors: listValue(COLUMN_COUNT_ERRORS),
      header_count: headers.length,
      max_row_bytes: MAX_CSV_ROW_BYTES,
      open_quote_error: OPEN_QUOTE_ERROR,
      file_bytes: fileBytes,
      cut_off_row: CUT_OFF_ROW,
    },
  );
  const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ingest_reader_rejects`);
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0);
}

const byteOf = (character: string) => (character.length === 1 ? character.charCodeAt(0) : null);

/**
 * Rejects every record holding bytes that are not UTF-8, naming the field they are in. DuckDB rejects some
 * of these itself (sometimes naming a neighbouring column) and lets others through, so the exact pass in
 * findInvalidUtf8 decides: rows DuckDB let through are marked in the stage, its own rejects are corrected.
 */
async function quarantineInvalidText(
  connection: DuckDBConnection,
  path: string,
  reading: CsvRead,
  validUtf8: boolean | undefined,
): Promise<void> {
  const { dialect, blankRecords } = reading;
  if (validUtf8 ?? (await isValidUtf8File(path))) return;
  const bytes = await readFile(path);
  const invalid = findInvalidUtf8(bytes, byteOf(dialect.quote), byteOf(dialect.delimiter) ?? 0x2c);
  if (invalid.length === 0) return;
  const header = (field: number) => dialect.headers[field] ?? `column ${field + 1}`;
  const message = (field: number) => `${header(field)}: the text is not valid UTF-8 (save the file as UTF-8)`;
  await connection.run(
    `UPDATE ingest_reader_rejects SET field = fix.field, message = fix.message
     FROM (SELECT unnest($records) AS record, unnest($fields) AS field, unnest($messages) AS message) fix
     WHERE ingest_reader_rejects.record = fix.record`,
    {
      records: listValue(invalid.map((entry) => entry.record)),
      fields: listValue(invalid.map((entry) => header(entry.field))),
      messages: listValue(invalid.map((entry) => message(entry.field))),
    },
  );
  const rejected = await connection.runAndReadAll(
    `SELECT list(record) AS records FROM ingest_reader_rejects`,
  );
  const rejectedRecords = (rejected.getRowObjectsJS()[0]?.records as bigint[] | null) ?? [];
  const scanner = new RecordScanner(byteOf(dialect.quote));
  scanner.push(bytes);
  const rowless = new Set([...rejectedRecords.map(Number), ...blankRecords]);
  const records = rowRecords(scanner.finish(), dialect.skipRows + 1, rowless);
  const fieldOfRecord = new Map(invalid.map((entry) => [entry.record, entry.field]));
  const rows = records.flatMap((record, position) => {
    const field = fieldOfRecord.get(record);
    return field === undefined ? [] : [{ position, field }];
  });
  if (rows.length === 0) return;
  await connection.run(
    `UPDATE ingest_stage SET __reader_error = fix.message, __reader_field = fix.field
     FROM (SELECT unnest($positions) AS position, unnest($fields) AS field, unnest($messages) AS message,
             (SELECT min(rowid) FROM ingest_stage) AS first) fix
     WHERE ingest_stage.rowid = fix.first + fix.position`,
    {
      positions: listValue(rows.map((row) => row.position)),
      fields: listValue(rows.map((row) => header(row.field))),
      messages: listValue(rows.map((row) => message(row.field))),
    },
  );
}

function csvLocator(path: string, { dialect, blankRecords }: CsvRead): LineLocator {
  let rowLines: number[] = [];
  let recordLines: number[] = [];
  return {
    async prepare(rejectedRecords) {
      const index = await scanRecords(path, byteOf(dialect.quote));
      recordLines = index.startLines;
      rowLines = rowStartLines(index, dialect.skipRows + 1, new Set([...rejectedRecords, ...blankRecords]));
    },
    lineOfRow: (rowid) => rowLines[rowid] ?? rowid + dialect.skipRows + 2,
    lineOfRecord: (record) => recordLines[record - 1] ?? record,
  };
}

/**
 * What a CSV writes for "no value" when unquoted: nothing, or the null marker of the database it was dumped
 * from (NULL_MARKERS). Read here, where it costs nothing: looked for in the validation SQL, the markers made
 * listing 1M rows' texts 12 times slower. A quoted "NULL" stays text.
 */
const CSV_NULL_STRINGS = ['', ...NULL_MARKERS];

/**
 * Whether every column of a staged row is empty or spaces: unquoted (NULL, a null marker), quoted (""), or
 * only spaces (",,,," and "  ,  ,  ", as spreadsheets export the formatted rows below and between their
 * data), so the row is read but skipped rather than rejected field by field. The tests are joined with AND
 * so that DuckDB trims a row's columns only until one has a value, most often the first: on 1M rows of 12
 * columns (one thread, median of 15) 0.08 s more than testing for empty columns alone, where a coalesce of
 * every column's trim took 1.3 s more.
 */
function emptyRowSql(columns: number): string {
  const blanks = Array.from(
    { length: columns },
    (_, index) => `coalesce(trim(${stageColumn(index)}), '') = ''`,
  );
  return blanks.join(' AND ');
}

/** A CSV file as read into ingest_stage. */
interface CsvRead {
  dialect: CsvDialect;
  /** Records the reader rejected (ingest_reader_rejects). */
  readerRejects: number;
  /** Record numbers of the lines of only spaces and delimiters taken out of the rejects (takeBlankLines). */
  blankRecords: number[];
  /** Records read, rows and rejects. */
  records: number;
  /** Whether the file ends inside a quoted field this reading opened: its last record was cut off. */
  endsInOpenQuote: boolean;
}

/**
 * The parameters of a read_csv call that reads `path` as `dialect` says, every column as text under its stage
 * name ($path, $columns, $delimiter, $quote, $escape, $newline, $comment, $skip, $max_row_bytes).
 */
function dialectParams(path: string, dialect: CsvDialect) {
  return {
    path,
    columns: structValue(
      Object.fromEntries(dialect.headers.map((_, index) => [stageColumn(index), 'VARCHAR'])),
    ),
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    escape: dialect.escape,
    newline: dialect.newline,
    comment: dialect.comment,
    skip: dialect.skipRows,
    max_row_bytes: MAX_CSV_ROW_BYTES,
  };
}

/** Reads the file, of `fileBytes` bytes, into ingest_stage with `dialect`. */
async function readCsv(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
  fileBytes: number,
): Promise<CsvRead> {
  await connection.run(`DROP TABLE IF EXISTS ingest_csv_rejects; DROP TABLE IF EXISTS ingest_csv_scans;`);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT NULL::VARCHAR AS __reader_error, NULL::VARCHAR AS __reader_field,
       CASE WHEN ${emptyRowSql(dialect.headers.length)} THEN $empty_row END AS __skip_reason,
       NULL::BIGINT AS __version, *
     FROM read_csv($path, auto_detect = false, header = true, columns = $columns, delim = $delimiter,
       quote = $quote, escape = $escape, new_line = $newline, comment = $comment, skip = $skip,
       nullstr = $null_markers, allow_quoted_nulls = false, max_line_size = $max_row_bytes,
       store_rejects = true, rejects_table = 'ingest_csv_rejects', rejects_scan = 'ingest_csv_scans')`,
    {
      ...dialectParams(path, dialect),
      null_markers: listValue(CSV_NULL_STRINGS),
      empty_row: EMPTY_ROW_REASON,
    },
  );
  const blankRecords = await takeBlankLines(connection, dialect);
  const endsInOpenQuote = await endsInOpenQuoteOf(connection, fileBytes);
  const readerRejects = await collectRejects(connection, dialect.headers, fileBytes);
  const staged = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ingest_stage`);
  const records = Number(staged.getRowObjectsJson()[0]?.n ?? 0) + readerRejects;
  return { dialect, readerRejects, blankRecords, records, endsInOpenQuote };
}

/** Whether the reader rejected the file's last record for a quoted field that the file's end left open. */
async function endsInOpenQuoteOf(connection: DuckDBConnection, fileBytes: number): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ingest_csv_rejects WHERE error_type = $open_quote_error AND ${RUNS_TO_FILE_END}`,
    { open_quote_error: OPEN_QUOTE_ERROR, file_bytes: fileBytes },
  );
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0) > 0;
}

/**
 * A file cut off inside a quoted field makes DuckDB's sniffer settle on "no quoting", which breaks every
 * multi-line quoted field, splits every quoted field holding the delimiter (a complete row rejected for its
 * field count) and keeps the quotes of the others as text. When a file read that way has rejects, or its
 * last line holds a double quote, the usual double-quote dialect is tried too (quotingReadsBetter); a file
 * whose unbalanced quote is a stray inch mark ('5" screen') keeps the unquoted reading.
 */
async function readWithBestQuoting(
  connection: DuckDBConnection,
  path: string,
  sniffed: CsvDialect,
): Promise<CsvRead> {
  const fileBytes = (await stat(path)).size;
  const read = await readCsv(connection, path, sniffed, fileBytes);
  if (sniffed.quote !== '') return read;
  if (read.readerRejects === 0 && !(await lastLineHoldsQuote(path))) return read;
  const quoted = await readCsv(connection, path, { ...sniffed, quote: '"', escape: '"' }, fileBytes);
  if (quotingReadsBetter(quoted, read)) return quoted;
  return readCsv(connection, path, sniffed, fileBytes);
}

/**
 * Whether the double-quote reading is the file's: it rejects fewer records, or the file ends inside a field it
 * quotes and it rejects no more than that cut-off record besides, in as many records. A quote that is never
 * closed earlier in the file would join every row after it into one record, so it reads fewer.
 */
function quotingReadsBetter(quoted: CsvRead, unquoted: CsvRead): boolean {
  if (quoted.readerRejects < unquoted.readerRejects) return true;
  return (
    quoted.endsInOpenQuote &&
    quoted.readerRejects <= unquoted.readerRejects + 1 &&
    quoted.records >= unquoted.records
  );
}

/** Bytes of the file's end looked at for its last line. */
const LAST_LINE_BYTES = 64 * 1024;

async function lastLineHoldsQuote(path: string): Promise<boolean> {
  const lines = Buffer.from(await readTail(path, LAST_LINE_BYTES))
    .toString('utf8')
    .trimEnd()
    .split('\n');
  return lines.at(-1)?.includes('"') ?? false;
}

/**
 * How the reader renames a repeated header (`comment_1`) and names a column whose header cell is blank
 * (`column12`); only then is the header read again.
 */
const RENAMED_HEADER = /_\d+$|^column\d+$/;

/**
 * The header line's names as the file writes them (null for an empty one): the line read as data, by the
 * reader and with the dialect that read the file, so its quoting and delimiter are read the same way.
 */
async function writtenHeaders(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
): Promise<(string | null)[]> {
  const reader = await connection.runAndReadAll(
    `SELECT * FROM read_csv($path, auto_detect = false, header = false, columns = $columns, delim = $delimiter,
       quote = $quote, escape = $escape, new_line = $newline, comment = $comment, skip = $skip,
       max_line_size = $max_row_bytes, ignore_errors = true)
     LIMIT 1`,
    dialectParams(path, dialect),
  );
  const [row] = reader.getRowsJson();
  return (row ?? []).map((value) => (value === null ? null : String(value)));
}

/** The file's headers the reader renamed, as it does a repeated name (repeated-headers.ts). */
async function renamedHeaders(
  connection: DuckDBConnection,
  path: string,
  dialect: CsvDialect,
): Promise<RenamedHeader[]> {
  if (!dialect.headers.some((header) => RENAMED_HEADER.test(header))) return [];
  return findRenamedHeaders(await writtenHeaders(connection, path, dialect), dialect.headers);
}

/** What is known of a CSV file before it is read; whatever is missing is found out. */
export interface CsvReading {
  dialect?: CsvDialect;
  /** Whether the file is valid UTF-8 (isValidUtf8File). */
  validUtf8?: boolean;
}

export async function stageCsv(
  connection: DuckDBConnection,
  path: string,
  known: CsvReading = {},
): Promise<StagedSource> {
  const read = await readWithBestQuoting(
    connection,
    path,
    known.dialect ?? (await sniffDialect(connection, path)),
  );
  await quarantineInvalidText(connection, path, read, known.validUtf8);
  const renamed = await renamedHeaders(connection, path, read.dialect);
  return {
    format: 'csv',
    headers: read.dialect.headers,
    ...(renamed.length ? { renamedHeaders: renamed } : {}),
    readerRejects: read.readerRejects,
    blankLines: read.blankRecords.length,
    linesAboveHeader: read.dialect.skipRows,
    locator: csvLocator(path, read),
  };
}
