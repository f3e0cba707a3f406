/**
 * The search and theme index of each stored verbatim (table `verbatim_index`, schema migrations 6 and 7),
 * computed once when the verbatim is stored: tokenizing is the expensive part of searching and of finding
 * themes, and a verbatim's text never changes. The rules are the pure functions of ../verbatim-terms.ts:
 * - `search_text`: ' word word word', lower case without accents (/api/verbatims?q=);
 * - `phrase_ids`: the 1–3-word theme phrases /api/themes counts, as ids into `theme_phrases`, which holds
 *   each phrase once (ids are never reused or renumbered).
 * A blank verbatim has no row: it is no document.
 *
 * Reading the texts, computing the rows (JS) and writing them are separate steps so that ingest can compute
 * while DuckDB does other work on the same connection; refreshVerbatimIndex does all three in turn.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { runInSlices } from '../event-loop-slices.ts';
import { searchText, themePhrases } from '../verbatim-terms.ts';

/** Phrases travel joined by newlines (which no phrase contains): appending list values row by row is slow. */
const PHRASE_SEPARATOR = '\n';
/** Texts indexed between two yields to the event loop in verbatimIndexRowsInSlices. */
const SLICE = 500;

/** Stored verbatims as two columns. */
export interface VerbatimTexts {
  hashes: string[];
  texts: string[];
}

/** The index rows of some verbatims, as columns; `phrases` joined by PHRASE_SEPARATOR. */
export interface VerbatimIndexRows {
  hashes: string[];
  searchTexts: string[];
  phrases: string[];
}

const affectedBy = (hashesQuery: string) => `text_hash IN (SELECT text_hash FROM (${hashesQuery}))`;

/**
 * The two columns of a `text_hash, text` query, rather than an object per verbatim: ingest holds all of a
 * file's verbatims at once.
 */
export async function readVerbatimColumns(
  connection: DuckDBConnection,
  sql: string,
  params: Record<string, string> = {},
): Promise<VerbatimTexts> {
  const reader = await connection.runAndReadAll(sql, params);
  const [hashes = [], texts = []] = reader.getColumnsJS() as string[][];
  return { hashes, texts };
}

/** The non-blank stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function readVerbatimTexts(
  connection: DuckDBConnection,
  hashesQuery: string,
): Promise<VerbatimTexts> {
  return readVerbatimColumns(
    connection,
    `SELECT text_hash, text FROM verbatims WHERE ${affectedBy(hashesQuery)} AND trim(text) <> ''`,
  );
}

function emptyRows(): VerbatimIndexRows {
  return { hashes: [], searchTexts: [], phrases: [] };
}

function addRows(rows: VerbatimIndexRows, verbatims: VerbatimTexts, from: number, to: number): void {
  for (let index = from; index < to; index++) {
    const text = verbatims.texts[index] as string;
    rows.hashes.push(verbatims.hashes[index] as string);
    rows.searchTexts.push(searchText(text));
    rows.phrases.push(themePhrases(text).join(PHRASE_SEPARATOR));
  }
}

/**
 * The index rows of `verbatims`, computed a slice at a time with a yield to the event loop in between, so
 * DuckDB statements awaited elsewhere keep being issued meanwhile. Stops early when `cancelled()` turns true.
 */
export async function verbatimIndexRowsInSlices(
  verbatims: VerbatimTexts,
  cancelled: () => boolean = () => false,
): Promise<VerbatimIndexRows> {
  const rows = emptyRows();
  await runInSlices(
    verbatims.texts.length,
    SLICE,
    (from, to) => addRows(rows, verbatims, from, to),
    cancelled,
  );
  return rows;
}

/** Replaces the index of the verbatims `hashesQuery` selects with `rows`, adding their new phrases. */
export async function writeVerbatimIndex(
  connection: DuckDBConnection,
  hashesQuery: string,
  rows: VerbatimIndexRows,
): Promise<void> {
  await connection.run(`DELETE FROM verbatim_index WHERE ${affectedBy(hashesQuery)}`);
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE verbatim_index_rows (text_hash VARCHAR, search_text VARCHAR, phrases VARCHAR)`,
  );
  const appender = await connection.createAppender('verbatim_index_rows', 'main', 'temp');
  try {
    for (const [index, hash] of rows.hashes.entries()) {
      appender.appendVarchar(hash);
      appender.appendVarchar(rows.searchTexts[index] as string);
      appender.appendVarchar(rows.phrases[index] as string);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE verbatim_index_phrases AS
     SELECT text_hash, unnest(string_split(phrases, $separator)) AS phrase FROM verbatim_index_rows WHERE phrases <> ''`,
    { separator: PHRASE_SEPARATOR },
  );
  await connection.run(
    `INSERT INTO theme_phrases
     SELECT (SELECT coalesce(max(id), 0) FROM theme_phrases) + row_number() OVER (ORDER BY phrase), phrase
     FROM (SELECT DISTINCT phrase FROM verbatim_index_phrases) new_phrases
     ANTI JOIN theme_phrases USING (phrase)`,
  );
  await connection.run(
    `INSERT INTO verbatim_index
     SELECT r.text_hash, r.search_text, coalesce(ids.phrase_ids, []::INTEGER[])
     FROM verbatim_index_rows r
     LEFT JOIN (
       SELECT v.text_hash, list(p.id) AS phrase_ids
       FROM verbatim_index_phrases v JOIN theme_phrases p USING (phrase)
       GROUP BY v.text_hash
     ) ids USING (text_hash)`,
  );
  await connection.run(`DROP TABLE verbatim_index_phrases`);
  await connection.run(`DROP TABLE verbatim_index_rows`);
}

/** (Re)indexes the stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function refreshVerbatimIndex(connection: DuckDBConnection, hashesQuery: string): Promise<void> {
  const verbatims = await readVerbatimTexts(connection, hashesQuery);
  const rows = emptyRows();
  addRows(rows, verbatims, 0, verbatims.texts.length);
  await writeVerbatimIndex(connection, hashesQuery, rows);
}
