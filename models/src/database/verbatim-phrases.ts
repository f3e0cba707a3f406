/**
 * The theme phrases of each stored verbatim (table `verbatim_phrases`, schema migration 6): its distinct
 * 1–3-word phrases that neither start nor end with a stopword or a one-character token, the units
 * /api/themes counts. Tokenizing is the expensive part of finding themes, and a verbatim's phrases never
 * change, so they are computed once when the verbatim is stored rather than on every request.
 *
 * A blank verbatim has no row: it is no document.
 *
 * Tokens: lower case, NFC, split on anything that is not a letter, digit or apostrophe (’ counts as one),
 * apostrophes trimmed from the ends. Stopwords: models/src/metrics/theme-stopwords.ts.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { THEME_STOPWORDS } from '../metrics/theme-stopwords.ts';

const PHRASES_OF_TEXT_SQL = `
  WITH tokenized AS (
    SELECT text_hash,
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
    list_distinct(
      [words[i] FOR i IN range(1, len(words) + 1) IF NOT stop[i]]
      || [words[i] || ' ' || words[i + 1] FOR i IN range(1, len(words)) IF NOT stop[i] AND NOT stop[i + 1]]
      || [array_to_string(words[i:i + 2], ' ') FOR i IN range(1, len(words) - 1) IF NOT stop[i] AND NOT stop[i + 2]]
    ) AS phrases
  FROM flagged`;

/** (Re)computes the phrases of the stored verbatims `hashesQuery` selects (a query with a `text_hash` column). */
export async function refreshVerbatimPhrases(
  connection: DuckDBConnection,
  hashesQuery: string,
): Promise<void> {
  await connection.run(
    `DELETE FROM verbatim_phrases WHERE text_hash IN (SELECT text_hash FROM (${hashesQuery}))`,
  );
  await connection.run(
    `INSERT INTO verbatim_phrases ${PHRASES_OF_TEXT_SQL.replace('%HASHES%', hashesQuery)}`,
    {
      stopwords: THEME_STOPWORDS.join(' '),
    },
  );
}
