import { describe, expect, it } from 'vitest';
import { formatFromContent, isJsonArray, unreadableDocument } from './detect-format.ts';

describe('formatFromContent', () => {
  it.each([
    { title: 'Parquet by its magic number', head: 'PAR1\u0015\u0004', format: 'parquet' },
    { title: 'a JSON array', head: '  [{"id": 1}]', format: 'json' },
    {
      title: 'a pretty-printed JSON document',
      head: '{\n  "object": "list",\n  "data": []\n}',
      format: 'json',
    },
    { title: 'one JSON object per line', head: '{"id":1}\n{"id":2}\n', format: 'ndjson' },
    { title: 'CSV with a byte order mark', head: '\uFEFFid;name\n1;a\n', format: 'csv' },
  ])('recognises $title', ({ head, format }) => {
    expect(formatFromContent(Buffer.from(head))).toBe(format);
  });
});

describe('isJsonArray', () => {
  it('takes a file opening with a bracket behind a byte-order mark and blank lines for an array', () => {
    expect(isJsonArray(Buffer.from('\uFEFF\r\n  [{"id": 1}]'))).toBe(true);
    expect(isJsonArray(Buffer.from('{"data": [{"id": 1}]}'))).toBe(false);
  });
});

describe('unreadableDocument', () => {
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
  it('names a spreadsheet it does not read and says to save it as .xlsx or CSV', () => {
    expect(unreadableDocument(zip, '.ods')).toBe(
      'it is an OpenDocument spreadsheet, which churnlens does not read: save the sheet as .xlsx or CSV UTF-8 and ingest that',
    );
    expect(unreadableDocument(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]), '.csv')).toMatch(
      /^it is an Excel 97-2003 workbook \(\.xls\)/,
    );
  });

  it('names other documents and passes data through', () => {
    expect(unreadableDocument(zip, '')).toMatch(/^it is a ZIP archive/);
    expect(unreadableDocument(Buffer.from('%PDF-1.7'), '.csv')).toMatch(/^it is a PDF document/);
    expect(unreadableDocument(Buffer.from('id,name\n'), '.csv')).toBeUndefined();
    expect(unreadableDocument(Buffer.from('PAR1'), '')).toBeUndefined();
  });
});
