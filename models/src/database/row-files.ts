/**
 * A query's rows passed through JS by way of files. Ingest runs JS over every distinct text of a file
 * (redaction, classification, the search and theme index). Held whole, the 1.4M distinct texts of a
 * 5M-cancellation file and their results took 1 GB of JS heap (2026-12-05), growing with the file until
 * V8's heap limit ends the process; read in pages through the connection, the JS could no longer run while
 * DuckDB writes the rows, as a page can only be read or written between statements.
 *
 * So DuckDB writes the rows to an NDJSON file (COPY), JS reads it a line at a time and writes its results
 * to another NDJSON file, and DuckDB reads those (read_ndjson) once it needs them: the JS part holds a few
 * lines and needs no connection, so it runs while the connection executes other statements.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type DuckDBConnection, type DuckDBValue, structValue } from '@duckdb/node-api';
import { type TemporaryFolder, temporaryFolder } from '../temporary-folder.ts';

/** A temporary folder for one job's row files (temporary-folder.ts). */
export type RowFolder = TemporaryFolder;

export function rowFolder(parent?: string): Promise<RowFolder> {
  return temporaryFolder('rows', parent);
}

/** Writes the rows of `sql` to `path`, one JSON object a line; returns how many. */
export async function copyRowsToFile(
  connection: DuckDBConnection,
  sql: string,
  path: string,
  params: Record<string, DuckDBValue> = {},
): Promise<number> {
  const copied = await connection.run(`COPY (${sql}) TO $row_file (FORMAT json)`, {
    ...params,
    row_file: path,
  });
  return Number(copied.rowsChanged);
}

/** Waits until `output` takes more writes, or has closed (after an error). */
async function drained(output: WriteStream): Promise<void> {
  if (output.closed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      output.off('drain', done);
      output.off('close', done);
      resolve();
    };
    output.on('drain', done);
    output.on('close', done);
  });
}

export interface MapRowsOptions {
  /** Stops reading once this turns true (the caller's work failed). */
  cancelled?: () => boolean;
  /** Called with the number of rows read so far, every `PROGRESS_EVERY` rows and at the end. */
  onProgress?: (done: number) => void;
}

const PROGRESS_EVERY = 1000;

/**
 * Reads the rows of `from` (one JSON object a line), writes `map(row)` of each to `to` as a line of JSON,
 * skipping rows it maps to undefined; returns how many rows were read.
 */
export async function mapRowFile<Row, Result>(
  from: string,
  to: string,
  map: (row: Row) => Result | undefined,
  { cancelled = () => false, onProgress = () => {} }: MapRowsOptions = {},
): Promise<number> {
  const output = createWriteStream(to);
  // A write that fails (a full disk, a missing folder) must fail this call: unhandled, the stream's 'error'
  // event would end the process.
  let failure: Error | undefined;
  output.on('error', (error) => {
    failure = error;
  });
  const input = createReadStream(from);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let done = 0;
  try {
    for await (const line of lines) {
      if (cancelled() || failure) break;
      const result = map(JSON.parse(line) as Row);
      if (result !== undefined && !output.write(`${JSON.stringify(result)}\n`)) await drained(output);
      done += 1;
      if (done % PROGRESS_EVERY === 0) onProgress(done);
    }
  } finally {
    lines.close();
    input.destroy();
    output.end();
    if (!output.closed) await once(output, 'close');
  }
  if (failure) throw failure;
  onProgress(done);
  return done;
}

/**
 * Creates (or replaces) the temp table `table` from a file mapRowFile wrote, with `columns` (name → DuckDB
 * type) as its columns. `table` is a name from code, never from input.
 */
export async function loadRowFile(
  connection: DuckDBConnection,
  table: string,
  path: string,
  columns: Record<string, string>,
): Promise<void> {
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM read_ndjson($row_file, columns = $row_columns)`,
    { row_file: path, row_columns: structValue(columns) },
  );
}
