/**
 * Full-text search over verbatims without DuckDB's fts extension (not available): the query and the text
 * are both reduced to lower-case, accent-free words, and every query word must start a word of the text
 * ("cancel" finds "cancelled", "cafe" finds "Café"). Words travel as parameters; since they contain only
 * letters and digits they also cannot act as LIKE wildcards.
 */
import { searchWords } from '@churnlens/models/verbatim-terms';

/**
 * The words of a search query, normalized as verbatim_index.search_text is (models/src/verbatim-terms.ts).
 * NOTE: how many there may be is the query schema's limit (MAX_SEARCH_WORDS): cutting the list here would
 * drop words silently and widen the result. Nor is a long word shortened: as a prefix it would find more than
 * it says (the query's 500 characters bound it).
 */
export function searchTokens(query: string): string[] {
  return [...new Set(searchWords(query))];
}

/** A condition requiring every token to start a word of the searchable text; 'TRUE' without tokens. */
export function buildSearchSql(
  tokens: readonly string[],
  searchableSql: string,
  paramPrefix = 'q_',
): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const conditions = tokens.map((token, index) => {
    params[`${paramPrefix}${index}`] = token;
    return `${searchableSql} LIKE ('% ' || $${paramPrefix}${index} || '%')`;
  });
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params };
}
