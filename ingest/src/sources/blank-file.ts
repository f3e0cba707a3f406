/**
 * Whether a file holds no text at all, before any reader sees it. DuckDB's readers say nothing useful about
 * such a file: its CSV sniffer fails on a lone byte-order mark with a message about its header option, and
 * reads a file of blank lines as one column named column0.
 */
import { createReadStream } from 'node:fs';
import { byteOrderMarkAt } from './file-encoding.ts';

/** Space, tab, line feed, carriage return; and the zero byte that pairs with each in UTF-16. */
const BLANK_BYTES = new Set([0x20, 0x09, 0x0a, 0x0d, 0x00]);

/**
 * Why the file holds no records, when it holds no text: it is empty, or holds only a byte-order mark and
 * blank lines. Reading stops at the first other byte, so a file with data costs one small read.
 */
export async function blankFileProblem(path: string): Promise<string | undefined> {
  let size = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    const start = first ? (byteOrderMarkAt(bytes)?.bytes.length ?? 0) : 0;
    first = false;
    for (let index = start; index < bytes.length; index++) {
      if (!BLANK_BYTES.has(bytes[index] as number)) return undefined;
    }
  }
  return size === 0 ? 'the file is empty' : 'the file holds no text, only blank lines or a byte-order mark';
}
