/**
 * Whether a file's header can be one: a name longer than a column's name may be (MAX_HEADER_LENGTH) is data
 * read as a header, as when a binary file, a JSON document or a CSV without line breaks is read as a CSV and
 * its first line, megabytes long, becomes the header. Such a file is refused before any name is matched, with
 * the line the header was read from, instead of failing seconds later for lacking every field.
 */
import { isOverlongHeader, MAX_HEADER_LENGTH } from '../mapping/column-synonyms.ts';
import type { StagedSource } from './staged-source.ts';

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
