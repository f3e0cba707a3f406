/**
 * Whether a file's header can be one: a name longer than a column's name may be (MAX_HEADER_LENGTH) is data
 * read as a header, as when a binary file, a JSON document or a CSV without line breaks is read as a CSV and
 * its first line, megabytes long, becomes the header. Such a file is refused before any name is matched, with
 * the line the header was read from, instead of failing seconds later for lacking every field. So is a CSV
 * whose first line would split into more fields than any export has columns (MAX_HEADER_FIELDS), before
 * DuckDB's sniffer sees it.
 */
import { isOverlongHeader, MAX_HEADER_LENGTH } from '../mapping/column-synonyms.ts';
import type { StagedSource } from './staged-source.ts';

/**
 * At most this many fields in a CSV's first line. Survey exports with a column per question reach hundreds,
 * so this is far above any export; DuckDB's sniffer, given a line of 500,000 short fields (1 MB of "a,"), did
 * not finish in a minute, and 10 MB of them ran it out of memory at 18.8 GiB.
 */
export const MAX_HEADER_FIELDS = 10_000;

/** A first line longer than this, without a line break, is no header row (a header of 10,000 names fits). */
export const MAX_FIRST_LINE_BYTES = 1024 * 1024;

/** The delimiters DuckDB's sniffer tries: comma, semicolon, tab, pipe. */
const DELIMITER_BYTES = [0x2c, 0x3b, 0x09, 0x7c];

/** Characters of an overlong name the message shows, enough to tell a JSON document from binary bytes. */
const SHOWN_CHARACTERS = 20;

const count = (value: number) => value.toLocaleString('en-US');

/** Why the staged file's header is no header, or undefined when each of its names fits. */
export function overlongHeaderProblem(
  staged: Pick<StagedSource, 'format' | 'headers' | 'linesAboveHeader'>,
): string | undefined {
  const overlong = staged.headers.find(isOverlongHeader);
  if (overlong === undefined) return undefined;
  const shown = `${JSON.stringify(overlong.slice(0, SHOWN_CHARACTERS)).slice(0, -1)}…"`;
  const name = `(${shown}) is ${count(overlong.length)} characters long, and a column name may have at most ${count(MAX_HEADER_LENGTH)}`;
  if (staged.format !== 'csv') return `a column name ${name}`;
  const line = (staged.linesAboveHeader ?? 0) + 1;
  return (
    `line ${line} is not a header: a column name in it ${name} ` +
    '(a binary file, a JSON document or a CSV without line breaks read as CSV has such a line)'
  );
}

/**
 * Why the first line of a CSV file, given as its first bytes (at least MAX_FIRST_LINE_BYTES + 1 of them when
 * the file has that many), can be no header: longer than MAX_FIRST_LINE_BYTES, or more than
 * MAX_HEADER_FIELDS fields for one of the delimiters. Undefined when it can be one.
 */
export function firstLineProblem(head: Uint8Array): string | undefined {
  const end = head.indexOf(0x0a);
  if (end < 0 && head.length > MAX_FIRST_LINE_BYTES) {
    return `line 1 is not a header: it runs past ${count(MAX_FIRST_LINE_BYTES)} bytes without a line break (a binary file, a JSON document or a CSV without line breaks read as CSV has such a line)`;
  }
  const line = end < 0 ? head : head.subarray(0, end);
  for (const delimiter of DELIMITER_BYTES) {
    let fields = 1;
    for (const byte of line) if (byte === delimiter) fields += 1;
    if (fields > MAX_HEADER_FIELDS) {
      const shown = delimiter === 0x09 ? 'tab' : `"${String.fromCharCode(delimiter)}"`;
      return `line 1 is not a header: it splits into ${count(fields)} fields at ${shown}, and a file may have at most ${count(MAX_HEADER_FIELDS)} columns`;
    }
  }
  return undefined;
}
