/**
 * The search and theme index of each stored verbatim (table `verbatim_index`, schema migrations 6 and 7),
 * computed once when the verbatim is stored: tokenizing is the expensive part of searching and of finding
 * themes, and a verbatim's text never changes. The rules are the pure functions of ../verbatim-terms.ts:
 * - `search_text`: ' word word word', lower case without accents (/api/verbatims?q=);
 * - `phrase_ids`: the 1–3-word theme phrases /api/themes counts, as ids into `theme_phrases`, which holds
 *   each phrase once (ids are never reused or renumbered).
 * A blank verbatim has no row: it is no document.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { searchText, themePhrases } from '../verbatim-terms.ts';

/** Phrases travel joined by newlines (which no phrase contains): appending list values row by row is slow. */
const PHRASE_SEPARATOR = '\n';

/** (Re)indexes the stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function refreshVerbatimIndex(connection: DuckDBConnection, hashesQuery: string): Promise<void> {
  const affected = `text_hash IN (SELECT text_hash FROM (${hashesQuery}))`;
  await connection.run(`DELETE FROM verbatim_index WHERE ${affected}`);
  const reader = await connection.runAndReadAll(
    `SELECT text_hash, text FROM verbatims WHERE ${affected} AND trim(text) <> ''`,
  );
  const [hashes = [], texts = []] = reader.getColumnsJS() as string[][];
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE verbatim_index_rows (text_hash VARCHAR, search_text VARCHAR, phrases VARCHAR)`,
  );
  const appender = await connection.createAppender('verbatim_index_rows', 'main', 'temp');
  try {
    for (const [index, text] of texts.entries()) {
      appender.appendVarchar(hashes[index] as string);
      appender.appendVarchar(searchText(text));
      appender.appendVarchar(themePhrases(text).join(PHRASE_SEPARATOR));
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
