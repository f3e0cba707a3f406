/**
 * The search and theme index of each stored verbatim (table `verbatim_index`, schema migrations 6 and 7),
 * computed once when the verbatim is stored: tokenizing is the expensive part of searching and of finding
 * themes, and a verbatim's text never changes. The rules are the pure functions of ../verbatim-terms.ts:
 * - `search_text`: ' word word word', lower case without accents (/api/verbatims?q=);
 * - `phrase_ids`: the 1–3-word theme phrases /api/themes counts, as ids into `theme_phrases`, which holds
 *   each phrase once (ids are never reused or renumbered);
 * - `text_id`: the verbatim's integer id (`verbatims.text_id`), which /api/themes joins and groups by.
 * A blank verbatim has no row: it is no document.
 *
 * Copying the texts to a file, computing the rows (JS, file to file) and writing them are separate steps so
 * that ingest can compute while DuckDB does other work on the same connection (row-files.ts);
 * refreshVerbatimIndex does all three in turn.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { searchText, themePhrases } from '../verbatim-terms.ts';
import { copyRowsToFile, loadRowFile, type MapRowsOptions, mapRowFile, rowFolder } from './row-files.ts';

/** A stored verbatim, as copyVerbatimTexts writes it. */
export interface VerbatimRow {
  text_hash: string;
  text: string;
}

/** A verbatim_index row, as indexRowFile writes it. */
interface IndexRow {
  text_hash: string;
  search_text: string;
  phrases: string[];
}

const INDEX_ROW_COLUMNS = { text_hash: 'VARCHAR', search_text: 'VARCHAR', phrases: 'VARCHAR[]' };

const affectedBy = (hashesQuery: string) => `text_hash IN (SELECT text_hash FROM (${hashesQuery}))`;

/** Writes the non-blank stored verbatims `hashesQuery` selects (a query with a `text_hash` column) to `path`. */
export async function copyVerbatimTexts(
  connection: DuckDBConnection,
  hashesQuery: string,
  path: string,
): Promise<number> {
  return copyRowsToFile(
    connection,
    `SELECT text_hash, text FROM verbatims WHERE ${affectedBy(hashesQuery)} AND trim(text) <> ''`,
    path,
  );
}

function indexRow({ text_hash, text }: VerbatimRow): IndexRow {
  return { text_hash, search_text: searchText(text), phrases: themePhrases(text) };
}

/** Computes the index rows of the verbatims in `from` (copyVerbatimTexts) into `to`. */
export function indexRowFile(from: string, to: string, options?: MapRowsOptions): Promise<number> {
  return mapRowFile(from, to, indexRow, options);
}

export interface IndexWriteOptions {
  /**
   * Texts whose phrase ids one statement gathers (default 250,000). DuckDB cannot spill the lists it is
   * gathering: in one statement, the 1.4M new texts of a 5M-row file failed within a 400MB memory limit.
   */
  textsPerStatement?: number;
}

/** Replaces the index of the verbatims `hashesQuery` selects with the rows of `indexFile`, adding new phrases. */
export async function writeVerbatimIndex(
  connection: DuckDBConnection,
  hashesQuery: string,
  indexFile: string,
  { textsPerStatement = 250_000 }: IndexWriteOptions = {},
): Promise<void> {
  await connection.run(`DELETE FROM verbatim_index WHERE ${affectedBy(hashesQuery)}`);
  await loadRowFile(connection, 'verbatim_index_rows', indexFile, INDEX_ROW_COLUMNS);
  await connection.run(
    `INSERT INTO theme_phrases
     SELECT (SELECT coalesce(max(id), 0) FROM theme_phrases) + row_number() OVER (ORDER BY phrase), phrase
     FROM (SELECT DISTINCT phrase FROM (SELECT unnest(phrases) AS phrase FROM verbatim_index_rows)) new_phrases
     ANTI JOIN theme_phrases USING (phrase)`,
  );
  const counted = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM verbatim_index_rows`);
  const parts = Math.max(1, Math.ceil(Number(counted.getRowObjectsJson()[0]?.n ?? 0) / textsPerStatement));
  for (let part = 0; part < parts; part++) {
    // UBIGINT like hash(): with BIGINT parameters the modulo went through HUGEINT, three times slower.
    await connection.run(
      `INSERT INTO verbatim_index (text_hash, search_text, phrase_ids, text_id)
       WITH part_rows AS (
         SELECT * FROM verbatim_index_rows WHERE hash(text_hash) % $parts::UBIGINT = $part::UBIGINT
       ),
       ids AS (
         SELECT v.text_hash, list(p.id) AS phrase_ids
         FROM (SELECT text_hash, unnest(phrases) AS phrase FROM part_rows) v JOIN theme_phrases p USING (phrase)
         GROUP BY v.text_hash
       )
       SELECT r.text_hash, r.search_text, coalesce(ids.phrase_ids, []::INTEGER[]), v.text_id
       FROM part_rows r JOIN verbatims v USING (text_hash) LEFT JOIN ids USING (text_hash)`,
      { parts, part },
    );
  }
  await connection.run(`DROP TABLE verbatim_index_rows`);
}

/** (Re)indexes the stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function refreshVerbatimIndex(
  connection: DuckDBConnection,
  hashesQuery: string,
  options: IndexWriteOptions = {},
): Promise<void> {
  const folder = await rowFolder();
  try {
    await copyVerbatimTexts(connection, hashesQuery, folder.path('texts.ndjson'));
    await indexRowFile(folder.path('texts.ndjson'), folder.path('index.ndjson'));
    await writeVerbatimIndex(connection, hashesQuery, folder.path('index.ndjson'), options);
  } finally {
    await folder.remove();
  }
}
