import { describe, expect, it } from 'vitest';
import { uploadDisplayName, uploadStorageName } from './upload-file-name.ts';

describe('uploadDisplayName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system.ini', 'system.ini'],
    ['/abs/path/cancellations.csv', 'cancellations.csv'],
    ['..', 'upload'],
    ['.hidden.csv', 'hidden.csv'],
    ['evil\u0000name\n.csv', 'evilname.csv'],
    ['', 'upload'],
    [undefined, 'upload'],
    ['March export (final).csv', 'March export (final).csv'],
  ])('turns %j into %j', (input, expected) => {
    expect(uploadDisplayName(input)).toBe(expected);
  });

  it('caps very long names', () => {
    expect(uploadDisplayName(`${'a'.repeat(500)}.csv`)).toHaveLength(200);
  });
});

describe('uploadStorageName', () => {
  it('keeps only a known ingest extension, lower-cased', () => {
    expect(uploadStorageName(1, 'cancellations.CSV')).toBe('upload-1.csv');
    expect(uploadStorageName(2, 'offers.parquet')).toBe('upload-2.parquet');
    expect(uploadStorageName(3, 'payload.sh')).toBe('upload-3');
    expect(uploadStorageName(4, 'README')).toBe('upload-4');
    expect(uploadStorageName(5, 'exports.zip')).toBe('upload-5.zip');
  });

  it("keeps a compressed file's inner extension before .gz, and .gz alone when the inner one is unknown", () => {
    expect(uploadStorageName(1, 'cancellations.csv.gz')).toBe('upload-1.csv.gz');
    expect(uploadStorageName(2, 'events.NDJSON.GZ')).toBe('upload-2.ndjson.gz');
    expect(uploadStorageName(3, 'dump.sql.gz')).toBe('upload-3.gz');
  });
});
