import { describe, expect, it } from 'vitest';
import { readRunId, uploadTooLarge } from './ingest-data.ts';

describe('readRunId', () => {
  it('reads a positive run id', () => {
    expect(readRunId(new URLSearchParams('run=42'))).toBe(42);
  });

  it('ignores anything that is not a run id', () => {
    for (const value of ['0', '-3', '1.5', 'abc', ''])
      expect(readRunId(new URLSearchParams({ run: value }))).toBeNull();
    expect(readRunId(new URLSearchParams())).toBeNull();
  });
});

describe('uploadTooLarge', () => {
  const MiB = 1024 * 1024;

  it('lets files through that fit the limit together, or when the limit is unknown', () => {
    expect(uploadTooLarge([200 * MiB, 312 * MiB], 512 * MiB)).toBeNull();
    expect(uploadTooLarge([900 * MiB], null)).toBeNull();
  });

  it('says how large the files are together and what the server takes', () => {
    expect(uploadTooLarge([300 * MiB, 300 * MiB], 512 * MiB)).toBe(
      'These 2 files are 600 MiB, more than the server takes in one upload (512 MiB): upload fewer at a time, compress them (.csv.gz or .zip), or use churnlens ingest --server, which splits them.',
    );
    expect(uploadTooLarge([1.5 * 1024 * MiB], 512 * MiB)).toMatch(/^This file is 1.5 GiB, more than/);
  });
});
