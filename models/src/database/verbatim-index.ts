/**
 * The search and theme index of each stored verbatim (table `verbatim_index`, schema migration 6), computed
 * once when the verbatim is stored: tokenizing is the expensive part of searching and of finding themes,
 * and a verbatim's text never changes.
 * - `search_text`: ' word word word', lower case without accents (searchableTextSql; /api/verbatims?q=).
 * - `phrases`: its distinct 1–3-word phrases that neither start nor end with a stopword or a one-character
 *   token, the units /api/themes counts.
 *
 * A blank verbatim has no row: it is no document.
 *
 * Tokens: lower case, NFC, split on anything that is not a letter, digit or apostrophe (’ counts as one),
 * apostrophes trimmed from the ends. Stopwords: models/src/metrics/theme-stopwords.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { THEME_STOPWORDS } from '../metrics/theme-stopwords.ts';

const INDEX_ROWS_SQL = `
  WITH tokenized AS (
    SELECT text_hash, text,
      list_filter(
        list_transform(
          regexp_split_to_array(lower(nfc_normalize(replace(text, '’', ''''))), '[^\\p{L}\\p{N}'']+'),
          word -> trim(word, '''')
        ),
        word -> word <> ''
      ) AS words
    FROM verbatims
    WHERE text_hash IN (SELECT text_hash FROM (%HASHES%)) AND trim(text) <> ''
  ),
  flagged AS (
    SELECT t.*, list_transform(t.words, word -> length(word) < 2 OR list_contains(s.words, word)) AS stop
    FROM tokenized t CROSS JOIN (SELECT string_split($stopwords, ' ') AS words) s
  )
  SELECT text_hash,
    ${searchableTextSql('text')} AS search_text,
    list_distinct(
      [words[i] FOR i IN range(1, len(words) + 1) IF NOT stop[i]]
      || [words[i] || ' ' || words[i + 1] FOR i IN range(1, len(words)) IF NOT stop[i] AND NOT stop[i + 1]]
      || [array_to_string(words[i:i + 2], ' ') FOR i IN range(1, len(words) - 1) IF NOT stop[i] AND NOT stop[i + 2]]
    ) AS phrases
  FROM flagged`;

/** SQL turning a text column into ' word word word' (leading space so every word follows a space). */
export function searchableTextSql(column: string): string {
  return `(' ' || regexp_replace(strip_accents(lower(${column})), '[^\\p{L}\\p{N}]+', ' ', 'g'))`;
}

/** (Re)indexes the stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function refreshVerbatimIndex(connection: DuckDBConnection, hashesQuery: string): Promise<void> {
  await connection.run(
    `DELETE FROM verbatim_index WHERE text_hash IN (SELECT text_hash FROM (${hashesQuery}))`,
  );
  await connection.run(`INSERT INTO verbatim_index ${INDEX_ROWS_SQL.replace('%HASHES%', hashesQuery)}`, {
    stopwords: THEME_STOPWORDS.join(' '),
  });
}
