/**
 * A CSV header that repeats a name (`…,comment,comment`). DuckDB's reader renames every copy after the first
 * (`comment_1`, `comment_2`), comparing names trimmed and in any case, so `Comment` and `comment ` repeat one
 * another too. The renamed copy is what matching and the mapping file see, a name the user never wrote: the
 * run says which column it is in the user's words. A repeat is told from the file's own header line, so a
 * header really named `comment_1` beside `comment` is no repeat.
 *
 * The first copy feeds the field, as the earlier of two headers that match one field equally well does
 * (planColumns); the run warns when a field reads the first and the copies differ, since the other may hold
 * what was meant (docs/ingest.md, "A header name written twice").
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnMatch } from '../mapping/match-columns.ts';
import { identifier } from '../sql/identifier.ts';
import { valueOrNull } from '../validation/build-check-query.ts';
import { stageColumn } from './staged-source.ts';

export interface RepeatedHeader {
  /** The column's header as the reader names it, which a mapping file names it by: `comment_1`. */
  header: string;
  /** The name as the file writes it: `comment`. */
  written: string;
  /** Its position in the file, from 1. */
  column: number;
  /** Which copy of the name it is: 2 for the second. */
  copy: number;
  /** The name's first column, which keeps its name. */
  first: { header: string; written: string; column: number };
}

/** How DuckDB's reader tells two names apart. */
const nameKey = (name: string) => name.trim().toLowerCase();

/**
 * The columns of a header line written as `written` (null for an empty name) that repeat an earlier name,
 * given the reader's names for them (`headers`). None when the two do not line up.
 */
export function findRepeatedHeaders(
  written: readonly (string | null)[],
  headers: readonly string[],
): RepeatedHeader[] {
  if (written.length !== headers.length) return [];
  return headers.flatMap((header, index) => {
    const name = written[index];
    // A copy the reader kept as written would be read by its own name: there is nothing to explain.
    if (!name?.trim() || header === name.trim()) return [];
    const earlier = written
      .slice(0, index)
      .flatMap((other, at) => (other !== null && nameKey(other) === nameKey(name) ? [at] : []));
    const [firstIndex] = earlier;
    const firstHeader = firstIndex === undefined ? undefined : headers[firstIndex];
    if (firstIndex === undefined || firstHeader === undefined) return [];
    const first = {
      header: firstHeader,
      written: written[firstIndex] ?? firstHeader,
      column: firstIndex + 1,
    };
    return [{ header, written: name, column: index + 1, copy: earlier.length + 1, first }];
  });
}

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];

function ordinal(n: number): string {
  const word = ORDINAL_WORDS[n - 1];
  if (word) return word;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * A header as the run lists it among the ignored columns: a repeat with the name the user wrote
 * (`comment_1 (the second "comment")`), so that it can be found in the file; any other as it is.
 */
export function repeatedHeaderLabel(repeats: readonly RepeatedHeader[], header: string): string {
  const repeat = repeats.find((candidate) => candidate.header === header);
  return repeat ? `${header} (the ${ordinal(repeat.copy)} "${repeat.written.trim()}")` : header;
}

/** Of the rows read, how many hold another value in a repeat than in its name's first column. */
export interface RepeatComparison {
  differing: number;
  rows: number;
}

/**
 * Each repeat's values against its first column's, by the repeat's header, as validation reads values
 * (trimmed, blank as none), over the rows that are neither skipped nor rejected by the reader. A repeat whose
 * columns are no longer both staged (a survey export read by question) is left out.
 */
export async function compareRepeatedColumns(
  connection: DuckDBConnection,
  repeats: readonly RepeatedHeader[],
  headers: readonly string[],
): Promise<Map<string, RepeatComparison>> {
  const staged = repeats.flatMap((repeat) => {
    const column = headers.indexOf(repeat.header);
    const first = headers.indexOf(repeat.first.header);
    return column < 0 || first < 0 ? [] : [{ header: repeat.header, column, first }];
  });
  if (staged.length === 0) return new Map();
  const value = (column: number) => valueOrNull(identifier(stageColumn(column)));
  const counts = staged.map(
    ({ column, first }, index) =>
      `count(*) FILTER (WHERE ${value(column)} IS DISTINCT FROM ${value(first)})::INTEGER AS differing_${index}`,
  );
  const reader = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS rows, ${counts.join(', ')}
     FROM ingest_stage WHERE __skip_reason IS NULL AND __reader_error IS NULL`,
  );
  const row = (reader.getRowObjectsJson()[0] ?? {}) as Record<string, number>;
  return new Map(
    staged.map(({ header }, index) => [
      header,
      { differing: row[`differing_${index}`] ?? 0, rows: row.rows ?? 0 },
    ]),
  );
}

function fieldsReading(matches: readonly Pick<ColumnMatch, 'field' | 'header'>[], header: string): string[] {
  return matches.filter((match) => match.header === header).map((match) => match.field);
}

/** What the run says of one repeat, and whether it is a warning. */
function repeatMessage(
  { header, written, column, first }: RepeatedHeader,
  matches: readonly Pick<ColumnMatch, 'field' | 'header'>[],
  comparison: RepeatComparison | undefined,
): { text: string; warning: boolean } {
  const firstName = first.written === written ? '' : ` ("${first.written}")`;
  const read = `column ${column} "${written}" repeats the name of column ${first.column}${firstName}: read as "${header}"`;
  const own = fieldsReading(matches, header);
  if (own.length > 0) return { text: `${read}, which feeds ${own.join(', ')}`, warning: false };
  const mapIt = `(map "${header}" with --mapping to use it)`;
  const firstFields = fieldsReading(matches, first.header);
  if (firstFields.length === 0) return { text: `${read}, which no field reads ${mapIt}`, warning: false };
  const fields = `${firstFields.join(', ')} ${firstFields.length === 1 ? 'is' : 'are'} read from column ${first.column}`;
  if (comparison?.differing === 0) {
    return { text: `${read}, which no field reads; ${fields}, which holds the same values`, warning: false };
  }
  const differ = comparison
    ? `, and the two differ in ${comparison.differing} of ${comparison.rows} ${comparison.rows === 1 ? 'row' : 'rows'}`
    : '';
  return { text: `${read}, which no field reads; ${fields}${differ} ${mapIt}`, warning: true };
}

/**
 * What the run says of each repeat, one sentence each: a warning when the repeat feeds no field but its
 * first copy does and their values differ in some row (or were not compared), since which of the two holds
 * what was meant for that field is not known; otherwise a note.
 */
export function repeatedHeaderMessages(
  repeats: readonly RepeatedHeader[],
  matches: readonly Pick<ColumnMatch, 'field' | 'header'>[],
  comparisons: ReadonlyMap<string, RepeatComparison> = new Map(),
): { notes: string[]; warnings: string[] } {
  const messages = repeats.map((repeat) => repeatMessage(repeat, matches, comparisons.get(repeat.header)));
  return {
    notes: messages.filter((message) => !message.warning).map((message) => message.text),
    warnings: messages.filter((message) => message.warning).map((message) => message.text),
  };
}
