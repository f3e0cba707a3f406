/**
 * What to tell the user when DuckDB cannot read a JSON document (an array of records, or one object). DuckDB
 * reads such a document whole, so one syntax error stops the file, and its message ("at byte 103 in
 * record/value 3") counts neither lines nor records. The document is parsed again here, only on that failure
 * path, to name the line and column, and to tell a file cut off while still being written from a broken one.
 */
import { readFile, stat } from 'node:fs/promises';

/** Larger documents are not parsed again (a string that long costs memory); DuckDB's message is kept. */
const REPARSE_LIMIT_BYTES = 64 * 1024 * 1024;

const WHOLE_DOCUMENT =
  'a JSON document is read whole, so none of its records was loaded (NDJSON, one record per line, has only a broken record rejected)';

/** V8's "… in JSON at position 562" (Node 20 adds no line of its own). */
const POSITION = /\s*in JSON at position (\d+).*$/;

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: position - lineStart + 1 };
}

/**
 * Why `text` is no JSON document, in words that name where, or undefined when it parses. A syntax error at its
 * very end means the file stops before the document closes: it was cut off.
 */
export function describeJsonSyntaxError(text: string): string | undefined {
  const body = text.replace(/^\uFEFF/, '');
  try {
    JSON.parse(body);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(POSITION.exec(message)?.[1] ?? body.length);
    const { line } = lineAndColumn(body, Math.min(position, body.length));
    if (position >= body.trimEnd().length || /end of JSON input|Unterminated string/.test(message)) {
      return `the file ends before its JSON document closes (line ${line}): it was cut off, perhaps while still being written (ingest it again once it is complete); ${WHOLE_DOCUMENT}`;
    }
    const { column } = lineAndColumn(body, position);
    const reason = message.replace(POSITION, '');
    return `line ${line}, column ${column}: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}; ${WHOLE_DOCUMENT}`;
  }
}

/** describeJsonSyntaxError of the file at `path`, or undefined when it is too large to parse again or parses. */
export async function describeMalformedJsonFile(path: string): Promise<string | undefined> {
  if ((await stat(path)).size > REPARSE_LIMIT_BYTES) return undefined;
  return describeJsonSyntaxError(await readFile(path, 'utf8'));
}
