/**
 * A CSV header that repeats a name (`…,comment,comment`). DuckDB's reader renames every copy after the first
 * (`comment_1`, `comment_2`), comparing names trimmed and in any case, so `Comment` and `comment ` repeat one
 * another too. The renamed copy is what matching and the mapping file see, a name the user never wrote: the
 * run says which column it is in the user's words. A repeat is told from the file's own header line, so a
 * header really named `comment_1` beside `comment` is no repeat; after `comment,comment` it is renamed in turn
 * (`comment_1_1`), its name taken by the repeat, and the run says that too.
 *
 * The first copy feeds the field, as the earlier of two headers that match one field equally well does
 * (planColumns); the run warns when a field reads the first and the copies differ, since the other may hold
 * what was meant (docs/ingest.md, "A header name written twice").
 *
 * A header cell left blank (spreadsheets export `…,outcome,,,` after the last column) is renamed too:
 * `column12`, after its place from 0. Such a column is listed by that name and its place in the file, unless
 * no row holds a value in it either, when it holds nothing to ignore and is left out of the list.
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

/** A column that repeats no name, renamed because a repeat was given its name (`comment_1` → `comment_1_1`). */
export interface DisplacedHeader {
  header: string;
  written: string;
  column: number;
  /** The repeat read by the name the file gives this column. */
  takenBy: RepeatedHeader;
}

/** A column whose header cell is blank, which the reader names `column12`. */
export interface UnnamedHeader {
  header: string;
  /** Its position in the file, from 1. */
  column: number;
  unnamed: true;
}

/** A column the reader names otherwise than the file does. */
export type RenamedHeader = RepeatedHeader | DisplacedHeader | UnnamedHeader;

const isRepeat = (renamed: RenamedHeader): renamed is RepeatedHeader => 'first' in renamed;
const isUnnamed = (renamed: RenamedHeader): renamed is UnnamedHeader => 'unnamed' in renamed;

/** How DuckDB's reader tells two names apart. */
const nameKey = (name: string) => name.trim().toLowerCase();

/** The column at `index` when its name repeats an earlier one's. */
function repeatAt(
  written: readonly (string | null)[],
  headers: readonly string[],
  index: number,
): RepeatedHeader | undefined {
  const name = written[index] ?? '';
  const header = headers[index] ?? '';
  const earlier = written
    .slice(0, index)
    .flatMap((other, at) => (other !== null && nameKey(other) === nameKey(name) ? [at] : []));
  const [firstIndex] = earlier;
  const firstHeader = firstIndex === undefined ? undefined : headers[firstIndex];
  if (firstIndex === undefined || firstHeader === undefined) return undefined;
  const first = { header: firstHeader, written: written[firstIndex] ?? firstHeader, column: firstIndex + 1 };
  return { header, written: name, column: index + 1, copy: earlier.length + 1, first };
}

/**
 * The columns of a header line written as `written` (null for an empty name) that the reader renamed, given
 * its names for them (`headers`): those that repeat an earlier name, and those whose name a repeat was given.
 * None when the two do not line up.
 */
export function findRenamedHeaders(
  written: readonly (string | null)[],
  headers: readonly string[],
): RenamedHeader[] {
  if (written.length !== headers.length) return [];
  // A column the reader kept as written is read by its own name: there is nothing to explain.
  const renamed = headers.flatMap((header, index) => {
    const name = written[index]?.trim();
    return name && header !== name ? [index] : [];
  });
  const repeats = renamed.flatMap((index) => repeatAt(written, headers, index) ?? []);
  const displaced = renamed.flatMap((index): DisplacedHeader[] => {
    const name = written[index] ?? '';
    const takenBy = repeats.find((repeat) => nameKey(repeat.header) === nameKey(name));
    if (!takenBy || repeats.some((repeat) => repeat.column === index + 1)) return [];
    return [{ header: headers[index] ?? '', written: name, column: index + 1, takenBy }];
  });
  const unnamed = headers.flatMap((header, index): UnnamedHeader[] =>
    written[index]?.trim() ? [] : [{ header, column: index + 1, unnamed: true }],
  );
  return [...repeats, ...displaced, ...unnamed].sort((a, b) => a.column - b.column);
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
 * A header as the run lists it among the ignored columns: a renamed one with the name the user wrote, so that
 * it can be found in the file (`comment_1 (the second "comment")`, `comment_1_1 (the "comment_1" of column
 * 14)`); any other as it is.
 */
export function renamedHeaderLabel(renamed: readonly RenamedHeader[], header: string): string {
  const column = renamed.find((candidate) => candidate.header === header);
  if (!column) return header;
  if (isUnnamed(column)) return `${header} (column ${column.column}, which has no header)`;
  if (!isRepeat(column)) return `${header} (the "${column.written.trim()}" of column ${column.column})`;
  return `${header} (the ${ordinal(column.copy)} "${column.written.trim()}")`;
}

/**
 * The columns with a blank header cell that hold no value in any staged row either (UnnamedHeader), by the
 * reader's name for them: one pass over those columns only, none without them. One no longer staged (a
 * survey export read by question) is left out.
 */
export async function emptyUnnamedColumns(
  connection: DuckDBConnection,
  renamed: readonly RenamedHeader[],
  headers: readonly string[],
): Promise<Set<string>> {
  const staged = renamed
    .filter(isUnnamed)
    .flatMap(({ header }) => (headers.includes(header) ? [{ header, column: headers.indexOf(header) }] : []));
  if (staged.length === 0) return new Set();
  const counts = staged.map(
    ({ column }, index) =>
      `count(${valueOrNull(identifier(stageColumn(column)))})::INTEGER AS filled_${index}`,
  );
  const reader = await connection.runAndReadAll(`SELECT ${counts.join(', ')} FROM ingest_stage`);
  const row = (reader.getRowObjectsJson()[0] ?? {}) as Record<string, number>;
  return new Set(staged.filter((_, index) => row[`filled_${index}`] === 0).map(({ header }) => header));
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
  renamed: readonly RenamedHeader[],
  headers: readonly string[],
): Promise<Map<string, RepeatComparison>> {
  const staged = renamed.filter(isRepeat).flatMap((repeat) => {
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

/** What the run says of a column whose name a repeat was given: a mapping naming it reads the repeat. */
function displacedMessage({ header, written, column, takenBy }: DisplacedHeader): string {
  return (
    `column ${column} "${written}" is read as "${header}": the ${ordinal(takenBy.copy)} "${takenBy.written.trim()}" ` +
    `(column ${takenBy.column}) is read as "${takenBy.header}"`
  );
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
 * What the run says of each renamed column, one sentence each: a warning when a repeat feeds no field but its
 * first copy does and their values differ in some row (or were not compared), since which of the two holds
 * what was meant for that field is not known; otherwise a note.
 */
export function renamedHeaderMessages(
  renamed: readonly RenamedHeader[],
  matches: readonly Pick<ColumnMatch, 'field' | 'header'>[],
  comparisons: ReadonlyMap<string, RepeatComparison> = new Map(),
): { notes: string[]; warnings: string[] } {
  const messages = renamed.flatMap((column) => {
    if (isUnnamed(column)) return [];
    return isRepeat(column)
      ? [repeatMessage(column, matches, comparisons.get(column.header))]
      : [{ text: displacedMessage(column), warning: false }];
  });
  return {
    notes: messages.filter((message) => !message.warning).map((message) => message.text),
    warnings: messages.filter((message) => message.warning).map((message) => message.text),
  };
}
