/**
 * Reads a CSV file with DuckDB's own reader: dialect sniffed (any delimiter and quote, BOM, CRLF), every
 * column as VARCHAR, records with the wrong number of fields or invalid UTF-8 captured in a reject table
 * instead of failing the file. Quoted empty strings stay '' and unquoted empty fields become NULL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue, structValue } from '@duckdb/node-api';
import { rowStartLines, scanRecords } from './record-lines.ts';
import {
  createEmptyReaderRejects,
  type LineLocator,
  STAGE_CONTROL_COLUMNS,
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

export async function sniffDialect(connection: DuckDBConnection, path: string): Promise<CsvDialect> {
  const reader = await connection.runAndReadAll(
    `SELECT "Delimiter" AS delimiter, "Quote" AS quote, "Escape" AS escape, "NewLineDelimiter" AS newline,
       "Comment" AS comment, "SkipRows" AS skip_rows, "Columns" AS columns
     FROM sniff_csv($path, header = true, all_varchar = true)`,
    { path },
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

/** Copies DuckDB's reject table into the reader-rejects table with messages a person understands. */
async function collectRejects(connection: DuckDBConnection, headers: string[]): Promise<number> {
  await createEmptyReaderRejects(connection);
  await connection.run(
    `INSERT INTO ingest_reader_rejects
     SELECT line,
       CASE WHEN error_type = 'INVALID ENCODING' THEN list_extract($headers, column_idx::INTEGER) END,
       CASE
         WHEN list_contains($column_count_errors, error_type) THEN
           'the row has ' || coalesce(regexp_extract(error_message, 'Found: (\\d+)', 1), 'a different number of')
           || ' fields but the header has ' || $header_count
         WHEN error_type = 'INVALID ENCODING' THEN
           list_extract($headers, column_idx::INTEGER) || ': the text is not valid UTF-8 (save the file as UTF-8)'
         ELSE error_message
       END,
       csv_line
     FROM ingest_csv_rejects
     QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1`,
    {
      headers: listValue(headers),
      column_count_errors: listValue(COLUMN_COUNT_ERRORS),
      header_count: headers.length,
    },
  );
  const reader = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ingest_reader_rejects`);
  return Number(reader.getRowObjectsJson()[0]?.n ?? 0);
}

function csvLocator(path: string, dialect: CsvDialect): LineLocator {
  let rowLines: number[] = [];
  let recordLines: number[] = [];
  return {
    async prepare(rejectedRecords) {
      const index = await scanRecords(path, dialect.quote.length === 1 ? dialect.quote.charCodeAt(0) : null);
      recordLines = index.startLines;
      rowLines = rowStartLines(index, dialect.skipRows + 1, new Set(rejectedRecords));
    },
    lineOfRow: (rowid) => rowLines[rowid] ?? rowid + dialect.skipRows + 2,
    lineOfRecord: (record) => recordLines[record - 1] ?? record,
  };
}

export async function stageCsv(
  connection: DuckDBConnection,
  path: string,
  sniffed?: CsvDialect,
): Promise<StagedSource> {
  const dialect = sniffed ?? (await sniffDialect(connection, path));
  const columns = Object.fromEntries(dialect.headers.map((_, index) => [stageColumn(index), 'VARCHAR']));
  await connection.run(`DROP TABLE IF EXISTS ingest_csv_rejects; DROP TABLE IF EXISTS ingest_csv_scans;`);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ingest_stage AS
     SELECT ${STAGE_CONTROL_COLUMNS}, *
     FROM read_csv($path, auto_detect = false, header = true, columns = $columns, delim = $delimiter,
       quote = $quote, escape = $escape, new_line = $newline, comment = $comment, skip = $skip,
       allow_quoted_nulls = false,
       store_rejects = true, rejects_table = 'ingest_csv_rejects', rejects_scan = 'ingest_csv_scans')`,
    {
      path,
      columns: structValue(columns),
      delimiter: dialect.delimiter,
      quote: dialect.quote,
      escape: dialect.escape,
      newline: dialect.newline,
      comment: dialect.comment,
      skip: dialect.skipRows,
    },
  );
  const readerRejects = await collectRejects(connection, dialect.headers);
  return {
    format: 'csv',
    headers: dialect.headers,
    stripe: false,
    readerRejects,
    locator: csvLocator(path, dialect),
  };
}
