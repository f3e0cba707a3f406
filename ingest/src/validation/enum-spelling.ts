/**
 * How a value is matched against an enum's values (channels, outcomes, reason codes): lower case, outer
 * whitespace dropped, runs of whitespace and dashes as "_", so "Self Serve" and "self-serve" read as
 * self_serve. The rule is written twice because it runs in two places: in JavaScript for the mapping file's
 * own spellings (match-columns.ts), in SQL for every staged value (build-check-query.ts, choose-kind.ts).
 * The two must agree, or a spelling the mapping file declares would never meet the value in the file;
 * enum-spelling.test.ts runs both on the same inputs.
 */

export function enumSpelling(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * The characters JavaScript's `\s` and trim() take as whitespace, written for RE2 (DuckDB's regular
 * expressions), whose `\s` is ASCII only: a non-breaking space from a spreadsheet would otherwise stay in.
 */
const WHITESPACE_RE2 = '\\t\\n\\v\\f\\r\\p{Z}\\x{FEFF}';

/** enumSpelling in SQL, over the SQL expression `value`. */
export function enumSpellingSql(value: string): string {
  const trimmed = `regexp_replace(lower(${value}), '^[${WHITESPACE_RE2}]+|[${WHITESPACE_RE2}]+$', '', 'g')`;
  return `regexp_replace(${trimmed}, '[${WHITESPACE_RE2}-]+', '_', 'g')`;
}
