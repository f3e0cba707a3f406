import { describe, expect, it } from 'vitest';
import { formatFromContent } from './detect-format.ts';

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
