/**
 * The character encoding of a text file, and a UTF-8 copy of one that is not UTF-8: DuckDB's readers take
 * UTF-8, and its CSV reader's own `encoding = 'utf-16'` refused a file with a little-endian byte-order mark
 * and misread a big-endian one (DuckDB 1.5). A copy keeps every line where it was, so rejected rows are
 * reported at the lines of the original.
 *
 * - UTF-16 is recognised by its byte-order mark (Excel's "Unicode Text", some Windows exports).
 * - A CSV file that is not valid UTF-8 and holds no UTF-8 character at all is taken for Windows-1252
 *   (Excel's "CSV" on Windows in Western Europe and the Americas; a superset of Latin-1). One that does hold
 *   UTF-8 characters is UTF-8 with some broken bytes, and its rows with those bytes are rejected.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { isValidUtf8File, utf8SequenceLength } from './record-lines.ts';
import type { SourceFormat } from './staged-source.ts';

/** The encodings read besides UTF-8. */
export type FileEncoding = 'utf-16le' | 'utf-16be' | 'windows-1252';

const BYTE_ORDER_MARKS = [
  { encoding: 'utf-8', bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
  { encoding: 'utf-16le', bytes: Buffer.from([0xff, 0xfe]) },
  { encoding: 'utf-16be', bytes: Buffer.from([0xfe, 0xff]) },
] as const;

/** The byte-order mark `start` begins with, if any. */
export function byteOrderMarkAt(start: Uint8Array): (typeof BYTE_ORDER_MARKS)[number] | undefined {
  return BYTE_ORDER_MARKS.find((mark) =>
    Buffer.from(start.subarray(0, mark.bytes.length)).equals(mark.bytes),
  );
}

async function byteOrderMark(path: string): Promise<'utf-8' | 'utf-16le' | 'utf-16be' | undefined> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(3), 0, 3, 0);
    return byteOrderMarkAt(buffer.subarray(0, bytesRead))?.encoding;
  } finally {
    await file.close();
  }
}

/** Whether one of `bytes` before `end` starts a well-formed multi-byte UTF-8 character. */
function startsUtf8Character(bytes: Buffer, end: number): boolean {
  for (let index = 0; index < end; index++) {
    if ((bytes[index] as number) >= 0x80 && utf8SequenceLength(bytes, index) > 1) return true;
  }
  return false;
}

/** Whether the file holds at least one well-formed multi-byte UTF-8 character. */
async function holdsUtf8Characters(path: string): Promise<boolean> {
  // The last 3 bytes of a chunk may start a character that ends in the next one: they are read with it.
  let carried = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    const bytes = Buffer.concat([carried, chunk as Buffer]);
    const checked = Math.max(bytes.length - 3, 0);
    if (startsUtf8Character(bytes, checked)) return true;
    carried = bytes.subarray(checked);
  }
  return startsUtf8Character(carried, carried.length);
}

/** An encoding other than UTF-8, and why the file was taken to be in it. */
export interface EncodingChoice {
  encoding: FileEncoding;
  reason: string;
}

/**
 * The file's encoding when it is not UTF-8. JSON is UTF-8 unless it has a UTF-16 byte-order mark, and
 * Parquet has no text encoding to read. `isValidUtf8` reads the whole file, and only for a CSV without a
 * byte-order mark: a caller that keeps its answer need not read the file again.
 */
export async function detectEncoding(
  path: string,
  format: SourceFormat,
  isValidUtf8: () => Promise<boolean> = () => isValidUtf8File(path),
): Promise<EncodingChoice | undefined> {
  if (format === 'parquet') return undefined;
  const marked = await byteOrderMark(path);
  if (marked === 'utf-16le' || marked === 'utf-16be') {
    return { encoding: marked, reason: 'it starts with a UTF-16 byte-order mark' };
  }
  if (format !== 'csv' || (await isValidUtf8()) || (await holdsUtf8Characters(path))) return undefined;
  return { encoding: 'windows-1252', reason: 'it is not UTF-8 and holds no UTF-8 character' };
}

/** Writes the file `from`, in `encoding`, to `to` as UTF-8 without a byte-order mark. */
export async function writeUtf8Copy(from: string, to: string, encoding: FileEncoding): Promise<void> {
  const decoder = new TextDecoder(encoding);
  await pipeline(
    createReadStream(from),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
      yield decoder.decode();
    },
    createWriteStream(to),
  );
}
