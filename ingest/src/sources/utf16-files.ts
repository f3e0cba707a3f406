/**
 * Files saved as UTF-16 (Excel's "Unicode Text", some Windows exports) are read through a UTF-8 copy:
 * DuckDB's readers take UTF-8, and its CSV reader's own `encoding = 'utf-16'` refused a file with a
 * little-endian byte-order mark and misread a big-endian one (DuckDB 1.5). The copy keeps every line where
 * it was, so rejected rows are reported at the lines of the original.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export type Utf16Encoding = 'utf-16le' | 'utf-16be';

/** The UTF-16 encoding a file's byte-order mark names, if it starts with one. */
export async function utf16EncodingOf(path: string): Promise<Utf16Encoding | undefined> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    if (bytesRead < 2) return undefined;
    if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
    if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
    return undefined;
  } finally {
    await file.close();
  }
}

/** Writes the UTF-16 file `from` to `to` as UTF-8, without the byte-order mark. */
export async function writeUtf8Copy(from: string, to: string, encoding: Utf16Encoding): Promise<void> {
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
