import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectEncoding, writeUtf8Copy } from './file-encoding.ts';

const dir = mkdtempSync(join(tmpdir(), 'churnlens-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(bytes: Buffer): string {
  const path = join(dir, `${files++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('detectEncoding', () => {
  it('reads a file without a byte-order mark or foreign bytes as UTF-8', async () => {
    expect(await detectEncoding(file(Buffer.from('id,text\n1,Zu teuer für uns\n')), 'csv')).toBeUndefined();
  });

  it('recognises UTF-16 by its byte-order mark, in JSON too', async () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"id":1}', 'utf16le')]);
    const big = Buffer.from(little).swap16();
    expect((await detectEncoding(file(little), 'ndjson'))?.encoding).toBe('utf-16le');
    expect((await detectEncoding(file(big), 'csv'))?.encoding).toBe('utf-16be');
  });

  it('takes a CSV that is not UTF-8 and holds no UTF-8 character for Windows-1252', async () => {
    expect(await detectEncoding(file(ascii('id,text\n1,caf\xe9 10\x80\n')), 'csv')).toEqual({
      encoding: 'windows-1252',
      reason: 'it is not UTF-8 and holds no UTF-8 character',
    });
  });

  it('keeps a CSV with UTF-8 characters and some broken bytes as UTF-8, so those rows are rejected', async () => {
    const bytes = Buffer.concat([Buffer.from('id,text\n1,für\n2,'), Buffer.from([0xe9, 0xff, 0x0a])]);
    expect(await detectEncoding(file(bytes), 'csv')).toBeUndefined();
  });

  it('finds a UTF-8 character split between two chunks of the read', async () => {
    // 64 KiB is the read's chunk size: é (C3 A9) starts on its last byte.
    const bytes = Buffer.concat([Buffer.alloc(65_535, 0x61), Buffer.from('é'), Buffer.from([0x0a, 0xff])]);
    expect(await detectEncoding(file(bytes), 'csv')).toBeUndefined();
  });

  it('does not guess Windows-1252 for JSON, which is UTF-8 by definition, nor read Parquet', async () => {
    expect(await detectEncoding(file(ascii('{"text":"caf\xe9"}\n')), 'ndjson')).toBeUndefined();
    expect(await detectEncoding(file(Buffer.from([0xff, 0xfe, 0x50])), 'parquet')).toBeUndefined();
  });
});

describe('writeUtf8Copy', () => {
  it('writes the text as UTF-8 without the byte-order mark, line for line', async () => {
    const from = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\r\nñ 😀\n', 'utf16le')]));
    const to = join(dir, 'copy.csv');
    await writeUtf8Copy(from, to, 'utf-16le');
    expect(readFileSync(to, 'utf8')).toBe('a\r\nñ 😀\n');
  });
});
