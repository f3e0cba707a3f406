import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, RecordScanner, rowStartLines } from './record-lines.ts';

const QUOTE = 0x22;
const index = (text: string, chunkSize = 3) => {
  const scanner = new RecordScanner(QUOTE);
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += chunkSize)
    scanner.push(bytes.subarray(start, start + chunkSize));
  return scanner.finish();
};

describe('record lines', () => {
  it('starts a record after every newline outside quotes, across chunk boundaries', () => {
    const records = index('a,b\n1,"x\ny"\n\n2,z\r\n3,w\n');
    expect(records.startLines).toEqual([1, 2, 4, 5, 6, 7]);
    expect(records.blank).toEqual([false, false, true, false, false, true]);
  });

  it('gives the line of each row DuckDB returns, skipping header, blank and rejected records', () => {
    const records = index('h\n1\n"multi\nline"\n\n4\n5\n6\n');
    // Records: 1 header, 2 "1", 3 multi-line, 4 blank, 5 "4", 6 "5" (rejected), 7 "6".
    expect(rowStartLines(records, 1, new Set([6]))).toEqual([2, 3, 6, 8]);
  });

  it('treats a file without quoting as one record per line', () => {
    const scanner = new RecordScanner(null);
    scanner.push(Buffer.from('{"a":"\\""}\n\n{"b":1}\n'));
    expect(rowStartLines(scanner.finish(), 0, new Set())).toEqual([1, 3]);
  });
});

describe('findInvalidUtf8', () => {
  it('names the record and field holding bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b,c\n1,"ok, fine",ü\n2,'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(',3\n3,x,'),
      Buffer.from([0xc0, 0xaf]), // an overlong encoding of "/"
      Buffer.from('\n'),
    ]);
    expect(findInvalidUtf8(bytes, QUOTE, 0x2c)).toEqual([
      { record: 3, field: 1 },
      { record: 4, field: 2 },
    ]);
  });

  it('accepts valid multi-byte text', () => {
    expect(findInvalidUtf8(Buffer.from('ʤ,日本,😀\n'), QUOTE, 0x2c)).toEqual([]);
  });
});
